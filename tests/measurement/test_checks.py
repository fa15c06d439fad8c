"""What a person is told when a value is refused: things named by their names, not codes."""

from decimal import Decimal

import pytest
from django.utils import translation

from commun.initiatives.models import Partner
from commun.measurement.checks import EntryRejected, EntryRow
from commun.measurement.entry import save_observations
from commun.measurement.entry_forms import EntryGridForm
from commun.measurement.models import Dimension, Indicator, Observation
from tests.measurement.factories import gender, indicator, observe, territory_tree


@pytest.fixture
def place_and_partner(initiative):
    places = territory_tree(initiative)
    return places["a"], Partner.objects.filter(initiative=initiative).order_by("pk").first()


def save(partner, territory, rows):
    return save_observations(
        partner=partner,
        period="2025",
        territory=territory,
        rows=rows,
        by=None,
        provenance="form",
        status="submitted",
    )


def test_a_breakdown_the_indicator_does_not_have_is_named_by_its_categories(
    initiative, place_and_partner
):
    place, partner = place_and_partner
    served = indicator(initiative, "chk-served", "sum", name_fr="Personnes servies")
    served.dimensions.add(gender(initiative))
    age = Dimension.objects.get(initiative=initiative, code="age")
    served_by_age = age.categories.get(code="0-17").name_fr
    rows = [
        EntryRow(served, "age=0-17;gender=f", Decimal(1), "row 1"),
        EntryRow(served, "gender=zz", Decimal(1), "row 2"),  # no such category: shown as it is
    ]
    with pytest.raises(EntryRejected) as rejected, translation.override("fr"):
        save(partner, place, rows)
    assert [p.message for p in rejected.value.problems] == [
        f"« {served_by_age} · Femmes » n'est pas une ventilation de l'indicateur "
        "Personnes servies.",
        "« gender=zz » n'est pas une ventilation de l'indicateur Personnes servies.",
    ]


def test_a_share_sent_back_as_it_was_stored_with_its_numerator_and_denominator_is_unchanged(
    initiative, place_and_partner
):
    """91.1 % stored (shown with one decimal) for 112 / 123 = 91.0569…: sent back as is, from
    the grid or a sheet, it is not a change, so an approved value does not trip its lock."""
    place, partner = place_and_partner
    share = indicator(initiative, "chk-share", "mean", unit=Indicator.Unit.PERCENT, decimals=1)
    stored = observe(share, place, Decimal("91.1"), partner)
    Observation.objects.filter(pk=stored.pk).update(numerator=112, denominator=123)
    row = EntryRow(
        share, "", Decimal("91.1"), "row", numerator=Decimal(112), denominator=Decimal(123)
    )
    result = save(partner, place, [row])
    assert (result.changed, result.unchanged) == (0, 1)
    stored.refresh_from_db()
    assert (stored.value, stored.status) == (Decimal("91.1"), "approved")


def test_a_value_refused_in_the_grid_is_named_by_its_indicators_name(initiative, place_and_partner):
    place, partner = place_and_partner
    served = indicator(initiative, "chk-grid", "sum", name_fr="Loyer > 30 % du revenu")
    form = EntryGridForm({"v0": "-3"}, rows=[(served, "", "Total", None, None)])
    assert form.is_valid()
    rows, _unreadable = form.entry_rows()
    with pytest.raises(EntryRejected) as rejected:
        save(partner, place, rows)
    assert [p.where for p in rejected.value.problems] == ["Loyer > 30 % du revenu — Total"]


@pytest.mark.parametrize("value", ["1e308", "9" * 30, "-1e20"])
def test_a_value_too_large_to_store_is_refused_even_beside_last_periods(
    initiative, place_and_partner, value
):
    """The jump from the previous period is not worked out for a value refused as too large
    (it could not even be written as a percentage): the person is told it is too large."""
    place, partner = place_and_partner
    served = indicator(initiative, "chk-huge", "sum")
    observe(served, place, 10, partner, period="2024")
    with translation.override("en"), pytest.raises(EntryRejected) as rejected:
        save(partner, place, [EntryRow(served, "", Decimal(value), "row")])
    assert [p.message for p in rejected.value.problems] == ["This number is too large."]
