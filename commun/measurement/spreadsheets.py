"""The reporting sheet a partner downloads, fills in offline and sends back (Excel round trip).

Written in the reader's language: names to read, each code in a column of its own (what the
import reads first), values as real numbers shown with the indicator's decimals. The cells that
say which value a row is for, and values already submitted or approved, are locked; the sheet is
protected *without a password* (Review > Unprotect Sheet), only so that they are not changed by
mistake. Empty rows at the bottom take values for other territories or categories, chosen from
drop-down lists kept on a hidden sheet.

Text that a spreadsheet would run as a formula (a name such as "=HYPERLINK(…)", "+1" or
"@SUM(A1)": the CSV files' rule, `looks_like_formula`) is written as a text cell, unchanged: it
reads as typed, never runs, and comes back as the same name when the sheet is imported.
"""

import io
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from commun.formatting import dictionary_key, format_period
from commun.formatting.csv import looks_like_formula
from commun.measurement.aggregation import parse_breakdown
from commun.measurement.checks import LOCKED, combinations
from commun.measurement.completeness import closed_periods
from commun.measurement.entry_forms import RATIO_UNITS
from commun.measurement.exports import identity_headers
from commun.measurement.figures import main_territory, partner_indicators
from commun.measurement.models import Observation, Territory
from commun.measurement.periods import Frequency, example_key

PERIODS_PREFILLED = 2
EMPTY_ROWS = 100  # for values on other territories or categories
HEADER_FILL = PatternFill("solid", fgColor="E3F1EA")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
UNLOCKED = Protection(locked=False)


def number_format(decimals: int) -> str:
    """ "#,##0.0" for one decimal: the spreadsheet shows it with the reader's own marks."""
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


@dataclass
class Columns:
    """The sheet's columns, counted from 1 as the spreadsheet counts them."""

    dimensions: list
    fractions: bool  # numerator and denominator columns, for percentages and rates
    first_dimension = 7  # after the indicator's, the period's and the territory's columns

    def headers(self) -> list[str]:
        return [
            *identity_headers(),
            *[d.name for d in self.dimensions],
            _("Value"),
            *([_("Numerator"), _("Denominator")] if self.fractions else []),
            _("Comment"),
            _("Status"),
        ]

    @property
    def value(self) -> int:
        return self.first_dimension + len(self.dimensions)

    @property
    def fraction(self) -> tuple[int, ...]:
        return (self.value + 1, self.value + 2) if self.fractions else ()

    @property
    def comment(self) -> int:
        return self.value + 1 + len(self.fraction)

    @property
    def status(self) -> int:
        return self.comment + 1


