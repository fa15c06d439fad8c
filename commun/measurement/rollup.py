"""The figures of one indicator computed by the database itself, in one statement.

The rules are those of `aggregation.py`; this module says them in SQL, so that an import of many
thousands of values brings its figures up to date without carrying every observation and every
figure through Python. The same SELECT either fills the Aggregate table (`insert_figures`: totals
and one-dimension margins) or answers a reader at once (`computed_figures`: the cells crossing
several disaggregations, which are not stored). The statement builds, for the periods asked:

1. `direct`: each observation counted in each scope its status belongs to and in each cell asked
   for its breakdown (stored: each one-dimension margin and the total; computed when read: its
   own crossed cell), per territory — with the territory's depth and the territories above it
   (`up_1` its parent, `up_2` …). Cells and scopes come as two small tables the observations
   are joined with.
2. `level_<depth>`, deepest first: a territory's figure is its own values if it has any for that
   cell, else the combination of its parts' figures (the level below, grouped by parent).
3. Every level's figures go into the Aggregate table, or back to the reader.

The plan must not depend on table statistics (a database may have none yet, e.g. right after a
large load): one scan of the observations through (indicator, period), joins only with small
tables, then sorts and groupings. A level keeps the sums of its own values and of its
parts' side by side and picks one, rather than looking up whether a territory has its own values.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Context, Decimal

from django.db import connection, transaction

from commun.measurement.models import STORED_PRECISION, Aggregate, Observation

# Each scope and the statuses it counts (here, the lowest module that needs them).
SCOPES = {
    Aggregate.Scope.APPROVED: {Observation.Status.APPROVED},
    Aggregate.Scope.ALL: {Observation.Status.APPROVED, Observation.Status.SUBMITTED},
}

# The figure from its sums, by aggregation. "* 1.0" keeps SQLite from dividing integers as
# integers; PostgreSQL's numerics stay exact.
VALUE_SQL = {
    "sum": "total",
    "mean": "total * 1.0 / n",
    "weighted_mean": "CASE WHEN weight_total <> 0 THEN weighted_total * 1.0 / weight_total END",
    "latest": "latest",
}
SUMS = ("n", "total", "weighted_total", "weight_total")
AVERAGES = {"mean", "weighted_mean"}
SHARES = {"percent", "rate"}


def ratio_factor(indicator) -> Decimal:
    """What numerator ÷ denominator is multiplied by: 100 for a percentage, N for a rate per N."""
    if indicator.unit == "percent":
        return Decimal(100)
    if indicator.unit == "rate" and indicator.rate_per:
        return Decimal(indicator.rate_per)
    return Decimal(1)


def pools_shares(indicator) -> bool:
    """Whether values given as numerator and denominator count as Σ numerators ÷ Σ denominators:
    a percentage or a rate that is averaged (10/100 and 900/1000 make 82.7 %, not 50 %)."""
    return indicator.unit in SHARES and indicator.aggregation in AVERAGES


def weighted_terms(indicator) -> dict[str, str]:
    """What each observation adds to the weighted sums. A value's weight is its own (weighted
    mean) or 1 (mean); a share given as numerator and denominator weighs its denominator, so the
    cell's figure is the factor times Σ numerators ÷ Σ denominators (the factor an integer: 100,
    or a rate's N)."""
    weight = "COALESCE(o.weight, 1)" if indicator.aggregation == "weighted_mean" else "1"
    if not pools_shares(indicator):
        return {"weighted_total": f"o.value * {weight}", "weight_total": weight}
    factor = int(ratio_factor(indicator))
    given = "o.numerator IS NOT NULL AND o.denominator IS NOT NULL"
    return {
        "weighted_total": f"CASE WHEN {given} THEN o.numerator * {factor} ELSE o.value * {weight} END",
        "weight_total": f"CASE WHEN {given} THEN o.denominator ELSE {weight} END",
    }


def weighted_sums(indicator) -> dict[str, str]:
    """The SQL of the weighted sums over a group of observations."""
    return {name: f"SUM({term})" for name, term in weighted_terms(indicator).items()}


def sums_of(indicator) -> tuple:
    """The sums an indicator's figures need: the weighted ones for a weighted mean, or a
    pooled share, only (the others store NULL: each sum costs at every level)."""
    if indicator.aggregation == "weighted_mean" or pools_shares(indicator):
        return SUMS
    return SUMS[:2]


def value_sql(indicator) -> str:
    return VALUE_SQL["weighted_mean" if pools_shares(indicator) else indicator.aggregation]


