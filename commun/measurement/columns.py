"""Which column of a file says what: the fields an import reads, the header row found among the
first lines, each column recognised by its name in French or English (a column of codes
preferred to one of names of the same thing), or chosen by hand (the job's mapping).

A mapping is {field, or "dim:<dimension code>", or "<field>:name": column index}; it has
`COUNTED` when the file is one of Commun's own CSV exports of figures (`round_trip`).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from commun.measurement.layouts import period_columns
from commun.measurement.models import Dimension
from commun.measurement.names import simplify, spellings
from commun.measurement.reading import Table, UnreadableFile

FIELDS = {
    "indicator": gettext_lazy("Indicator (code or name)"),
    "period": gettext_lazy("Period"),
    "territory": gettext_lazy("Territory (code or name)"),
    "value": gettext_lazy("Value"),
    "breakdown": gettext_lazy("Breakdown (code or name)"),
    "comment": gettext_lazy("Comment"),
    "partner": gettext_lazy("Partner (name or acronym)"),
    "numerator": gettext_lazy("Numerator"),
    "denominator": gettext_lazy("Denominator"),
    "flag": gettext_lazy("Status: quality flag or missing value (E, x, ..)"),
    "scale": gettext_lazy("Scale (units, thousands, millions…)"),
}
REQUIRED = ("indicator", "period", "territory", "value")
SYNONYMS = {
    "indicator": {"indicator", "indicateur", "indicator name", "nom de l'indicateur"},
    "period": {
        *("period", "periode", "annee", "year", "semestre", "half-year", "half year"),
        *("trimestre", "quarter", "mois", "month", "semaine", "week"),
        *("exercice", "exercice financier", "annee financiere", "fiscal year", "financial year"),
        *("ref date", "reference period", "periode de reference"),
    },
    "territory": {
        *("territory", "territoire", "lieu", "secteur", "area", "territory name"),
        *("geo", "geography", "geographie"),
    },
    "value": {"value", "valeur", "nombre", "number", "donnee"},
    "breakdown": {"breakdown", "ventilation"},
    "comment": {"comment", "commentaire", "commentaires", "note", "remarque"},
    "partner": {"partner", "partenaire", "organisation", "organization", "organisme"},
    "numerator": {"numerator", "numerateur"},
    "denominator": {"denominator", "denominateur"},
    "flag": {"quality", "qualite", "quality flag", "flag"},
    "scale": {"scale", "echelle", "scalar factor", "facteur scalaire"},
}
# A column of codes wins over a column of names of the same thing (the reporting sheet and
# Commun's exports have both); a row whose code cell is empty is read from its name cell.
CODE_SYNONYMS = {
    "indicator": {"code", "indicator code", "code indicateur", "code de l'indicateur"},
    "period": {"period code", "code periode", "code de la periode"},
    "territory": {"territory code", "code territoire", "code du territoire", "dguid"},
    "breakdown": {"breakdown code", "code de la ventilation"},
    "scale": {"scalar id", "identificateur scalaire"},
}
# The column only Commun's CSV export of an indicator's figures has (`exports.write_figures_csv`).
COUNTED = "counted"
COUNTED_NAMES = {"values counted", "nombre de valeurs"}
NAMED = tuple(CODE_SYNONYMS)


def name_column(name: str) -> str:
    """The mapping's key of the column that names what `name`'s column gives as a code."""
    return f"{name}:name"


# Keys of a job's mapping besides the fields' columns: the line a person said holds the headers,
# the value every row has for a field ("const:indicator": "aide-alimentaire"), and the profile the
# mapping came from.
HEADER = "_header"
CONSTANT = "const:"
PROFILE = "_profile"
# {name: indicator code}: the indicators a file's names are, as the person said (a statistics
# agency's "Unemployment rate" for the initiative's "chom-taux"); names compared simplified.
NAMES = "_names"
NO_COLUMN = "none"  # a field the person said no column gives
HEADER_LINES = 30  # title lines may stand above a table's header, not more


class NoHeader(UnreadableFile):
    """No line of the file names its columns as Commun knows them: the person says which."""


def names_in_row(row: list[str], synonyms: dict[str, set[str]]) -> dict[str, int]:
    """{field: the first column whose header is one of the field's names (compared simplified)}."""
    mapping = {}
    for column, cell in enumerate(row):
        name = simplify(cell)
        for field_name, names in synonyms.items():
            if name in names:
                mapping.setdefault(field_name, column)
    return mapping


def header_row(table: Table, synonyms: dict[str, set[str]], needed: set[str]):
    """(index, {field: column}) of the first of the first lines naming every `needed` field, or
    None: how any file's header is found, whatever it imports."""
    for index, row in enumerate(table.rows[:HEADER_LINES]):
        mapping = names_in_row(row, synonyms)
        if needed <= set(mapping):
            return index, mapping
    return None


# Statistics Canada's tables (full-table CSV, in English or French) are known by their vector
# and coordinate columns. Their STATUS column holds the quality flags and missing-value markers
# (a plain "status" column elsewhere, as in Commun's reporting sheet, says a value's review). The
# member columns stand between the geography and the unit of measure: the first that names no
# disaggregation says which indicator a row gives.
STATCAN_MARKS = ({"vector", "coordinate"}, {"vecteur", "coordonnees"})
STATCAN_SYNONYMS = {"flag": {"status", "statut"}}
STATCAN_UNITS = {"uom", "unite de mesure"}


def is_statcan(row: list[str]) -> bool:
    """Whether a header row is a Statistics Canada table's."""
    names = {simplify(cell) for cell in row}
    return any(marks <= names for marks in STATCAN_MARKS)


def member_columns(row: list[str], mapping: dict) -> list[int]:
    """The member columns of a Statistics Canada header: after its geography, before its unit."""
    names = [simplify(cell) for cell in row]
    places = [mapping[key] for key in ("territory", name_column("territory")) if key in mapping]
    end = next((i for i, name in enumerate(names) if name in STATCAN_UNITS), len(names))
    return list(range(max(places, default=-1) + 1, end))


def recognise(row: list[str], dimension_names: dict) -> dict:
    """{field or "dim:<code>": column} for the cells of a value file's header row that name a
    column Commun knows; a column of codes wins over one of names of the same thing."""
    statcan = is_statcan(row)
    synonyms = dict(SYNONYMS)
    if statcan:
        synonyms |= {name: synonyms[name] | more for name, more in STATCAN_SYNONYMS.items()}
    for name, code in dimension_names.items():
        synonyms.setdefault(f"dim:{code}", set()).add(name)
    mapping = names_in_row(row, {**synonyms, COUNTED: COUNTED_NAMES})
    for field_name, column in names_in_row(row, CODE_SYNONYMS).items():
        if field_name in mapping:
            mapping[name_column(field_name)] = mapping[field_name]
        mapping[field_name] = column
    if statcan and "indicator" not in mapping:
        taken = set(mapping.values())
        members = [column for column in member_columns(row, mapping) if column not in taken]
        if members:
            mapping["indicator"] = members[0]
    return mapping


def find_header(table: Table, dimension_names: dict, constants=()) -> tuple[int, dict]:
    """(index of the header row, {field or "dim:<code>": column}) from the first row that names
    at least the indicator, period and value columns (those not given as constants)."""
    wanted = {"indicator", "period", "value"} - set(constants)
    for index, row in enumerate(table.rows[:HEADER_LINES]):
        mapping = recognise(row, dimension_names)
        if wanted <= set(mapping):
            return index, mapping
        # One column per period: the periods' names are the header (`layouts.py`).
        if wanted - {"period", "value"} <= set(mapping) and len(period_columns(row)) >= 2:
            return index, mapping
    raise NoHeader(
        _(
            "No header row was found: the file needs columns named indicator, period, territory "
            "and value (or indicateur, période, territoire, valeur)."
        )
    )


def chosen_header(mapping: dict) -> int | None:
    value = str(mapping.get(HEADER, ""))
    return int(value) if value.isdigit() else None


def chosen_columns(mapping: dict) -> dict[str, int | None]:
    """{field: column} the person chose; None for a field they said no column gives."""
    return {
        name: (int(value) if str(value).isdigit() else None)
        for name, value in mapping.items()
        if not name.startswith(("_", CONSTANT)) and (str(value).isdigit() or value == NO_COLUMN)
    }


def chosen_constants(mapping: dict) -> dict[str, str]:
    """{field: the value every row has for it}, as the person typed it."""
    return {
        name.removeprefix(CONSTANT): str(value).strip()
        for name, value in mapping.items()
        if name.startswith(CONSTANT) and str(value).strip()
    }


def columns_of(table: Table, mapping: dict, dimension_names: dict) -> tuple[int, dict, dict]:
    """(header row, {field: column}, {field: constant}) of a table read with a job's mapping:
    the header line found or chosen, its columns recognised, then the person's choices."""
    constants = chosen_constants(mapping)
    header = chosen_header(mapping)
    if header is None:
        header, found = find_header(table, dimension_names, constants)
    else:
        found = recognise(table.rows[header], dimension_names) if header < len(table.rows) else {}
    for name, column in chosen_columns(mapping).items():
        if column is None:
            found.pop(name, None)
        else:
            found[name] = column
    for name in constants:
        found.pop(name, None)
    return header, found, constants


# The fields a person may give one value for, the same on every row, instead of a column.
CONSTANT_FIELDS = ("indicator", "period", "territory")


def mapping_from_form(data) -> dict:
    """A job's mapping from the columns form: the header line, each field's column (NO_COLUMN
    for none; "" to leave it to the column's name) and the constants typed."""
    mapping = {}
    if str(data.get("header", "")).isdigit():
        mapping[HEADER] = data["header"]
    for name in FIELDS:
        value = str(data.get(f"map_{name}", ""))
        if value.isdigit() or value == NO_COLUMN:
            mapping[name] = value
    for name in CONSTANT_FIELDS:
        value = str(data.get(f"const_{name}", "")).strip()[:200]
        if value:
            mapping[f"{CONSTANT}{name}"] = value
    listed = getattr(data, "getlist", lambda key: [])
    named = {
        str(name)[:200]: str(code)[:50]
        for name, code in zip(listed("name_given"), listed("name_as"), strict=False)
        if str(name).strip() and str(code).strip()
    }
    if named:
        mapping[NAMES] = named
    return mapping


def names_to_choose(unknown: list[str], mapping: dict, limit: int = 50) -> list[tuple[str, str]]:
    """(name, indicator code chosen or "") for the mapping step: the names the person already
    said, then those the file gives that no indicator has (the first `limit`)."""
    chosen = dict(mapping.get(NAMES) or {})
    return [*chosen.items(), *((name, "") for name in unknown if name not in chosen)][:limit]


def column_labels(table: Table, header: int | None) -> list[tuple[int, str]]:
    """(index, what the column is called): its header cell, or its spreadsheet letter."""
    width = max((len(row) for row in table.rows[:50]), default=0)
    cells = table.rows[header] if header is not None and header < len(table.rows) else []
    labels = []
    for index in range(width):
        named = cells[index] if index < len(cells) else ""
        labels.append(
            (index, named or _("column %(letter)s") % {"letter": get_column_letter(index + 1)})
        )
    return labels


def header_choices(table: Table) -> list[tuple[int, str]]:
    """(index, "line N: its first cells") of the first lines, for a person to say which holds
    the headers."""
    return [
        (
            index,
            _("line %(line)d: %(cells)s")
            % {"line": index + 1, "cells": " | ".join(cell for cell in row[:6] if cell)[:80]},
        )
        for index, row in enumerate(table.rows[:HEADER_LINES])
        if sum(1 for cell in row if cell) >= 2
    ]


def signature(row: list[str]) -> list[str]:
    """A header row as profiles compare it: its cells simplified, the empty ones at its end
    left out."""
    cells = [simplify(cell) for cell in row]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def dimension_headers(initiative) -> dict:
    """{simplified header: dimension code} for every disaggregation of the initiative."""
    return {
        key: dimension.code
        for dimension in Dimension.objects.filter(initiative=initiative)
        for key in spellings(dimension.code, dimension.name_fr, dimension.name_en)
    }
