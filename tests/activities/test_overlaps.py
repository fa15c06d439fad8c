"""Overlaps on constructed cases: who meets whom, where, for whom, and how results are grouped."""

import pytest

from commun.activities.coordination import current_activities
from commun.activities.overlaps import TerritoryTree
from commun.activities.overlaps import find_overlaps as find_overlaps_in
from tests.activities.factories import activity, small_initiative

pytestmark = pytest.mark.django_db


def find_overlaps(activities, linked):
    initiative = activities[0].initiative
    return find_overlaps_in(activities, linked, list(initiative.territories.all()))


def names(items):
    return sorted(str(item) for item in items)


def test_two_partners_on_one_strategy_population_and_nested_territory_overlap():
    place = small_initiative()
    wide = activity(place, "Wide", ["p"], ["s1"], ["youth"], ["north"])
    local = activity(place, "Local", ["q"], ["s1"], ["youth"], ["a"])
    activity(place, "Elsewhere", ["r"], ["s1"], ["youth"], ["south"])  # other territory
    activity(place, "Others", ["r"], ["s1"], ["seniors"], ["north"])  # other population
    activity(place, "Other aim", ["r"], ["s2"], ["youth"], ["north"])  # other strategy
    (overlap,) = find_overlaps(current_activities(place.initiative), set())
    assert overlap.strategy == place.strategies["s1"]
    assert {a.pk for a in overlap.activities} == {wide.pk, local.pk}
    assert names(overlap.populations) == ["youth"]
    assert [t.code for t in overlap.territories] == ["t-a"]  # where they meet: the smaller one
    assert overlap.linked is False


def test_activities_sharing_a_partner_do_not_overlap_and_junctions_mark_overlaps_linked():
    place = small_initiative()
    a = activity(place, "A", ["p"], ["s1"], ["youth"], ["city"])
    activity(place, "B", ["p", "q"], ["s1"], ["youth"], ["city"])
    c = activity(place, "C", ["r"], ["s1"], ["youth"], ["a"])
    overlaps = find_overlaps(current_activities(place.initiative), {frozenset((a.pk, c.pk))})
    # A~C and B~C overlap; A and B share p. Nothing is common to all three except youth in a,
    # so they form one group.
    (overlap,) = overlaps
    assert names(overlap.activities) == ["A", "B", "C"]
    assert overlap.linked is False  # B and C are not linked


def test_activities_meeting_in_different_places_are_reported_place_by_place():
    place = small_initiative()
    activity(place, "North", ["p"], ["s1"], ["youth"], ["north"])
    activity(place, "City", ["q"], ["s1"], ["youth"], ["city"])
    activity(place, "South", ["r"], ["s1"], ["youth"], ["south"])
    overlaps = find_overlaps(current_activities(place.initiative), set())
    assert sorted(names(o.activities) for o in overlaps) == [["City", "North"], ["City", "South"]]


def test_the_same_activities_meeting_for_two_populations_make_one_overlap():
    place = small_initiative()
    activity(place, "A", ["p"], ["s1"], ["youth", "seniors"], ["a"])
    activity(place, "B", ["q"], ["s1"], ["youth", "seniors"], ["north"])
    (overlap,) = find_overlaps(current_activities(place.initiative), set())
    assert names(overlap.populations) == ["seniors", "youth"]


def test_a_territory_whose_every_part_is_covered_names_the_overlap():
    place = small_initiative()
    t = place.territories
    tree = TerritoryTree(list(t.values()))
    assert tree.named({t["a"].pk, t["b"].pk}) == [t["north"]]
    assert tree.named({t["a"].pk, t["b"].pk, t["c"].pk, t["d"].pk}) == [t["city"]]
    assert tree.named({t["a"].pk, t["c"].pk}) == [t["a"], t["c"]]
    assert tree.leaves_under(t["south"]) == {t["c"].pk, t["d"].pk}


def test_many_overlapping_activities_make_at_most_one_group_per_strategy_population_and_place():
    place = small_initiative()
    for n in range(12):
        activity(place, f"A{n}", ["pqr"[n % 3]], ["s1"], ["youth"], ["city"])
    overlaps = find_overlaps(current_activities(place.initiative), set())
    # Everyone everywhere: one group, not the 48 pairs of different partners.
    assert len(overlaps) == 1
    assert len(overlaps[0].activities) == 12
    assert [t.code for t in overlaps[0].territories] == ["t-city"]
