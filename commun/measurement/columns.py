"""Which column of a file says what: the fields an import reads, the header row found among the
first lines, each column recognised by its name in French or English (a column of codes
preferred to one of names of the same thing), or chosen by hand (the job's mapping).

A mapping is {field, or "dim:<dimension code>", or "<field>:name": column index}; it has
`COUNTED` when the file is one of Commun's own CSV exports of figures (`round_trip`).
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
    "breakdown": gettext_lazy("Breakdown (code or name)"),
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
    "breakdown": {"breakdown", "ventilation"},
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
    "breakdown": {"breakdown code", "code de la ventilation"},
}
# The column only Commun's CSV export of an indicator's figures has (`exports.write_figures_csv`).
COUNTED = "counted"
COUNTED_NAMES = {"values counted", "nombre de valeurs"}
NAMED = tuple(CODE_SYNONYMS)


def name_column(name: str) -> str:
    """The mapping's key of the column that names what `name`'s column gives as a code."""
    return f"{name}:name"


def find_header(table: Table, dimension_names: dict) -> tuple[int, dict]:
    """(index of the header row, {field or "dim:<code>": column}) from the first row that names
    at least the indicator, period and value columns."""
    for index, row in enumerate(table.rows[:30]):
        mapping, codes = {}, {}
        for column, cell in enumerate(row):
            name = simplify(cell)
            for field_name, names in CODE_SYNONYMS.items():
                if name in names and field_name not in codes:
                    codes[field_name] = column
            for field_name, names in SYNONYMS.items():
                if name in names and field_name not in mapping:
                    mapping[field_name] = column
            if name in dimension_names and f"dim:{dimension_names[name]}" not in mapping:
                mapping[f"dim:{dimension_names[name]}"] = column
            if name in COUNTED_NAMES:
                mapping[COUNTED] = column
        for field_name, column in codes.items():
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
