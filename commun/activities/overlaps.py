"""Overlaps to discuss: activities of different partners doing the same thing for the same people
in the same place.

Places are compared at the finest level of the territory tree: an activity serving a district is
present in each of its neighbourhoods. For each strategy, population and neighbourhood, the
activities present there form a group when two of them share no partner; groups with the same
activities are then merged across neighbourhoods and populations. The result has at most one group
per strategy, population and neighbourhood, however many activities there are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from commun.activities.models import Activity, Population
from commun.agenda.models import Strategy
from commun.formatting.sorting import dictionary_key
from commun.measurement.models import Territory


@dataclass
class Overlap:
    strategy: Strategy
    activities: list[Activity]
    populations: list[Population]
    territories: list[Territory]  # where they meet, as large as the tree allows
    linked: bool  # a junction already links each pair of them run by different partners


class TerritoryTree:
    """The initiative's territories, to go down to the finest places and back up to names."""

    def __init__(self, territories: list[Territory]):
        self.territories = sorted(territories, key=lambda t: t.path)
        self.children: dict[int | None, list[Territory]] = defaultdict(list)
        for territory in self.territories:
            self.children[territory.parent_id].append(territory)
        leaves_of: dict[int, set[int]] = defaultdict(set)
        for leaf in (t for t in self.territories if not self.children.get(t.pk)):
            for pk in leaf.lineage():  # the leaf itself and every territory it is part of
                leaves_of[pk].add(leaf.pk)
        self._leaves: dict[int, frozenset[int]] = {
            t.pk: frozenset(leaves_of[t.pk]) for t in self.territories
        }

    def leaves_under(self, territory: Territory) -> frozenset[int]:
        """The finest territories inside `territory` (itself, when it has no parts)."""
        return self._leaves.get(territory.pk, frozenset())

    def named(self, leaves: set[int]) -> list[Territory]:
        """The fewest territories that cover exactly `leaves`: a territory whose every part is
        in the set stands for its parts."""
        result = []
        for territory in self.territories:  # parents first
            if any(territory.path.startswith(t.path) for t in result):
                continue
            if self.leaves_under(territory) <= leaves:
                result.append(territory)
        return result


def find_overlaps(
    activities: list[Activity], linked: set[frozenset[int]], territories: list[Territory]
) -> list[Overlap]:
    """The overlaps among current activities; `linked` holds the pairs of activity ids a junction
    already links, either way; `territories` is the initiative's whole tree."""
    tree = TerritoryTree(territories)
    present: dict[tuple[int, int, int], list[Activity]] = defaultdict(list)
    strategies, populations = {}, {}
    for activity in activities:
        leaves = set()
        for territory in activity.territories.all():
            leaves |= tree.leaves_under(territory)
        for strategy in activity.strategies.all():
            strategies[strategy.pk] = strategy
            for population in activity.populations.all():
                populations[population.pk] = population
                for leaf in leaves:
                    present[(strategy.pk, population.pk, leaf)].append(activity)

    # Merge the places, then the populations, where the same activities meet.
    places: dict[tuple, set[int]] = defaultdict(set)
    for (strategy_id, population_id, leaf), group in present.items():
        if _different_partners(group):
            key = (strategy_id, population_id, frozenset(a.pk for a in group))
            places[key].add(leaf)
    merged: dict[tuple, list[int]] = defaultdict(list)
    by_id = {a.pk: a for a in activities}
    for (strategy_id, population_id, members), leaves in places.items():
        merged[(strategy_id, members, frozenset(leaves))].append(population_id)

    overlaps = []
    for (strategy_id, members, leaves), population_ids in merged.items():
        group = sorted((by_id[pk] for pk in members), key=lambda a: (dictionary_key(a.name), a.pk))
        overlaps.append(
            Overlap(
                strategies[strategy_id],
                group,
                sorted((populations[pk] for pk in population_ids), key=lambda p: p.position),
                tree.named(set(leaves)),
                all(
                    frozenset((a.pk, b.pk)) in linked
                    for a, b in combinations(group, 2)
                    if not _share_a_partner(a, b)
                ),
            )
        )
    return sorted(
        overlaps, key=lambda o: (o.strategy.position, o.strategy.pk, [a.pk for a in o.activities])
    )


def _share_a_partner(a: Activity, b: Activity) -> bool:
    return bool({p.pk for p in a.partners.all()} & {p.pk for p in b.partners.all()})


def _different_partners(group: list[Activity]) -> bool:
    """Whether two activities of the group are run by partners that have no one in common."""
    return any(not _share_a_partner(a, b) for a, b in combinations(group, 2))
