"""The coordination views' figures: where effort goes and where nobody acts (overlaps: overlaps.py).

Everything here reads the initiative's current activities (not ended) in a fixed number of queries
and works in memory: an initiative has tens to a few hundred activities, not millions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from commun.activities.models import Activity, Population
from commun.agenda.models import Lever, Strategy
from commun.formatting.sorting import dictionary_key
from commun.initiatives.models import Initiative, Partner
from commun.measurement.models import Territory


def current_activities(initiative: Initiative) -> list[Activity]:
    """Activities not ended, with what the coordination views need, in five queries."""
    return list(
        Activity.objects.filter(initiative=initiative)
        .current()
        .prefetch_related("partners", "strategies", "populations", "territories")
    )


# --- Strategy by partner -------------------------------------------------------------------------


@dataclass
class MatrixCell:
    activities: list[Activity] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.activities)


@dataclass
class Matrix:
    strategies: list[Strategy]
    partners: list[Partner]
    cells: dict[tuple[int, int], MatrixCell]  # (strategy id, partner id)

    def rows(self):
        """[(partner, [(strategy, cell)], its activities serving any strategy)] by name."""
        for partner in self.partners:
            cells = [(s, self.cells.get((s.pk, partner.pk), MatrixCell())) for s in self.strategies]
            total = len({a.pk for _s, cell in cells for a in cell.activities})
            yield partner, cells, total

    def strategy_totals(self) -> list[tuple[Strategy, int, Decimal]]:
        """Per strategy: how many activities serve it, and their budget (each counted once)."""
        totals = []
        for strategy in self.strategies:
            activities = {
                a.pk: a
                for p in self.partners
                for a in self.cells.get((strategy.pk, p.pk), MatrixCell()).activities
            }
            budget = sum((a.annual_budget or Decimal(0) for a in activities.values()), Decimal(0))
            totals.append((strategy, len(activities), budget))
        return totals


def strategy_partner_matrix(initiative: Initiative, activities: list[Activity]) -> Matrix:
    """Which partner's activities serve which strategy."""
    strategies = list(Strategy.objects.filter(initiative=initiative))
    cells: dict[tuple[int, int], MatrixCell] = defaultdict(MatrixCell)
    involved: dict[int, Partner] = {}
    for activity in activities:
        for strategy in activity.strategies.all():
            for partner in activity.partners.all():
                involved[partner.pk] = partner
                cells[(strategy.pk, partner.pk)].activities.append(activity)
    partners = sorted(involved.values(), key=lambda p: dictionary_key(p.name))
    return Matrix(strategies, partners, dict(cells))


# --- Gaps ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Served:
    """What current activities serve: the ids of strategies, levers and populations, and the paths
    of the territories they name."""

    strategies: frozenset[int]
    levers: frozenset[int]
    populations: frozenset[int]
    territory_paths: frozenset[str]


def served_by(activities: list[Activity]) -> Served:
    """What these activities serve, read from what `current_activities` prefetched (the levers,
    which it does not prefetch, in one query)."""
    return Served(
        strategies=frozenset(s.pk for a in activities for s in a.strategies.all()),
        levers=frozenset(
            Activity.levers.through.objects.filter(activity__in=activities).values_list(
                "lever_id", flat=True
            )
        ),
        populations=frozenset(p.pk for a in activities for p in a.populations.all()),
        territory_paths=frozenset(t.path for a in activities for t in a.territories.all()),
    )


def served_by_current_activities(initiative: Initiative) -> Served:
    """What the initiative's current activities serve, read from the link tables alone: four
    queries, whatever the number of activities, and no activity loaded."""
    current = Activity.objects.filter(initiative=initiative).current()

    def linked(through, column: str) -> frozenset:
        return frozenset(
            through.objects.filter(activity__in=current).values_list(column, flat=True)
        )

    return Served(
        strategies=linked(Activity.strategies.through, "strategy_id"),
        levers=linked(Activity.levers.through, "lever_id"),
        populations=linked(Activity.populations.through, "population_id"),
        territory_paths=linked(Activity.territories.through, "territory__path"),
    )


@dataclass
class Gaps:
    strategies: list[Strategy]  # no current activity serves them
    levers: list[Lever]  # priority levers of change no activity acts on
    territories: list[Territory]  # nobody acts in them, above them or inside them
    populations: list[Population]  # no activity serves them
    strategy_total: int = 0  # strategies in the theory of change, served or not (the home card)

    @property
    def count(self) -> int:
        return (
            len(self.strategies) + len(self.levers) + len(self.territories) + len(self.populations)
        )


def find_gaps(initiative: Initiative, served: Served) -> Gaps:
    """What the plan says matters and nobody's current activity covers."""
    strategies = list(Strategy.objects.filter(initiative=initiative))
    return Gaps(
        strategies=[s for s in strategies if s.pk not in served.strategies],
        strategy_total=len(strategies),
        levers=[
            lever
            for lever in Lever.objects.filter(initiative=initiative, is_priority=True)
            if lever.pk not in served.levers
        ],
        territories=unserved_territories(
            list(Territory.objects.filter(initiative=initiative)), served.territory_paths
        ),
        populations=[
            p
            for p in Population.objects.filter(initiative=initiative)
            if p.pk not in served.populations
        ],
    )


def incomplete_activities(activities: list[Activity]) -> list[Activity]:
    """The activities that say no territory, population or strategy (read from the prefetch)."""
    return [
        a
        for a in activities
        if not (a.territories.all() and a.populations.all() and a.strategies.all())
    ]


def unserved_territories(
    territories: list[Territory], served_paths: Collection[str]
) -> list[Territory]:
    """Territories where nobody acts: not served themselves, nor through a territory containing
    them, nor in any of their parts. Only the largest such territory of a branch is listed."""

    def touched(path: str) -> bool:
        return any(path.startswith(s) or s.startswith(path) for s in served_paths)

    gaps: list[Territory] = []
    for territory in territories:  # ordered by path: a parent comes before its parts
        if touched(territory.path):
            continue
        if any(territory.path.startswith(gap.path) for gap in gaps):
            continue
        gaps.append(territory)
    return gaps
