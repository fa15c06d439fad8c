"""Gaps, overlaps and the strategy-by-partner matrix on constructed cases."""

from decimal import Decimal

import pytest

from commun.activities.coordination import (
    current_activities,
    incomplete_activities,
    served_by,
    served_by_current_activities,
    strategy_partner_matrix,
    unserved_territories,
)
from commun.activities.coordination import find_gaps as find_gaps_served
from commun.activities.models import Activity
from commun.activities.overlaps import find_overlaps as find_overlaps_in
from tests.activities.factories import activity, small_initiative

pytestmark = pytest.mark.django_db


def find_overlaps(activities, linked):
    initiative = activities[0].initiative if activities else None
    return find_overlaps_in(
        activities, linked, list(initiative.territories.all()) if initiative else []
    )


def find_gaps(initiative, activities):
    return find_gaps_served(initiative, served_by(activities))


def names(items):
    return sorted(str(item) for item in items)


def test_with_no_activity_everything_is_a_gap():
    place = small_initiative()
    gaps = find_gaps(place.initiative, current_activities(place.initiative))
    assert names(gaps.strategies) == ["s1", "s2"]
    assert names(gaps.populations) == ["seniors", "youth"]
    assert names(gaps.levers) == ["L1"]  # the lever that is not a priority is no gap
    # The whole territory is unserved: it is listed alone, not with each of its parts.
    assert [t.code for t in gaps.territories] == ["t-city"]
    assert gaps.count == 6
    assert find_overlaps(current_activities(place.initiative), set()) == []


def test_with_everything_covered_there_is_no_gap():
    place = small_initiative()
    a = activity(place, "A", ["p"], ["s1", "s2"], ["youth", "seniors"], ["city"])
    a.levers.add(place.levers["priority"])
    current = current_activities(place.initiative)
    gaps = find_gaps(place.initiative, current)
    assert gaps.count == 0
    assert incomplete_activities(current) == []


def test_a_territory_is_served_through_a_territory_containing_it_or_one_of_its_parts():
    place = small_initiative()
    activity(place, "In A", ["p"], ["s1"], ["youth"], ["a"])
    gaps = find_gaps(place.initiative, current_activities(place.initiative))
    # a is served; north and city are touched through a; b is served by nobody; the south branch
    # is entirely unserved and listed once.
    assert [t.code for t in gaps.territories] == ["t-b", "t-south"]


def test_unserved_territories_lists_the_largest_unserved_territory_of_each_branch():
    place = small_initiative()
    t = place.territories
    ordered = sorted(t.values(), key=lambda x: x.path)
    assert unserved_territories(ordered, [t["north"].path]) == [t["south"]]
    assert unserved_territories(ordered, [t["city"].path]) == []
    assert unserved_territories(ordered, []) == [t["city"]]


def test_ended_activities_fill_no_gap_and_make_no_overlap():
    place = small_initiative()
    activity(place, "Old", ["p"], ["s1"], ["youth"], ["city"], status=Activity.Status.ENDED)
    activity(place, "New", ["q"], ["s1"], ["youth"], ["city"])
    current = current_activities(place.initiative)
    assert names(current) == ["New"]
    assert find_overlaps(current, set()) == []
    assert "s1" not in names(find_gaps(place.initiative, current).strategies)


def test_an_activity_that_names_no_territory_population_or_strategy_is_reported_incomplete():
    place = small_initiative()
    activity(place, "Vague", ["p"], ["s1"])
    assert names(incomplete_activities(current_activities(place.initiative))) == ["Vague"]


def test_the_matrix_counts_activities_per_partner_and_strategy_and_splits_no_budget_twice():
    place = small_initiative()
    activity(place, "A", ["p", "q"], ["s1"], annual_budget=Decimal(1000))
    activity(place, "B", ["p"], ["s1", "s2"], annual_budget=Decimal(500))
    matrix = strategy_partner_matrix(place.initiative, current_activities(place.initiative))
    rows = {
        partner.name: [cell.count for _s, cell in cells] for partner, cells, _t in matrix.rows()
    }
    assert rows == {"Partenaire p": [2, 1], "Partenaire q": [1, 0]}
    totals = [(s.text, count, budget) for s, count, budget in matrix.strategy_totals()]
    assert totals == [("s1", 2, Decimal(1500)), ("s2", 1, Decimal(500))]


def test_what_current_activities_serve_reads_the_same_from_the_links_as_from_the_activities():
    place = small_initiative()
    a = activity(place, "A", ["p"], ["s1"], ["youth"], ["a"])
    a.levers.add(place.levers["priority"])
    activity(place, "B", ["q"], ["s2"], ["seniors"], ["south"])
    activity(place, "Old", ["r"], ["s2"], ["youth"], ["city"], status=Activity.Status.ENDED)
    served = served_by_current_activities(place.initiative)
    assert served == served_by(current_activities(place.initiative))
    assert served.territory_paths == {place.territories["a"].path, place.territories["south"].path}
