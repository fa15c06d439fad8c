"""Which column of a file says what: the fields an import reads, the header row found among the
first lines, each column recognised by its name in French or English (a column of codes
preferred to one of names of the same thing), or chosen by hand (the job's mapping).

A mapping is {field, or "dim:<dimension code>", or "<field>:name": column index}.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commun.measurement.models import Dimension
from commun.measurement.names import simplify, spellings
from commun.measurement.reading import Table, UnreadableFile

FIELDS = {
    "indicator": gettext_lazy("Indicator (code or name)"),
    "period": gettext_lazy("Period"),
    "territory": gettext_lazy("Territory (code or name)"),
    "value": gettext_lazy("Value"),
    "comment": gettext_lazy("Comment"),
    "partner": gettext_lazy("Partner (name or acronym)"),
    "numerator": gettext_lazy("Numerator"),
    "denominator": gettext_lazy("Denominator"),
}
REQUIRED = ("indicator", "period", "territory", "value")
SYNONYMS = {
    "indicator": {"indicator", "indicateur", "indicator name", "nom de l'indicateur"},
    "period": {"period", "periode", "annee", "year", "trimestre", "quarter", "mois", "month"},
    "territory": {"territory", "territoire", "lieu", "secteur", "area", "territory name"},
    "value": {"value", "valeur", "nombre", "number", "donnee"},
    "comment": {"comment", "commentaire", "commentaires", "note", "remarque"},
    "partner": {"partner", "partenaire", "organisation", "organization", "organisme"},
    "numerator": {"numerator", "numerateur"},
    "denominator": {"denominator", "denominateur"},
}
# A column of codes wins over a column of names of the same thing (the reporting sheet and
# Commun's exports have both); a row whose code cell is empty is read from its name cell.
CODE_SYNONYMS = {
    "indicator": {"code", "indicator code", "code indicateur", "code de l'indicateur"},
    "period": {"period code", "code periode", "code de la periode"},
    "territory": {"territory code", "code territoire", "code du territoire"},
}
NAMED = tuple(CODE_SYNONYMS)


def name_column(name: str) -> str:
    """The mapping's key of the column that names what `name`'s column gives as a code."""
    return f"{name}:name"


def recognise(row: list[str], synonyms: dict[str, set[str]]) -> dict[str, int]:
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
        mapping = recognise(row, synonyms)
        if needed <= set(mapping):
            return index, mapping
    return None


HEADER_LINES = 30  # title lines may stand above a table's header, not more


def find_header(table: Table, dimension_names: dict) -> tuple[int, dict]:
    """(index of the header row, {field or "dim:<code>": column}) from the first row that names
    at least the indicator, period and value columns."""
    synonyms = dict(SYNONYMS)
    for name, code in dimension_names.items():
        synonyms.setdefault(f"dim:{code}", set()).add(name)
    for index, row in enumerate(table.rows[:HEADER_LINES]):
        mapping = recognise(row, synonyms)
        for field_name, column in recognise(row, CODE_SYNONYMS).items():
            if field_name in mapping:
                mapping[name_column(field_name)] = mapping[field_name]
            mapping[field_name] = column
        if {"indicator", "period", "value"} <= set(mapping):
            return index, mapping
    raise UnreadableFile(
        _(
            "No header row was found: the file needs columns named indicator, period, territory "
            "and value (or indicateur, période, territoire, valeur)."
        )
    )


def dimension_headers(initiative) -> dict:
    """{simplified header: dimension code} for every disaggregation of the initiative."""
    return {
        key: dimension.code
        for dimension in Dimension.objects.filter(initiative=initiative)
        for key in spellings(dimension.code, dimension.name_fr, dimension.name_en)
    }
