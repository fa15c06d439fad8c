"""Tables laid out otherwise than one value per row: one column per period, as statistics
agencies and open-data portals publish series (`Territoire;2019;2020;2021`, `Code;2023T1;2023T2`).
Such a table is unpivoted — one row per (row, period column) — before its rows are read, each new
row remembering the line and column it came from for the problems it makes.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from commun.measurement.checks import line_label
from commun.measurement.fiscal_periods import names_a_fiscal_period
from commun.measurement.periods import Frequency, PeriodError, normalize_period
from commun.measurement.reading import Table


def is_period(cell: str) -> bool:
    """Whether a header cell names a period in any frequency Commun knows (`2021`, `2023T2`,
    `T2 2023`, `2023-07`…)."""
    if not cell.strip():
        return False
    for frequency in Frequency:
        try:
            normalize_period(cell, frequency)
        except PeriodError:
            continue
        return True
    return names_a_fiscal_period(cell)  # "2021-22": the initiative's first month reads it


def period_columns(row: list[str]) -> list[int]:
    """The columns of a header row that name periods."""
    return [column for column, cell in enumerate(row) if is_period(cell)]


def periods_in_columns(table: Table, header: int, columns: dict, constants: dict) -> list[int]:
    """The period columns of a table with one column per period: its header names at least two
    periods and no column (or constant) gives the period or the value."""
    if {"period", "value"} & (set(columns) | set(constants)) or header >= len(table.rows):
        return []
    found = period_columns(table.rows[header])
    return found if len(found) >= 2 else []


def unpivot(
    table: Table, header: int, columns: dict, periods: list[int]
) -> tuple[Table, int, dict, Callable[[int], str]]:
    """(the table with one row per value, its header index, the columns with "period" and
    "value" added, where(index) naming a new row's line and column in the file)."""
    names = table.rows[header]
    kept = [column for column in range(len(names)) if column not in periods]
    rows, origins = [[names[c] for c in kept] + [_("Period"), _("Value")]], [None]
    for line, row in enumerate(table.rows[header + 1 :], start=header + 2):
        others = [row[c] if c < len(row) else "" for c in kept]
        for column in periods:
            rows.append([*others, names[column], row[column] if column < len(row) else ""])
            origins.append((line, names[column]))
    position = {column: index for index, column in enumerate(kept)}
    unpivoted = {
        name: position[column] for name, column in columns.items() if column in position
    } | {"period": len(kept), "value": len(kept) + 1}

    def where(index: int) -> str:
        line, period = origins[index - 1]  # parse counts rows from 1, the header included
        return _("%(line)s, column %(period)s") % {"line": line_label(line), "period": period}

    return Table(rows, table.encoding, table.delimiter), 0, unpivoted, where
