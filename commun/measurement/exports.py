"""Figures written out for spreadsheets, in the reader's language (`formatting.csv`)."""

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from commun.formatting import format_period
from commun.formatting.csv import SpreadsheetCsv
from commun.measurement.aggregation import combination_figures
from commun.measurement.cell_notes import notes
from commun.measurement.checks import breakdown_label
from commun.measurement.models import Aggregate, Indicator, MissingValue, Territory


def identity_headers() -> list[str]:
    """The columns that say which value a row holds, each name beside its code (CSV and sheet)."""
    return [
        _("Indicator"),
        _("Indicator code"),
        _("Period"),
        _("Period code"),
        _("Territory"),
        _("Territory code"),
    ]


def write_figures_csv(
    out, indicator: Indicator, scope: str, within: Territory | None = None
) -> None:
    """Every figure of the indicator (of the territory `within` and its parts, when given): names
    for the reader, each code in a column of its own; beside it, its quality flag; a missing value
    where its figure would be, with its reason."""
    prefetch_related_objects([indicator], "dimensions__categories")
    sheet = SpreadsheetCsv(out)
    sheet.row(
        [
            *identity_headers(),
            _("Breakdown"),
            _("Breakdown code"),
            _("Value"),
            _("Values counted"),
            _("Quality or missing value"),
        ]
    )
    places = {t.pk: t for t in Territory.objects.filter(initiative_id=indicator.initiative_id)}
    stored = Aggregate.objects.filter(indicator=indicator, scope=scope).values_list(
        "period", "period_start", "territory_id", "breakdown", "value", "count"
    )
    crossed = [
        (c.period, c.period_start, c.territory_id, c.breakdown, c.value, c.count)
        for c in combination_figures(
            indicator, scope, deepest=max((t.depth for t in places.values()), default=0)
        )
    ]
    cells = {(row[0], row[2], row[3]) for row in [*stored, *crossed] if row[4] is not None}
    absent = [
        (m.period, m.period_start, m.territory_id, m.breakdown, None, 0)
        for m in MissingValue.objects.filter(indicator=indicator)
        if (m.period, m.territory_id, m.breakdown) not in cells
    ]
    said = notes(indicator, scope)
    rows = sorted(
        dict.fromkeys([*stored, *crossed, *absent]),
        key=lambda row: (row[1], places[row[2]].path, row[3]),
    )
    if within is not None:
        rows = [row for row in rows if within.contains(places[row[2]])]
    name, labels = indicator.name, {}
    for period, _start, territory_id, key, value, count in rows:
        if key not in labels:
            labels[key] = breakdown_label(indicator, key)
        place = places[territory_id]
        sheet.row(
            [
                name,
                indicator.code,
                format_period(period),
                period,
                place.name,
                place.code,
                labels[key],
                key,
                None if value is None else round(value, indicator.decimals),
                count,
                said.get((period, territory_id, key), ""),
            ]
        )
