"""The chain of contribution on the demo data: every step can be traced back to a link."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commun.activities.chain import chain_from_partner, chain_to_indicator, chain_to_outcome
from commun.agenda.models import Outcome
from commun.initiatives.models import Partner
from commun.measurement.models import Indicator
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def assert_traceable(chain):
    """Each activity serves a strategy of the chain or seeks one of its outcomes; each strategy
    leads to an outcome of the chain; each partner runs an activity of the chain."""
    strategy_ids = {s.pk for s in chain.strategies}
    outcome_ids = {o.pk for o in chain.outcomes}
    for activity, strategies, _figures in chain.activity_rows:
        assert {s.pk for s in strategies} <= strategy_ids
        direct = {o.pk for o in activity.outcomes.all()} & outcome_ids
        measured = {i.pk for i in activity.indicators.all()}
        focus = chain.focus
        assert strategies or direct or (isinstance(focus, Indicator) and focus.pk in measured)
    for _strategy, outcomes in chain.strategy_rows:
        assert outcomes and {o.pk for o in outcomes} <= outcome_ids
    runners = {p.pk for a in chain.activities for p in a.partners.all()}
    assert {p.pk for p in chain.partners} == runners


def low_income_outcome(initiative):
    return Outcome.objects.get(initiative=initiative, text_fr__startswith="Moins de résident")


def test_the_chain_to_an_outcome_gathers_its_strategies_activities_partners_and_figures(
    initiative, people
):
    outcome = low_income_outcome(initiative)
    chain = chain_to_outcome(people["backbone_staff"], initiative, outcome)
    assert_traceable(chain)
    assert {s.pk for s in chain.strategies} == set(outcome.strategies.values_list("pk", flat=True))
    assert len(chain.activities) >= 4
    assert "Corporation de développement communautaire de la Basse-Ville" in {
        p.name_fr for p in chain.partners
    }
    ((_outcome, figures),) = chain.outcome_rows
    assert [h.indicator.code for h in figures] == ["faible-revenu"]
    assert figures[0].value is not None  # the latest approved figure is there


def test_the_chain_from_a_partner_shows_what_it_contributes_to(initiative, people):
    food_bank = Partner.objects.get(initiative=initiative, name_fr__startswith="Banque alim")
    chain = chain_from_partner(people["partner_member"], initiative, food_bank)
    assert_traceable(chain)
    assert {a.name_fr for a in chain.activities} >= {"Marché solidaire Saint-Roch"}
    assert all(food_bank in a.partners.all() for a in chain.activities)
    assert any(o.text_fr.startswith("Plus aucune famille") for o in chain.outcomes)
    measures = {h.indicator.code for _a, _s, figures in chain.activity_rows for h in figures}
    assert "aide-alimentaire" in measures


def test_the_chain_to_an_indicator_starts_from_the_outcome_it_measures(initiative, people):
    indicator = Indicator.objects.get(initiative=initiative, code="aide-alimentaire")
    chain = chain_to_indicator(people["backbone_staff"], initiative, indicator)
    assert_traceable(chain)
    assert [o.pk for o in chain.outcomes] == [indicator.outcome_id]
    assert any(indicator in a.indicators.all() for a in chain.activities)


def test_the_chain_shows_only_figures_the_reader_may_see(initiative, people):
    hidden = Indicator.objects.get(initiative=initiative, code="non-recours")  # backbone only
    outcome = hidden.outcome
    staff = chain_to_outcome(people["backbone_staff"], initiative, outcome)
    member = chain_to_outcome(people["partner_member"], initiative, outcome)
    assert "non-recours" in {h.indicator.code for h in staff.figures}
    assert "non-recours" not in {h.indicator.code for h in member.figures}
    client = client_for(people["partner_member"])
    url = reverse("activities:chain_indicator", args=[initiative.slug, hidden.code])
    assert client.get(url).status_code == 404


def test_the_chain_page_runs_as_many_queries_for_a_small_chain_as_for_a_large_one(
    initiative, people
):
    staff = people["backbone_staff"]
    client = client_for(staff)
    counts = {}  # activities in the chain → queries; chains with strategies, activities, figures
    for outcome in Outcome.objects.filter(initiative=initiative):
        chain = chain_to_outcome(staff, initiative, outcome)
        if not (chain.strategies and chain.activities and chain.figures):
            continue  # an empty column skips its queries: fewer, never more
        url = reverse("activities:chain_outcome", args=[initiative.slug, outcome.pk])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[len(chain.activities)] = len(queries)
    assert len(counts) > 1, "the demo should have chains of different sizes"
    assert len(set(counts.values())) == 1, counts
