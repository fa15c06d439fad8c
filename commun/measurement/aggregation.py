"""How observations become the figures people read, kept precomputed in `Aggregate` rows.

Rules, the same for every page, export and API:
- Across partners and breakdowns a cell combines its observations by the indicator's aggregation:
  sum, mean, weighted mean (by each observation's weight, 1 when none), or latest value entered.
- A breakdown cell ("age=15-24;gender=f") rolls up into each one-dimension margin ("age=15-24")
  and into the total (""); observations always carry the full combination of the indicator's
  disaggregations, so nothing is counted twice.
- Territories: a value entered at a territory is that territory's figure; a territory with no
  value of its own takes the combination of its parts (children), level by level.
- A ratio indicator is numerator / denominator (times 100 for a percentage, N for a rate per N),
  computed cell by cell from the two indicators' figures.
- Scope "approved" counts approved values only; scope "all" counts submitted and approved ones.

`rebuild(indicator, periods)` recomputes one indicator's figures for some periods from their
observations, in a fixed number of queries; every write path calls it for what it touched.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from commun.measurement.bulk import insert_rows
from commun.measurement.models import Aggregate, Indicator, Observation, Territory
from commun.measurement.periods import period_start

ONE = Decimal(1)
SCOPES = {
    Aggregate.Scope.APPROVED: {Observation.Status.APPROVED},
    Aggregate.Scope.ALL: {Observation.Status.APPROVED, Observation.Status.SUBMITTED},
}


def breakdown_key(categories: dict[str, str]) -> str:
    """The canonical key of a combination of categories: {"gender": "f", "age": "15-24"} →
    "age=15-24;gender=f"."""
    return ";".join(f"{dim}={cat}" for dim, cat in sorted(categories.items()))


def parse_breakdown(key: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in key.split(";")) if key else {}


def rolled_up_keys(key: str) -> list[str]:
    """The cells an observation counts in: its own, each one-dimension margin, and the total."""
    parts = parse_breakdown(key)
    keys = [key]
    if len(parts) > 1:
        keys += [breakdown_key({dim: cat}) for dim, cat in parts.items()]
    if key:
        keys.append("")
    return keys


@dataclass
class Stats:
    count: int = 0
    total: Decimal = Decimal(0)
    weighted_total: Decimal = Decimal(0)
    weight_total: Decimal = Decimal(0)
    latest: Decimal | None = None
    latest_at: object = None

    def add(self, value: Decimal, weight: Decimal | None, at) -> None:
        weight = ONE if weight is None else weight
        self.count += 1
        self.total += value
        self.weighted_total += value * weight
        self.weight_total += weight
        if self.latest_at is None or at >= self.latest_at:
            self.latest, self.latest_at = value, at

    def merge(self, other: "Stats") -> None:
        self.count += other.count
        self.total += other.total
        self.weighted_total += other.weighted_total
        self.weight_total += other.weight_total
        if other.latest_at is not None and (
            self.latest_at is None or other.latest_at >= self.latest_at
        ):
            self.latest, self.latest_at = other.latest, other.latest_at

    def value(self, aggregation: str) -> Decimal | None:
        if not self.count:
            return None
        if aggregation == Indicator.Aggregation.SUM:
            return self.total
        if aggregation == Indicator.Aggregation.MEAN:
            return self.total / self.count
        if aggregation == Indicator.Aggregation.WEIGHTED_MEAN:
            return self.weighted_total / self.weight_total if self.weight_total else None
        if aggregation == Indicator.Aggregation.LATEST:
            return self.latest
        raise ValueError(aggregation)


def territory_tree(initiative_id: int) -> tuple[dict[int, int | None], list[int]]:
    """(parent of each territory, territories deepest first)."""
    rows = list(
        Territory.objects.filter(initiative_id=initiative_id).values_list(
            "pk", "parent_id", "depth"
        )
    )
    parents = {pk: parent for pk, parent, _depth in rows}
    deepest_first = [pk for pk, _parent, _depth in sorted(rows, key=lambda r: -r[2])]
    return parents, deepest_first


@dataclass(frozen=True)
class Reported:
    """The columns of an observation that figures are made of."""

    territory_id: int
    breakdown: str
    value: Decimal
    weight: Decimal | None
    status: str
    entered_at: object


def cell_stats(observations, parents, deepest_first) -> dict:
    """{(scope, breakdown, territory): Stats} for one indicator and period."""
    direct = defaultdict(Stats)
    for obs in observations:
        for scope, statuses in SCOPES.items():
            if obs.status not in statuses:
                continue
            for key in rolled_up_keys(obs.breakdown):
                direct[(scope, key, obs.territory_id)].add(obs.value, obs.weight, obs.entered_at)
    cells = dict(direct)
    combos = {(scope, key) for scope, key, _territory in direct}
    for scope, key in combos:
        children_stats = defaultdict(list)
        for territory in deepest_first:
            stats = cells.get((scope, key, territory))
            if stats is None and children_stats[territory]:
                stats = Stats()
                for child in children_stats[territory]:
                    stats.merge(child)
                cells[(scope, key, territory)] = stats
            if stats is not None and parents[territory] is not None:
                children_stats[parents[territory]].append(stats)
    return cells


def rebuild(indicator: Indicator, periods) -> None:
    """Recompute the indicator's figures for these periods (and those of ratios built on it)."""
    periods = sorted(set(periods))
    if not periods:
        return
    parents, deepest_first = territory_tree(indicator.initiative_id)
    observations = Observation.objects.filter(indicator=indicator, period__in=periods).values_list(
        "period", "territory_id", "breakdown", "value", "weight", "status", "entered_at"
    )
    by_period = defaultdict(list)
    for row in observations.iterator(chunk_size=5000):
        by_period[row[0]].append(Reported(*row[1:]))
    rows = []
    for period in periods:
        start = period_start(period, indicator.frequency)
        for (scope, key, territory), stats in cell_stats(
            by_period[period], parents, deepest_first
        ).items():
            rows.append(
                (
                    indicator.pk,
                    period,
                    start,
                    territory,
                    key,
                    scope,
                    stats.count,
                    stats.total,
                    stats.weighted_total,
                    stats.weight_total,
                    stats.latest,
                    stats.value(indicator.aggregation),
                )
            )
    with transaction.atomic():
        Aggregate.objects.filter(indicator=indicator, period__in=periods).delete()
        insert_rows(Aggregate, AGGREGATE_COLUMNS, rows)
        for ratio in Indicator.objects.filter(aggregation=Indicator.Aggregation.RATIO).filter(
            Q(numerator=indicator) | Q(denominator=indicator)
        ):
            rebuild_ratio(ratio, periods)


