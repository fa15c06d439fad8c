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

What is stored: totals and one-dimension margins, for every territory and period — what trend
charts, cards, maps and series read. Cells crossing several disaggregations ("age=15-24;gender=f")
are as many as the combinations, read one period at a time (an indicator's breakdown table) or
in exports; they are computed when read (`combination_figures`), by the same SQL, which halves
the figures an import writes.

`rebuild(indicator, periods)` recomputes one indicator's figures for some periods from their
observations, in a fixed number of queries, the database doing the arithmetic (`rollup.py`);
every write path calls it for what it touched.
"""

from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Q

from commun.measurement.models import Aggregate, Indicator, Observation, Territory
from commun.measurement.rollup import Computed, as_figure, computed_figures, insert_figures

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


def is_combination(key: str) -> bool:
    """Whether the cell crosses several disaggregations (not stored: see the module's notes)."""
    return ";" in key


def stored_keys(key: str) -> list[str]:
    """The cells an observation counts in that are kept in the Aggregate table."""
    return [cell for cell in rolled_up_keys(key) if not is_combination(cell)]


def deepest_depth(initiative_id: int) -> int:
    return (
        Territory.objects.filter(initiative_id=initiative_id).aggregate(deepest=Max("depth"))[
            "deepest"
        ]
        or 0
    )


def rebuild(indicator: Indicator, periods) -> None:
    """Recompute the indicator's figures for these periods (and those of ratios built on it)."""
    periods = sorted(set(periods))
    if not periods:
        return
    found = (
        Observation.objects.filter(indicator=indicator, period__in=periods)
        .values_list("breakdown", "status")
        .distinct()
        .order_by()
    )
    breakdowns, statuses = {}, set()
    for key, status in found:
        breakdowns[key] = stored_keys(key)
        statuses.add(status)
    deepest = deepest_depth(indicator.initiative_id)
    with transaction.atomic():
        Aggregate.objects.filter(indicator=indicator, period__in=periods).delete()
        insert_figures(indicator, breakdowns, periods, deepest, statuses)
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
        if ratio_value(num, den, factor) is None:
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
                value=ratio_value(num, den, factor),
            )
        )
    Aggregate.objects.filter(indicator=indicator, period__in=periods).delete()
    Aggregate.objects.bulk_create(rows, batch_size=2000)


def ratio_value(num, den, factor: Decimal) -> Decimal | None:
    """A ratio's figure from its numerator's and denominator's (None when either is missing or
    the denominator is zero)."""
    if num is None or den is None or num.value is None or not den.value:
        return None
    return num.value / den.value * factor


def combination_figures(
    indicator: Indicator, scope: str, periods=None, keys=None
) -> list[Computed]:
    """The figures of the cells crossing several disaggregations — `keys`, or all those found —
    for `periods` (None: all), computed now from the observations (they are not stored)."""
    if indicator.aggregation == Indicator.Aggregation.RATIO:
        if indicator.numerator is None or indicator.denominator is None:
            return []
        num = combination_figures(indicator.numerator, scope, periods, keys)
        den = {
            (c.period, c.territory_id, c.breakdown): c
            for c in combination_figures(indicator.denominator, scope, periods, keys)
        }
        factor, result = ratio_factor(indicator), []
        for cell in num:
            other = den.get((cell.period, cell.territory_id, cell.breakdown))
            value = ratio_value(cell, other, factor)
            if value is not None:
                result.append(
                    Computed(
                        cell.period,
                        cell.period_start,
                        cell.territory_id,
                        cell.breakdown,
                        min(cell.count, other.count),
                        as_figure(value),
                    )
                )
        return result
    observations = Observation.objects.filter(indicator=indicator)
    if periods is not None:
        observations = observations.filter(period__in=list(periods))
    if keys is None:
        keys = observations.values_list("breakdown", flat=True).distinct().order_by()
    keys = [key for key in keys if is_combination(key)]
    deepest = deepest_depth(indicator.initiative_id)
    return computed_figures(indicator, keys, scope, deepest, periods)