class Latest:
    """How each database carries "the value entered last" through the groupings.

    SQLite: a bare column next to a query's single MAX() comes from the row holding that
    maximum, so `latest` rides along with MAX(entered_at). PostgreSQL: the maximum of an array
    [time, value] (no per-group sort, so groups can be hashed); ties in time take the larger value.
    Only an indicator aggregated by its latest value needs it; the others carry a NULL.
    """

    def __init__(self, wanted: bool):
        self.wanted, self.sqlite = wanted, connection.vendor == "sqlite"
        if not wanted:
            self.columns, self.value = ("latest",), "latest"
        elif self.sqlite:
            self.columns, self.value = ("latest", "latest_at"), "latest"
        else:
            self.columns, self.value = ("latest_key",), "latest_key[2]"

    def of_observations(self) -> str:
        if not self.wanted:
            return "CAST(NULL AS NUMERIC) AS latest"
        if self.sqlite:
            return "o.value AS latest, MAX(o.entered_at) AS latest_at"
        return "MAX(ARRAY[EXTRACT(EPOCH FROM o.entered_at), o.value]) AS latest_key"

    def of_given_first(self) -> str:
        """Among observations, those given for the cell itself (given = 1) first."""
        if not self.wanted:
            return "CAST(NULL AS NUMERIC) AS latest"
        if self.sqlite:
            return (
                "o.value AS latest, o.entered_at AS latest_at, "
                "MAX(cells.given || '/' || o.entered_at) AS _pick"
            )
        return (
            "(MAX(ARRAY[cells.given, EXTRACT(EPOCH FROM o.entered_at), o.value]))[2:3]"
            " AS latest_key"
        )

    def of_parts(self) -> str:
        """The latest of parts' figures (no preference among them)."""
        if not self.wanted:
            return "CAST(NULL AS NUMERIC) AS latest"
        if self.sqlite:
            return "latest, MAX(latest_at) AS latest_at"
        return "MAX(latest_key) AS latest_key"

    def of_candidates(self) -> str:
        """Among a territory's own values (own = 1) and its parts' figures, own values first."""
        if not self.wanted:
            return "CAST(NULL AS NUMERIC) AS latest"
        if self.sqlite:
            return "latest, latest_at, MAX(own || '/' || latest_at) AS _pick"
        return "(MAX(ARRAY[own, latest_key[1], latest_key[2]]))[2:3] AS latest_key"


def pairs_table(pairs, *names: str) -> tuple[str, list]:
    """(SQL of a derived table of these rows (pairs, or longer) with their columns' names, its
    params)."""
    row = f"({marks(names)})"
    columns = ", ".join(f"column{number} AS {name}" for number, name in enumerate(names, 1))
    sql = f"(SELECT {columns} FROM (VALUES {', '.join([row] * len(pairs))}) AS pairs)"
    return sql, [value for pair in pairs for value in pair]


def ups(first: int, last: int) -> str:
    return "".join(f", up_{step}" for step in range(first, last + 1))


def marks(values) -> str:
    return ", ".join(["%s"] * len(values))


def direct_sql(indicator, breakdowns, periods, deepest, scopes, latest, sums, routes=None):
    """Observations counted per period, territory, cell and scope (the territory's own values).

    `periods` None: every period; `scopes`: [(scope, its statuses)] to compute; `routes`: None
    when each breakdown's values count in their cells without choosing (`breakdowns`: {key:
    [cell]}), else the number of disaggregations the total may come through (`breakdowns`:
    {key: [(cell, route, part, given)]}, `choosing_sql`)."""
    if routes is None:
        counted = [(key, cell) for key, cells in breakdowns.items() for cell in cells]
        cells, params = pairs_table(counted, "breakdown", "cell")
    else:
        counted = [(key, *row) for key, rows in breakdowns.items() for row in rows]
        cells, params = pairs_table(counted, "breakdown", "cell", "route", "part", "given")
    scoped, scope_params = pairs_table(
        [(status, name) for name, statuses in scopes for status in sorted(statuses)],
        "status",
        "scope",
    )
    params += scope_params
    joins = "JOIN measurement_territory up_0 ON up_0.id = g.territory"
    for step in range(1, deepest + 1):
        joins += (
            f" LEFT JOIN measurement_territory up_{step} ON up_{step}.id = up_{step - 1}.parent_id"
        )
    above = "".join(f", up_{step}.id AS up_{step}" for step in range(1, deepest + 1))
    weighted = weighted_sums(indicator)
    where, filters = "", []
    if periods is not None:
        where, filters = f"AND o.period IN ({marks(periods)})", list(periods)
    # Each observation meets the cells and scopes it counts in by joins with two small tables,
    # the observations first (a CROSS JOIN keeps SQLite to that order). No condition on the status
    # itself: with one, PostgreSQL without statistics reads through the (status, indicator) index,
    # every period of the indicator, rather than (indicator, period). The territories above each
    # one are joined once it is grouped.
    observations = f"""
        FROM measurement_observation o CROSS JOIN {cells} cells CROSS JOIN {scoped} scoped
        WHERE cells.breakdown = o.breakdown AND scoped.status = o.status
          AND o.indicator_id = %s {where}"""
    if routes is None:
        grouped = f"""
        SELECT o.period, o.period_start, o.territory_id AS territory, cells.cell, scoped.scope,
               COUNT(*) AS n, SUM(o.value) AS total,
               {"".join(f"{weighted[name]} AS {name}, " for name in sums[2:])}
               {latest.of_observations()}
        {observations}
        GROUP BY o.period, o.territory_id, cells.cell, scoped.scope, o.period_start"""
    else:
        grouped = choosing_sql(indicator, observations, routes, latest, sums)
    sql = f"""
    SELECT g.period, g.period_start, g.territory, g.cell, g.scope, up_0.depth{above},
           {", ".join([*sums, *latest.columns])}
    FROM ({grouped}) g {joins}"""
    return sql, [*params, indicator.pk, *filters]