def reporting_workbook(initiative, partner) -> bytes:
    """One row per value due or already entered: what exists is filled in, the rest is blank."""
    indicators = sorted(
        partner_indicators(partner, initiative).prefetch_related("dimensions__categories"),
        key=lambda indicator: dictionary_key(indicator.name),
    )
    dimensions = []
    for indicator in indicators:
        for dimension in indicator.dimensions.all():
            if dimension not in dimensions:
                dimensions.append(dimension)
    columns = Columns(dimensions, any(i.unit in RATIO_UNITS for i in indicators))
    headers = columns.headers()

    book = Workbook()
    sheet = book.active
    sheet.title = _("Values")[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"

    for indicator, cells, locked in _rows_due(initiative, partner, indicators, columns):
        sheet.append([cells.get(column) for column in range(1, len(headers) + 1)])
        row = sheet.max_row
        open_here = set() if locked else {columns.value, columns.comment}
        if indicator.unit in RATIO_UNITS and not locked:
            open_here |= set(columns.fraction)
        for column in range(1, len(headers) + 1):
            cell = sheet.cell(row, column)
            if column in open_here:
                cell.protection = UNLOCKED
            else:
                cell.fill = LOCKED_FILL
        sheet.cell(row, columns.value).number_format = number_format(indicator.decimals)
    filled = sheet.max_row
    for row in range(filled + 1, filled + EMPTY_ROWS + 1):
        for column in range(1, columns.status):  # all but the status
            sheet.cell(row, column).protection = UNLOCKED

    places = sorted(Territory.objects.filter(initiative=initiative), key=lambda t: t.path)
    choices = [
        (1, _("Indicator"), [i.name for i in indicators]),
        (5, _("Territory"), [t.name for t in places]),
        *[
            (
                columns.first_dimension + index,
                dimension.name,
                sorted((c.name for c in dimension.categories.all()), key=dictionary_key),
            )
            for index, dimension in enumerate(dimensions)
        ],
    ]
    _drop_down_lists(book, sheet, choices, rows=(filled + 1, filled + EMPTY_ROWS))

    sheet.protection.sheet = True  # no password: see the module's notes
    sheet.protection.formatColumns = False  # people may widen a column
    sheet.protection.formatRows = False
    sheet.protection.autoFilter = False
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{filled}"
    for column in sheet.iter_cols(min_row=1, max_row=filled):
        width = max((len(str(c.value or "")) for c in column[1:]), default=0)
        word = max(len(w) for w in str(column[0].value).split())  # a header breaks between words
        sheet.column_dimensions[column[0].column_letter].width = min(max(width, word, 10) + 2, 50)
    sheet.row_dimensions[1].height = 32  # headers of two lines
    # Printed, the sheet is as wide as the page, in landscape, the header on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "1:1"

    frequencies = [f for f in Frequency if any(i.frequency == f for i in indicators)]
    _instructions(book, initiative, partner, columns.value, frequencies or list(Frequency))
    _keep_text_as_text(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _keep_text_as_text(book) -> None:
    """Every cell whose text would run as a formula is made a text cell (openpyxl takes a text
    beginning with "=" for a formula); its text is kept as it is, for the import to find."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if looks_like_formula(cell.value):
                    cell.data_type = "s"


def _rows_due(initiative, partner, indicators, columns: Columns):
    """(indicator, {column: value}, locked) of each value due on the main territory for the last
    closed periods, and of each value the partner already entered for them elsewhere."""
    territory = main_territory(initiative)
    today = timezone.localdate()
    periods_of = {
        i.pk: closed_periods(i.frequency, today, PERIODS_PREFILLED, initiative.fiscal_year_start)
        for i in indicators
    }
    entered_by_indicator = {}
    for o in Observation.objects.filter(
        indicator__in=indicators,
        partner=partner,
        period__in={p for periods in periods_of.values() for p in periods},
    ).select_related("territory"):
        entered_by_indicator.setdefault(o.indicator_id, {})[
            (o.period, o.territory_id, o.breakdown)
        ] = o
    for indicator in indicators:
        categories = {
            (d.code, c.code): c.name for d in indicator.dimensions.all() for c in d.categories.all()
        }
        entered = entered_by_indicator.get(indicator.pk, {})
        places = {o.territory for o in entered.values()} | ({territory} if territory else set())
        for period in periods_of[indicator.pk]:
            label = format_period(period)
            for place in sorted(places, key=lambda t: t.path):
                for key, _label in combinations(indicator):
                    obs = entered.get((period, place.pk, key))
                    if obs is None and place != territory:
                        continue
                    cells = dict(
                        enumerate(
                            [indicator.name, indicator.code, label, period, place.name, place.code],
                            start=1,
                        )
                    )
                    parts = parse_breakdown(key)
                    for index, dimension in enumerate(columns.dimensions):
                        if dimension.code in parts:
                            cells[columns.first_dimension + index] = categories.get(
                                (dimension.code, parts[dimension.code])
                            )
                    if obs is not None:
                        # The stored value whole: the cell's format shows the decimals.
                        cells[columns.value] = obs.value
                        if columns.fractions:
                            cells[columns.fraction[0]] = obs.numerator
                            cells[columns.fraction[1]] = obs.denominator
                        cells[columns.comment] = obs.comment or None
                        cells[columns.status] = obs.get_status_display()
                    # Submitted and approved values are locked in Commun too (`checks.LOCKED`).
                    yield indicator, cells, obs is not None and obs.status in LOCKED


def _drop_down_lists(book, sheet, choices, rows: tuple[int, int]) -> None:
    """Each (column, title, names) becomes a list on a hidden sheet and a drop-down list on
    `sheet`'s column, for the rows from `rows[0]` to `rows[1]`."""
    lists = book.create_sheet(_("Lists")[:31])
    lists.sheet_state = "hidden"
    for list_column, (column, title, names) in enumerate(choices, start=1):
        lists.cell(1, list_column, title)
        for row, name in enumerate(names, start=2):
            lists.cell(row, list_column, name)
        if not names:
            continue
        letter = get_column_letter(list_column)
        validation = DataValidation(
            type="list",
            formula1=f"{quote_sheetname(lists.title)}!${letter}$2:${letter}${len(names) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Not in the list"),
            error=_("Choose one of the list's names: %(what)s.") % {"what": title},
        )
        sheet.add_data_validation(validation)
        target = get_column_letter(column)
        validation.add(f"{target}{rows[0]}:{target}{rows[1]}")


def _instructions(book, initiative, partner, value_column: int, frequencies) -> None:
    sheet = book.create_sheet(_("How to fill it in")[:31], index=1)
    url = settings.SITE_URL + reverse("measurement:import", args=[initiative.slug])
    value = get_column_letter(value_column)
    lines = [
        _("Reporting sheet: %(initiative)s — %(reporter)s")
        % {
            "initiative": initiative.name,
            "reporter": partner.name if partner else _("backbone organization"),
        },
        "",
        _(
            "1. On the “%(sheet)s” sheet, type each value in column %(column)s (%(header)s), as a "
            "number: its decimals as your spreadsheet writes them."
        )
        % {"sheet": book.worksheets[0].title, "column": value, "header": _("Value")},
        _(
            "2. A value far from the previous period's needs a word of explanation in the "
            "comment next to it."
        ),
        _(
            "3. Grey cells cannot be changed: they say which value a row is for, or hold a value "
            "already submitted or approved (backbone staff can reopen it). For another territory "
            "or category, use the empty rows at the bottom: choose the indicator, the territory "
            "and each category from their lists, and type the period code as the rows above "
            "write it (%(examples)s)."
        )
        % {
            "examples": ", ".join(example_key(f, initiative.fiscal_year_start) for f in frequencies)
        },
        _("4. Save the file as it is (.xlsx) and send it back on Commun's import page: %(url)s")
        % {"url": url},
        "",
        _(
            "The sheet is protected without a password, only so that the grey cells are not "
            "changed by mistake (Review > Unprotect Sheet)."
        ),
    ]
    width = 80  # characters
    sheet.column_dimensions["A"].width = width
    for number, line in enumerate(lines, start=1):
        sheet.append([line])
        sheet.cell(number, 1).alignment = Alignment(wrap_text=True, vertical="top")
        # Not every program sizes a wrapped row: about 16 points a line of text.
        sheet.row_dimensions[number].height = 16 * max(1, -(-len(line) * 20 // (width * 21)))
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.row_dimensions[1].height = 22 * max(1, -(-len(lines[0]) * 14 // (width * 10)))
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
