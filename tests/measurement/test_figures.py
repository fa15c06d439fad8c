"""What pages read: a card's figure is the latest complete period; a partial one is announced
with its coverage and feeds no trend, forecast or distance to a target."""

from decimal import Decimal

import pytest
from django.utils import translation

from commun.measurement.aggregation import rebuild
from commun.measurement.coverage import Coverage, partial_periods
from commun.measurement.forecast import forecast
from commun.measurement.headlines import headlines
from commun.measurement.models import Indicator, Target
from commun.measurement.target_history import target_history
from tests.measurement.factories import indicator, observe, territory_tree


@pytest.fixture
def reported(initiative):
    """ "served" is reported by three partners; 2024 and 2025 are complete, 2026 is not."""
    from commun.initiatives.models import Partner

    places = territory_tree(initiative)
    partners = list(Partner.objects.filter(initiative=initiative, left_on=None).order_by("pk")[:3])
    served = indicator(initiative, "served", "sum")
    served.reporting_partners.add(*partners)
    for period, values in (("2024", (100, 100, 100)), ("2025", (80, 80, 80)), ("2026", (10,))):
        for partner, value in zip(partners, values, strict=False):
            observe(served, places["a"], value, partner, period=period)
    rebuild(served, ["2024", "2025", "2026"])
    return {"places": places, "partners": partners, "served": served}


def test_a_card_shows_the_latest_complete_period_and_announces_the_partial_one(reported):
    served, city = reported["served"], reported["places"]["city"]
    Target.objects.create(indicator=served, period="2026", value=250)
    [card] = headlines([served], city, "approved")
    assert (card.period, card.value, card.partial) == ("2025", 240, False)
    assert (card.previous_period, card.previous) == ("2024", 300)
    assert card.trend == "worse"  # 300 → 240, both complete; not 240 → 10
    assert card.gap == -10  # from the complete figure, to the 2026 target
    assert (card.pending.period, card.pending.value) == ("2026", 10)
    assert card.pending.coverage == Coverage(1, 3)


def test_a_card_with_no_complete_period_is_marked_partial_without_trend_or_gap(reported):
    served, city = reported["served"], reported["places"]["city"]
    Target.objects.create(indicator=served, period="2027", value=250)
    served.observations.exclude(period="2026").delete()
    rebuild(served, ["2024", "2025"])
    [card] = headlines([served], city, "approved")
    assert (card.period, card.value, card.partial, card.coverage) == (
        "2026",
        10,
        True,
        Coverage(1, 3),
    )
    assert (card.trend, card.gap, card.pending) == ("same", None, None)


def test_once_every_partner_has_reported_the_period_is_the_headline(reported):
    served, places = reported["served"], reported["places"]
    for partner in reported["partners"][1:]:
        observe(served, places["a"], 10, partner, period="2026")
    rebuild(served, ["2026"])
    [card] = headlines([served], places["city"], "approved")
    assert (card.period, card.value, card.previous, card.pending) == ("2026", 30, 240, None)
    assert partial_periods(served, ["2024", "2025", "2026"], "approved") == {}


def test_a_ratio_is_partial_when_its_numerator_is(initiative, reported):
    served = reported["served"]
    whole = indicator(initiative, "whole", "sum")  # reported by the backbone: always complete
    for period in ("2024", "2025", "2026"):
        observe(whole, reported["places"]["a"], 1000, period=period)
    rebuild(whole, ["2024", "2025", "2026"])
    share = indicator(
        initiative,
        "share",
        Indicator.Aggregation.RATIO,
        unit=Indicator.Unit.PERCENT,
        numerator=served,
        denominator=whole,
    )
    rebuild(served, ["2024", "2025", "2026"])
    [card] = headlines([share], reported["places"]["city"], "approved")
    assert (card.period, card.value, card.pending.period) == ("2025", 24, "2026")


def test_the_coverage_is_said_with_the_right_plural_in_each_language():
    sentences = {}
    for language in ("fr", "en"):
        with translation.override(language):
            sentences[language] = [Coverage(n, 25).sentence for n in (0, 1, 12)]
            sentences[language].append(Coverage(0, 1).sentence)
    assert sentences["en"] == [
        "None of the 25 partners expected has reported yet",
        "1 of 25 partners has reported",
        "12 of 25 partners have reported",
        "The partner expected has not reported yet",
    ]
    assert sentences["fr"] == [
        "Aucun des 25 partenaires attendus n'a encore transmis ses données",
        "1 partenaire sur 25 a transmis ses données",
        "12 partenaires sur 25 ont transmis leurs données",
        "Le partenaire attendu n'a pas encore transmis ses données",
    ]


def test_the_forecast_leaves_partial_periods_out_and_follows_time():
    points = [("2021", 10), ("2022", 12), ("2024", 16), ("2025", 1)]
    # 2023 is missing: 2024 is two years after 2022, so the slope is 2 a year, not 3 a step.
    line = forecast(points, "year", horizon=1, partial={"2025"})
    assert line == [("2024", 16.0), ("2025", pytest.approx(18.0))]
    assert forecast(points, "year", partial={"2024", "2025"}) == []  # two points are not a trend


def test_changes_to_targets_are_kept_with_who_made_them(initiative, people):
    from simple_history.utils import update_change_reason  # noqa: F401 (history is installed)

    served = indicator(initiative, "kept", "sum")
    target = Target.objects.create(indicator=served, period="2027", value=Decimal(100))
    target.value, target.note_fr = Decimal(120), "Cible révisée"
    target.save()
    target.delete()
    kinds = [(c.kind, c.period, c.value, c.changed) for c in target_history(served)]
    assert kinds == [
        ("-", "2027", 120, []),
        ("~", "2027", 120, ["value", "note_fr"]),
        ("+", "2027", 100, []),
    ]


def test_the_partner_counts_kept_with_the_figures_are_those_the_values_give(reported):
    """`partial_cells` reads partner counts kept by `rebuild`, and the migration that brought
    them counts the values already stored the same way."""
    import importlib

    from django.apps import apps

    from commun.measurement.models import PartnersReported

    served, places, partners = reported["served"], reported["places"], reported["partners"]
    observe(served, places["b"], 5, partners[1], period="2026", status="submitted")
    observe(served, places["b"], 5, partners[2], period="2026", status="returned")
    observe(served, places["b"], 7, None, period="2026")  # the backbone's own: no partner
    rebuild(served, ["2026"])

    def kept():
        return {
            (period, scope): n
            for period, scope, n in PartnersReported.objects.filter(indicator=served).values_list(
                "period", "scope", "partners"
            )
        }

    expected = {
        ("2024", "approved"): 3,
        ("2024", "all"): 3,
        ("2025", "approved"): 3,
        ("2025", "all"): 3,
        ("2026", "approved"): 1,
        ("2026", "all"): 2,
    }
    assert kept() == expected
    assert partial_periods(served, ["2026"], "all") == {"2026": Coverage(2, 3)}

    PartnersReported.objects.all().delete()
    migration = importlib.import_module(
        "commun.measurement.migrations.0018_partners_reported_and_figures_pending"
    )
    migration.count_partners_reported(apps, None)
    assert kept() == expected
