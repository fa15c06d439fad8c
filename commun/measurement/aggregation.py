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
observations, in a fixed number of queries, the database doing the arithmetic (`rollup.py`);
every write path calls it for what it touched.
"""

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Q

from commun.measurement.models import Aggregate, Indicator, Observation, Territory
from commun.measurement.rollup import insert_figures

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


def rebuild(indicator: Indicator, periods) -> None:
    """Recompute the indicator's figures for these periods (and those of ratios built on it)."""
    periods = sorted(set(periods))
    if not periods:
        return
    observations = Observation.objects.filter(indicator=indicator, period__in=periods)
    breakdowns = {
        key: rolled_up_keys(key)
        for key in observations.values_list("breakdown", flat=True).distinct().order_by()
    }
    deepest = Territory.objects.filter(initiative_id=indicator.initiative_id).aggregate(
        deepest=Max("depth")
    )["deepest"]
    with transaction.atomic():
        Aggregate.objects.filter(indicator=indicator, period__in=periods).delete()
        insert_figures(indicator, breakdowns, periods, deepest or 0)
        for ratio in Indicator.objects.filter(aggregation=Indicator.Aggregation.RATIO).filter(
            Q(numerator=indicator) | Q(denominator=indicator)
        ):
            rebuild_ratio(ratio, periods)


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
