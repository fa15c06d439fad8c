"""The figures of one indicator computed by the database itself, in one INSERT … SELECT.

The rules are those of `aggregation.py`; this module says them in SQL, so that an import of many
thousands of values brings its figures up to date without carrying every observation and every
figure through Python. The statement builds, for the periods asked:

1. `direct`: each observation counted in each scope its status belongs to and in each cell its
   breakdown rolls up into (its own, each one-dimension margin, the total), per territory —
   with the territory's depth and the territories above it (`up_1` its parent, `up_2` …).
2. `level_<depth>`, deepest first: a territory's figure is its own values if it has any for that
   cell, else the combination of its parts' figures (the level below, grouped by parent).
3. Every level's figures go into the Aggregate table.

The plan must not depend on table statistics (a database may have none yet, e.g. right after a
large load): one scan of the observations through (indicator, period), joins only with the small
territory table, then sorts and groupings. A level keeps the sums of its own values and of its
parts' side by side and picks one, rather than looking up whether a territory has its own values.
"""

from django.db import connection

from commun.measurement.models import Aggregate, Observation

# (scope, the statuses it counts), as aggregation.SCOPES.
SCOPE_STATUSES = [
    (Aggregate.Scope.APPROVED, [Observation.Status.APPROVED]),
    (Aggregate.Scope.ALL, [Observation.Status.APPROVED, Observation.Status.SUBMITTED]),
]

# The figure from its sums, by aggregation. "* 1.0" keeps SQLite from dividing integers as
# integers; PostgreSQL's numerics stay exact.
VALUE_SQL = {
    "sum": "total",
    "mean": "total * 1.0 / n",
    "weighted_mean": "CASE WHEN weight_total <> 0 THEN weighted_total * 1.0 / weight_total END",
    "latest": "latest",
}
SUMS = ("n", "total", "weighted_total", "weight_total")


class Latest:
    """How each database carries "the value entered last" through the groupings.

    SQLite: a bare column next to a query's single MAX() comes from the row holding that
    maximum, so `latest` rides along with MAX(entered_at). PostgreSQL: the maximum of an array
    [time, value] (no per-group sort, so groups can be hashed); ties in time take the larger value.
    """

    def __init__(self):
        self.sqlite = connection.vendor == "sqlite"
        self.columns = ("latest", "latest_at") if self.sqlite else ("latest_key",)
        self.value = "latest" if self.sqlite else "latest_key[2]"

    def of_observations(self) -> str:
        if self.sqlite:
            return "value AS latest, MAX(entered_at) AS latest_at"
        return "MAX(ARRAY[EXTRACT(EPOCH FROM entered_at), value]) AS latest_key"

    def of_candidates(self) -> str:
        """Among a territory's own values (own = 1) and its parts' figures, own values first."""
        if self.sqlite:
            return "latest, latest_at, MAX(own || '/' || latest_at) AS _pick"
        return "(MAX(ARRAY[own, latest_key[1], latest_key[2]]))[2:3] AS latest_key"


def cell_choices(breakdowns: dict[str, list[str]]) -> tuple[str, list, int]:
    """(SQL of the k-th cell an observation counts in, NULL past its last; params; most cells)."""
    width = max(len(cells) for cells in breakdowns.values())
    branches, params = ["WHEN 0 THEN o.breakdown"], []
    for k in range(1, width):
        whens = []
        for key, cells in breakdowns.items():
            if k < len(cells):
                whens.append("WHEN %s THEN %s")
                params += [key, cells[k]]
        branches.append(f"WHEN {k} THEN CASE o.breakdown {' '.join(whens)} END")
    return f"CASE places.k {' '.join(branches)} END", params, width


def numbers(count: int) -> str:
    """A derived table of the integers 0 … count - 1, in column k."""
    return " UNION ALL ".join(f"SELECT {k} AS k" for k in range(count))


def ups(first: int, last: int) -> str:
    return "".join(f", up_{step}" for step in range(first, last + 1))