def choosing_sql(indicator, observations: str, routes: int, latest: Latest, sums) -> str:
    """Within each territory, a cell's values: those given for the cell itself win over its finer
    cells' (`aggregation.py`'s rules). Each observation comes with the cells it counts in, each
    `(cell, route, part, given)`: a margin through route 0, part itself; the total through route
    0 when given as such, else through route i, part its margin of the i-th disaggregation.

    1. `parts`: per part, the values given for it (given = 1) if any, else its finer cells'.
    2. `ways`: per route, its parts added up, ranked: 0 the cell itself, then the disaggregations
       with a margin given, in order, then those made of cells only (any gives the same sums).
    3. The best-ranked route of each cell."""
    terms = {"n": "1", "total": "o.value", **weighted_terms(indicator)}
    chosen = ", ".join(
        f"CASE WHEN SUM(cells.given) > 0 THEN SUM(CASE WHEN cells.given = 1 THEN {terms[name]} "
        f"END) ELSE SUM({terms[name]}) END AS {name}"
        for name in sums
    )
    added = ", ".join(f"SUM({name}) AS {name}" for name in sums)
    carried = ", ".join([*sums, *latest.columns])
    return f"""
        SELECT period, period_start, territory, cell, scope, {carried}
        FROM (
            SELECT ways.*, MIN(way_rank) OVER (PARTITION BY period, territory, cell, scope) AS best
            FROM (
                SELECT period, period_start, territory, cell, scope, {added}, {latest.of_parts()},
                       CASE WHEN route = 0 THEN 0 WHEN SUM(has_given) > 0 THEN route
                            ELSE route + {routes} END AS way_rank
                FROM (
                    SELECT o.period, o.period_start, o.territory_id AS territory, cells.cell,
                           cells.route, cells.part, scoped.scope, {chosen},
                           SUM(cells.given) AS has_given, {latest.of_given_first()}
                    {observations}
                    GROUP BY o.period, o.territory_id, cells.cell, cells.route, cells.part,
                             scoped.scope, o.period_start
                ) parts
                GROUP BY period, territory, cell, scope, route, period_start
            ) ways
        ) ranked
        WHERE way_rank = best"""


def level_sql(depth: int, deepest: int, latest: Latest, sums) -> str:
    """The figures of the territories at `depth`: their own values, or their parts'."""
    carried = ", ".join([*sums, *latest.columns])
    own = f"""
        SELECT period, period_start, territory, cell, scope, 1 AS own{ups(1, depth)}, {carried}
        FROM direct WHERE depth = {depth}"""
    if depth == deepest:
        return own
    chosen = ", ".join(
        f"CASE WHEN MAX(own) = 1 THEN SUM(CASE WHEN own = 1 THEN {name} END) "
        f"ELSE SUM({name}) END AS {name}"
        for name in sums
    )
    # A part's figure moves one level up: its parent becomes the territory, and the territories
    # above the parent move one step closer.
    return f"""
        SELECT period, period_start, territory, cell, scope{ups(1, depth)}, {chosen},
               {latest.of_candidates()}
        FROM ({own}
            UNION ALL
            SELECT period, period_start, up_1, cell, scope, 0{ups(2, depth + 1)}, {carried}
            FROM level_{depth + 1}
        ) candidates
        GROUP BY period, territory, cell, scope, period_start{ups(1, depth)}"""


