"""The journal's reading: filters in both languages, counts by kind, strategy, quarter and
territory, and a fixed number of queries whatever the number of outcomes."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commun.agenda.models import Strategy
from commun.initiatives.models import Partner
from commun.journal.journal_reading import (
    JournalFilters,
    by_kind,
    by_strategy,
    by_territory,
    journal,
    timeline,
)
from commun.journal.models import ObservedOutcome
from commun.journal.visibility import outcomes_seen
from commun.measurement.models import Territory
from tests.helpers import client_for
from tests.journal.outcome_factory import actor, empty_journal, outcome  # noqa: F401

pytestmark = pytest.mark.usefixtures("empty_journal")

DRAFT = ObservedOutcome.Status.DRAFT


@pytest.fixture
def staff(people):
    return people["backbone_staff"]


def titles(outcomes):
    return sorted(o.title_fr for o in outcomes)


def test_words_are_found_in_either_language_without_case_or_accents(initiative, staff):
    outcome(initiative, "Les élèves mangent à la cantine", title_en="Pupils eat at school")
    outcome(initiative, "Le conseil ouvre ses séances", description_en="Council opens meetings")
    outcome(initiative, "Autre chose")
    found = journal(initiative, staff, JournalFilters(text="ELEVES cantine"))
    assert titles(found) == ["Les élèves mangent à la cantine"]
    assert titles(journal(initiative, staff, JournalFilters(text="council"))) == [
        "Le conseil ouvre ses séances"
    ]
    assert titles(journal(initiative, staff, JournalFilters(text="seances"))) == [
        "Le conseil ouvre ses séances"
    ]


def test_a_territory_counts_its_parts(initiative, staff):
    city = Territory.objects.create(initiative=initiative, code="j-ville", name_fr="Ville J")
    district = Territory.objects.create(
        initiative=initiative, code="j-quartier", name_fr="Quartier J", parent=city
    )
    in_district = outcome(initiative, "Dans le quartier")
    in_district.territories.set([district])
    outcome(initiative, "Nulle part")
    assert titles(journal(initiative, staff, JournalFilters(territory=city))) == [
        "Dans le quartier"
    ]
    rows = {
        row.territory.code: row
        for row in by_territory(outcomes_seen(staff, initiative), initiative)
    }
    assert (rows["j-ville"].total, rows["j-ville"].own) == (1, 0)
    assert (rows["j-quartier"].total, rows["j-quartier"].own) == (1, 1)


def test_filters_by_kind_actor_partner_sign_intent_and_dates(initiative, staff):
    school = actor(initiative, "École J")
    partner = Partner.objects.filter(initiative=initiative).first()
    outcome(initiative, "A", kind="practice", who=school, observed_on=date(2025, 2, 1))
    outcome(initiative, "B", positive=False, intended=False, partner=partner)
    outcome(initiative, "C", observed_on=date(2026, 9, 30))
    ask = lambda **f: titles(journal(initiative, staff, JournalFilters(**f)))  # noqa: E731
    assert ask(kind="practice") == ["A"]
    assert ask(actor=school) == ["A"]
    assert ask(partner=partner) == ["B"]
    assert ask(positive=False) == ["B"] and ask(intended=False) == ["B"]
    assert ask(since=date(2026, 6, 1)) == ["C"]
    assert ask(until=date(2025, 12, 31)) == ["A"]


def test_counts_by_kind_and_by_strategy(initiative, staff):
    strategies = list(Strategy.objects.filter(initiative=initiative)[:2])
    one = outcome(initiative, "A", kind="policy")
    one.strategies.set(strategies)
    outcome(initiative, "B", kind="policy").strategies.set(strategies[:1])
    outcome(initiative, "C", kind="behaviour")
    seen = outcomes_seen(staff, initiative)
    kinds = {row.key: row.count for row in by_kind(seen)}
    assert kinds["policy"] == 2 and kinds["behaviour"] == 1 and kinds["practice"] == 0
    rows = by_strategy(seen, initiative)
    assert (rows[0].label, rows[0].count) == (strategies[0].text, 2)
    assert rows[1].count == 1
    assert rows[-1].count == 1 and rows[-1].key == ""  # C names no strategy


def test_the_timeline_groups_by_quarter_in_the_readers_words(initiative, staff, settings):
    outcome(initiative, "Été", observed_on=date(2026, 8, 3))
    outcome(initiative, "Juillet", observed_on=date(2026, 7, 1))
    outcome(initiative, "Hiver", observed_on=date(2026, 1, 15))
    quarters = timeline(outcomes_seen(staff, initiative))
    assert [q.key for q in quarters] == ["2026-Q3", "2026-Q1"]
    assert [o.title_fr for o in quarters[0].outcomes] == ["Été", "Juillet"]
    assert quarters[0].label == "T3 2026"  # the demo's people read French


def test_counts_and_lists_hide_what_a_person_may_not_see(people, initiative):
    another = (
        Partner.objects.filter(initiative=initiative)
        .exclude(memberships__user=people["partner_editor"])
        .first()
    )
    outcome(initiative, "Publié", kind="policy")
    outcome(initiative, "Brouillon d'un autre", kind="policy", partner=another, status=DRAFT)
    seen = outcomes_seen(people["partner_editor"], initiative)
    assert titles(journal(initiative, people["partner_editor"], JournalFilters())) == ["Publié"]
    assert {row.key: row.count for row in by_kind(seen)}["policy"] == 1
    page = client_for(people["observer"]).get(reverse("journal:timeline", args=[initiative.slug]))
    assert "Brouillon d'un autre" not in page.content.decode()


def journal_queries(client, initiative, name) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name, args=[initiative.slug])).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "name", ["journal:overview", "journal:timeline", "journal:map", "journal:outcomes_csv"]
)
def test_the_journal_pages_run_a_fixed_number_of_queries(name, people, initiative):
    client = client_for(people["backbone_staff"])
    territory = Territory.objects.filter(initiative=initiative).first()
    strategy = Strategy.objects.filter(initiative=initiative).first()

    def more(n):
        for i in range(n):
            made = outcome(initiative, f"Effet {i}", partner=Partner.objects.first())
            made.territories.set([territory])
            made.strategies.set([strategy])

    more(3)
    client.get(reverse(name, args=[initiative.slug]))  # sessions and caches warm
    few = journal_queries(client, initiative, name)
    more(30)
    assert journal_queries(client, initiative, name) == few


# A partner editor's journal: session, user, initiative, membership and navigation; the page of
# outcomes and its count; counts by kind and by strategy; the filters' choices.
OVERVIEW_QUERIES = 15


def test_the_overview_query_count_is_pinned(people, initiative, django_assert_num_queries):
    client = client_for(people["partner_editor"])
    for i in range(5):
        outcome(initiative, f"Effet {i}")
    client.get(reverse("journal:overview", args=[initiative.slug]))
    with django_assert_num_queries(OVERVIEW_QUERIES):
        client.get(reverse("journal:overview", args=[initiative.slug]))


def test_the_overview_draws_its_counts_and_the_map_page_its_tree(people, initiative):
    city = Territory.objects.create(initiative=initiative, code="j-ville", name_fr="Ville J")
    district = Territory.objects.create(
        initiative=initiative, code="j-quartier", name_fr="Quartier J", parent=city
    )
    outcome(initiative, "Dans le quartier", kind="practice").territories.set([district])
    client = client_for(people["backbone_staff"])
    overview = client.get(reverse("journal:overview", args=[initiative.slug])).content.decode()
    assert 'data-spec="kind-spec"' in overview and '"count": 1' in overview
    page = client.get(reverse("journal:map", args=[initiative.slug])).content.decode()
    assert 'data-spec="territory-spec"' in page
    assert f"?territory={city.pk}" in page and f"?territory={district.pk}" in page


def test_the_timeline_shows_a_year_a_page_latest_first(initiative, people):
    for month in (1, 4, 7, 10):
        outcome(initiative, f"En {month} 2026", observed_on=date(2026, month, 5))
    outcome(initiative, "En 2025", observed_on=date(2025, 11, 5))
    client = client_for(people["observer"])
    url = reverse("journal:timeline", args=[initiative.slug])
    first = client.get(url).content.decode()
    assert "En 10 2026" in first and "En 1 2026" in first and "En 2025" not in first
    assert 'rel="next"' in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "En 2025" in second and "En 10 2026" not in second