def direct_sql(indicator_id: int, breakdowns: dict, periods: list, deepest: int) -> tuple:
    """Observations counted per period, territory, cell and scope (the territory's own values)."""
    cell, params, width = cell_choices(breakdowns)
    scope = " ".join(
        f"WHEN {index} THEN CASE WHEN o.status IN ({', '.join(['%s'] * len(statuses))}) THEN %s END"
        for index, (_scope, statuses) in enumerate(SCOPE_STATUSES)
    )
    for name, statuses in SCOPE_STATUSES:
        params += [*statuses, name]
    joins = "JOIN measurement_territory up_0 ON up_0.id = o.territory_id"
    for step in range(1, deepest + 1):
        joins += (
            f" LEFT JOIN measurement_territory up_{step} ON up_{step}.id = up_{step - 1}.parent_id"
        )
    above = "".join(f", up_{step}.id AS up_{step}" for step in range(1, deepest + 1))
    # No condition on the status: with one, PostgreSQL without statistics reads through the
    # (status, indicator) index, every period of the indicator, rather than (indicator, period).
    sql = f"""
    SELECT period, period_start, territory, cell, scope, depth{ups(1, deepest)},
           COUNT(*) AS n, SUM(value) AS total, SUM(value * COALESCE(weight, 1)) AS weighted_total,
           SUM(COALESCE(weight, 1)) AS weight_total, {Latest().of_observations()}
    FROM (
        SELECT o.period, o.period_start, o.territory_id AS territory, o.value, o.weight,
               o.entered_at, {cell} AS cell, CASE scopes.k {scope} END AS scope,
               up_0.depth{above}
        FROM measurement_observation o {joins}
        CROSS JOIN ({numbers(width)}) places CROSS JOIN ({numbers(len(SCOPE_STATUSES))}) scopes
        WHERE o.indicator_id = %s AND o.period IN ({", ".join(["%s"] * len(periods))})
    ) counted
    WHERE cell IS NOT NULL AND scope IS NOT NULL
    GROUP BY period, territory, cell, scope, period_start, depth{ups(1, deepest)}"""
    return sql, [*params, indicator_id, *periods]


def level_sql(depth: int, deepest: int) -> str:
    """The figures of the territories at `depth`: their own values, or their parts'."""
    latest = Latest()
    carried = ", ".join([*SUMS, *latest.columns])
    own = f"""
        SELECT period, period_start, territory, cell, scope, 1 AS own{ups(1, depth)}, {carried}
        FROM direct WHERE depth = {depth}"""
    if depth == deepest:
        return own
    chosen = ", ".join(
        f"CASE WHEN SUM(own) > 0 THEN SUM(own * {name}) ELSE SUM({name}) END AS {name}"
        for name in SUMS
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


def insert_figures_sql(indicator, breakdowns: dict[str, list[str]], periods, deepest: int):
    """(SQL, params) inserting the indicator's figures for `periods` into the Aggregate table;
    `deepest` is the depth of the initiative's deepest territory."""
    direct, params = direct_sql(indicator.pk, breakdowns, list(periods), deepest)
    levels = ",\n".join(
        f"level_{depth} AS ({level_sql(depth, deepest)})" for depth in range(deepest, -1, -1)
    )
    figures = " UNION ALL ".join(
        f"SELECT period, period_start, territory, cell, scope, {', '.join(SUMS)}, "
        f"{Latest().value} AS latest FROM level_{depth}"
        for depth in range(deepest + 1)
    )
    q = connection.ops.quote_name
    sql = f"""
WITH direct AS ({direct}),
{levels}
INSERT INTO {q(Aggregate._meta.db_table)} (indicator_id, period, period_start, territory_id,
    breakdown, scope, {q("count")}, total, weighted_total, weight_total, latest, value)
SELECT %s, period, period_start, territory, cell, scope, n, total, weighted_total,
       weight_total, latest, {VALUE_SQL[indicator.aggregation]}
FROM ({figures}) figures
"""
    return sql, [*params, indicator.pk]


def insert_figures(indicator, breakdowns: dict[str, list[str]], periods, deepest: int) -> None:
    """Compute and insert the indicator's figures for `periods` (their old ones already gone).

    `breakdowns` maps each breakdown found among the observations to the cells it counts in."""
    periods = list(periods)
    if not breakdowns or not periods:
        return
    sql, params = insert_figures_sql(indicator, breakdowns, periods, deepest)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
