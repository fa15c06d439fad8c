"""How observations become the figures people read, kept precomputed in `Aggregate` rows.

Rules, the same for every page, export and API:
- Across partners and breakdowns a cell combines its observations by the indicator's aggregation:
  sum, mean, weighted mean (by each observation's weight, 1 when none), or latest value entered.
- A percentage or a rate that is averaged (mean or weighted mean) and given as numerator and
  denominator counts as Σ numerators ÷ Σ denominators (times 100, or N for a rate per N): each
  such value weighs its denominator, so 10/100 and 900/1000 make 82.7 %, not 50 %.
- A value is given for the total (""), for one disaggregation alone (a margin: "gender=f"), or
  for a cell crossing every disaggregation of the indicator ("age=15-24;gender=f"). A cell rolls
  up into each of its margins ("age=15-24", "gender=f") and into the total.
- Given cells win over finer ones, within each territory (and scope), before the territories:
  a margin is the values given for it there if any, else its cells'; the total is the values
  given for it if any, else the margins of the first disaggregation (in the indicator's order)
  that has a margin given there, each margin as just said (given, else its cells), else the
  cells. So "gender=f" and "gender=m" given beside cells "age=…;gender=…": the gender margins
  are the given ones, the age margins come from the cells, the total adds the gender margins.
  Nothing is counted twice: a disaggregation's margins partition the total.
- Territories, then, cell by cell: a territory's own figure (as above) wins over its parts';
  a territory with no value of its own for a cell takes the combination of its parts' figures
  (children), level by level. A district's given total thus wins over its neighbourhoods' cells,
  while its gender margins, if it gives none, come from the neighbourhoods.
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
every write path calls it for what it touched. Two writers rebuilding the same period's figures
at once take turns (`lock_figures`): the second one recomputes from what the first one wrote.
"""

import zlib
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Max, Q

from commun.measurement.models import (
    Aggregate,
    Indicator,
    Observation,
    PartnersReported,
    Territory,
)
from commun.measurement.page_cache import figures_changed
from commun.measurement.rollup import (
    SCOPES,
    Computed,
    as_figure,
    computed_figures,
    insert_figures,
    ratio_factor,
)


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


def needs_choosing(keys) -> bool:
    """Whether values were given at more than one level (the total, one disaggregation's
    margins, another's, cells): only then can a given cell compete with finer ones."""
    return len({frozenset(parse_breakdown(key)) for key in keys}) > 1


def routes_of(dimensions: list[str], keys) -> dict[str, int]:
    """{disaggregation: its route to the total}: 1, 2 … in the indicator's order, then any other
    a stored breakdown still names (a disaggregation taken off the indicator), by code."""
    named = {dim for key in keys for dim in parse_breakdown(key)}
    ordered = [*dimensions, *sorted(named - set(dimensions))]
    return {dim: number for number, dim in enumerate(ordered, start=1)}


def counted_in(key: str, routes: dict[str, int]) -> list[tuple[str, int, str, int]]:
    """How a value given for `key` counts in the stored cells, each (cell, route, part, given):
    given 1 for the cell itself, 0 for a finer one; the total through route 0 when given as
    such, else through its disaggregation's route, part its margin (`rollup.choosing_sql`)."""
    parts = parse_breakdown(key)
    if not parts:
        return [("", 0, "", 1)]
    given = int(len(parts) == 1)
    counted = []
    for dim, cat in parts.items():
        margin = breakdown_key({dim: cat})
        counted += [(margin, 0, margin, given), ("", routes[dim], margin, given)]
    return counted


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


def ratios_built_on(indicator_ids) -> dict[int, list[Indicator]]:
    """{indicator id: the ratio indicators whose numerator or denominator it is}."""
    ids, found = set(indicator_ids), {}
    for ratio in Indicator.objects.filter(aggregation=Indicator.Aggregation.RATIO).filter(
        Q(numerator_id__in=ids) | Q(denominator_id__in=ids)
    ):
        for side in {ratio.numerator_id, ratio.denominator_id}:
            if side in ids:
                found.setdefault(side, []).append(ratio)
    return found


def lock_figures(pairs) -> None:
    """Make other writers wait, until this transaction ends, before they rebuild the figures of
    these (indicator id, period) pairs (and of the ratios built on them): two rebuilds of one
    period at once would each delete then insert the same figures. PostgreSQL: one transaction
    advisory lock per pair, taken in a fixed order so that two writers never wait on each other.
    SQLite lets one writer at a time (transactions begin IMMEDIATE): nothing to do."""
    if connection.vendor != "postgresql":
        return
    pairs = set(pairs)
    ratios = ratios_built_on({indicator_id for indicator_id, _period in pairs})
    pairs |= {
        (ratio.pk, period)
        for indicator_id, period in list(pairs)
        for ratio in ratios.get(indicator_id, ())
    }
    keys = sorted({(pk, zlib.crc32(period.encode()) - 2**31) for pk, period in pairs})
    with connection.cursor() as cursor:
        for indicator_id, period_key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [indicator_id, period_key])