AGGREGATE_COLUMNS = [
    "indicator_id",
    "period",
    "period_start",
    "territory_id",
    "breakdown",
    "scope",
    "count",
    "total",
    "weighted_total",
    "weight_total",
    "latest",
    "value",
]


def ratio_factor(indicator: Indicator) -> Decimal:
    if indicator.unit == Indicator.Unit.PERCENT:
        return Decimal(100)
    if indicator.unit == Indicator.Unit.RATE and indicator.rate_per:
        return Decimal(indicator.rate_per)
    return ONE


def rebuild_ratio(indicator: Indicator, periods) -> None:
    """A ratio's figures, cell by cell, from its numerator's and denominator's figures."""
    cells = defaultdict(dict)
    for row in Aggregate.objects.filter(
        indicator_id__in=[indicator.numerator_id, indicator.denominator_id], period__in=periods
    ):
        side = "num" if row.indicator_id == indicator.numerator_id else "den"
        cells[(row.period, row.period_start, row.territory_id, row.breakdown, row.scope)][side] = (
            row
        )
    factor = ratio_factor(indicator)
    rows = []
    for (period, start, territory, key, scope), sides in cells.items():
        num, den = sides.get("num"), sides.get("den")
        if num is None or den is None or num.value is None or not den.value:
            continue
        rows.append(
            Aggregate(
                indicator=indicator,
                period=period,
                period_start=start,
                territory_id=territory,
                breakdown=key,
                scope=scope,
                count=min(num.count, den.count),
                total=num.value,
                weight_total=den.value,
                value=num.value / den.value * factor,
            )
        )
    Aggregate.objects.filter(indicator=indicator, period__in=periods).delete()
    Aggregate.objects.bulk_create(rows, batch_size=2000)