def figures_sql(indicator, breakdowns: dict, periods, deepest: int, scopes, routes=None):
    """(SQL, params) of the indicator's figures for `periods` (None: all), each row: period,
    period_start, territory, cell, scope, count, total, weighted_total, weight_total, latest,
    value. `deepest` is the depth of the initiative's deepest territory; `breakdowns` and
    `routes` as `direct_sql` reads them."""
    latest, sums = Latest(indicator.aggregation == "latest"), sums_of(indicator)
    direct, params = direct_sql(
        indicator, breakdowns, periods, deepest, scopes, latest, sums, routes
    )
    # The deepest level is `direct` filtered: read twice rather than copied.
    levels = ",\n".join(
        f"level_{depth} AS {'NOT MATERIALIZED ' if depth == deepest else ''}"
        f"({level_sql(depth, deepest, latest, sums)})"
        for depth in range(deepest, -1, -1)
    )
    stored = [name if name in sums else f"CAST(NULL AS NUMERIC) AS {name}" for name in SUMS]
    figures = " UNION ALL ".join(
        f"SELECT period, period_start, territory, cell, scope, {', '.join(stored)}, "
        f"{latest.value} AS latest FROM level_{depth}"
        for depth in range(deepest + 1)
    )
    sql = f"""
WITH direct AS ({direct}),
{levels}
SELECT period, period_start, territory, cell, scope, n, total, weighted_total,
       weight_total, latest, {value_sql(indicator)}
FROM ({figures}) figures
"""
    return sql, params


def scopes_counting(statuses) -> list:
    """[(scope, its statuses)] of the scopes in which observations of these statuses count."""
    return [(scope, counted) for scope, counted in SCOPES.items() if counted & set(statuses)]


def plan_for_many_rows(cursor) -> None:
    """PostgreSQL, for this transaction: no just-in-time compilation (it costs more than it saves
    on a statement run once) and room to group in memory rather than in temporary files."""
    if connection.vendor == "postgresql":
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL work_mem = '64MB'")


def insert_figures(
    indicator, breakdowns: dict[str, list], periods, deepest: int, statuses, routes=None
):
    """Compute and insert the indicator's figures for `periods` (their old ones already gone).

    `breakdowns` maps each breakdown found among the observations to the cells stored for it
    (with `routes`, how it counts in each: `direct_sql`); `statuses` are those found among the
    observations."""
    periods, scopes = list(periods), scopes_counting(statuses)
    if not breakdowns or not periods or not scopes:
        return
    select, params = figures_sql(indicator, breakdowns, periods, deepest, scopes, routes)
    q = connection.ops.quote_name
    sql = f"""
INSERT INTO {q(Aggregate._meta.db_table)} (indicator_id, period, period_start, territory_id,
    breakdown, scope, {q("count")}, total, weighted_total, weight_total, latest, value)
SELECT %s, figures.* FROM ({select}) figures"""
    with transaction.atomic(), connection.cursor() as cursor:
        plan_for_many_rows(cursor)
        cursor.execute(sql, [indicator.pk, *params])


@dataclass(frozen=True)
class Computed:
    period: str
    period_start: date
    territory_id: int
    breakdown: str
    count: int
    value: Decimal | None


def computed_figures(indicator, keys, scope: str, deepest: int, periods=None) -> list[Computed]:
    """The figures of these breakdown cells (each counting only in itself), computed now from
    the observations of `periods` (None: all) rather than read from the Aggregate table."""
    keys = list(keys)
    scopes = [(scope, SCOPES[scope])]
    if not keys or periods == []:
        return []
    breakdowns = {key: [key] for key in keys}
    select, params = figures_sql(indicator, breakdowns, periods, deepest, scopes)
    with transaction.atomic(), connection.cursor() as cursor:
        plan_for_many_rows(cursor)
        cursor.execute(select, params)
        rows = cursor.fetchall()
    return [
        Computed(period, as_date(start), territory, cell, count, as_figure(value))
        for period, start, territory, cell, _scope, count, *_sums, value in rows
    ]


def as_figure(value) -> Decimal | None:
    """A computed value as a stored figure reads back: a decimal with 6 places (SQLite
    computes in floating point, read as Django reads a decimal column's float)."""
    if value is None:
        return None
    if isinstance(value, float):
        value = Context(prec=15).create_decimal_from_float(value)
    return Decimal(value).quantize(STORED_PRECISION)


def as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