def rebuild(
    indicator: Indicator, periods, deepest: int | None = None, *, announce: bool = True
) -> None:
    """Recompute the indicator's figures for these periods (and those of ratios built on it).

    `deepest`: the depth of the initiative's deepest territory, when the caller knows it.
    `announce`: give the initiative a new figures version (`page_cache`), as the last step; a
    caller rebuilding several indicators in one transaction does it once, after the last one."""
    periods = sorted(set(periods))
    if not periods:
        return
    with transaction.atomic():
        lock_figures((indicator.pk, period) for period in periods)
        _rebuild(indicator, periods, deepest)
        if announce:
            figures_changed(indicator.initiative_id)


def _rebuild(indicator: Indicator, periods, deepest: int | None) -> None:
    found = (
        Observation.objects.filter(indicator=indicator, period__in=periods)
        .values_list("period", "breakdown", "status", "partner_id")
        .distinct()
        .order_by()
    )
    breakdowns, statuses, partners = {}, set(), {}
    for period, key, status, partner in found:
        if key not in breakdowns:
            breakdowns[key] = stored_keys(key)
        statuses.add(status)
        if partner is not None:
            for scope, counted in SCOPES.items():
                if status in counted:
                    partners.setdefault((period, scope), set()).add(partner)
    PartnersReported.objects.filter(indicator=indicator, period__in=periods).delete()
    PartnersReported.objects.bulk_create(
        PartnersReported(indicator=indicator, period=period, scope=scope, partners=len(found))
        for (period, scope), found in partners.items()
    )
    routes = None
    if needs_choosing(breakdowns):
        order = routes_of(list(indicator.dimensions.values_list("code", flat=True)), breakdowns)
        breakdowns = {key: counted_in(key, order) for key in breakdowns}
        routes = len(order)
    if deepest is None:
        deepest = deepest_depth(indicator.initiative_id)
    Aggregate.objects.filter(indicator=indicator, period__in=periods).delete()
    insert_figures(indicator, breakdowns, periods, deepest, statuses, routes)
    for ratio in ratios_built_on([indicator.pk]).get(indicator.pk, []):
        rebuild_ratio(ratio, periods)


def rebuild_ratio(indicator: Indicator, periods) -> None:
    """A ratio's figures, cell by cell, from its numerator's and denominator's figures."""
    sides = {indicator.numerator_id: {}, indicator.denominator_id: {}}
    for row in Aggregate.objects.filter(indicator_id__in=list(sides), period__in=periods):
        sides[row.indicator_id][(row.period, row.territory_id, row.breakdown, row.scope)] = row
    rows = [
        Aggregate(
            indicator=indicator,
            period=num.period,
            period_start=num.period_start,
            territory_id=num.territory_id,
            breakdown=num.breakdown,
            scope=num.scope,
            count=min(num.count, den.count),
            total=num.value,
            weight_total=den.value,
            value=value,
        )
        for num, den, value in ratio_cells(
            sides[indicator.numerator_id], sides[indicator.denominator_id], ratio_factor(indicator)
        )
    ]
    Aggregate.objects.filter(indicator=indicator, period__in=periods).delete()
    Aggregate.objects.bulk_create(rows, batch_size=2000)


def ratio_cells(numerators: dict, denominators: dict, factor: Decimal):
    """(numerator, denominator, ratio) of each cell both sides have, keyed alike, where the
    denominator is not zero; each side has a `value` (a figure, stored or computed)."""
    for key, num in numerators.items():
        den = denominators.get(key)
        if den is not None and num.value is not None and den.value:
            yield num, den, num.value / den.value * factor


def combination_figures(
    indicator: Indicator, scope: str, periods=None, keys=None, deepest: int | None = None
) -> list[Computed]:
    """The figures of the cells crossing several disaggregations — `keys`, or all those found —
    for `periods` (None: all), computed now from the observations (they are not stored).
    `deepest`: the depth of the initiative's deepest territory, when the caller knows it."""
    if keys is not None:
        keys = [key for key in keys if is_combination(key)]
        if not keys:
            return []
    if deepest is None:
        deepest = deepest_depth(indicator.initiative_id)
    if indicator.aggregation == Indicator.Aggregation.RATIO:
        if indicator.numerator is None or indicator.denominator is None:
            return []
        sides = [
            {
                (cell.period, cell.territory_id, cell.breakdown): cell
                for cell in combination_figures(side, scope, periods, keys, deepest)
            }
            for side in (indicator.numerator, indicator.denominator)
        ]
        return [
            Computed(
                num.period,
                num.period_start,
                num.territory_id,
                num.breakdown,
                min(num.count, den.count),
                as_figure(value),
            )
            for num, den, value in ratio_cells(*sides, ratio_factor(indicator))
        ]
    if keys is None:
        observations = Observation.objects.filter(indicator=indicator)
        if periods is not None:
            observations = observations.filter(period__in=list(periods))
        found = observations.values_list("breakdown", flat=True).distinct().order_by()
        keys = [key for key in found if is_combination(key)]
    return computed_figures(indicator, keys, scope, deepest, periods)
