"""The journal as a table: one row per outcome the person sees (with the page's filters), columns
in the reader's language, as CSV (`SpreadsheetCsv`) or as an Excel workbook."""

import io

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from commun.activities.models import Activity
from commun.formatting.csv import SpreadsheetCsv, looks_like_formula
from commun.formatting.sorting import dictionary_key
from commun.initiatives.models import Partner
from commun.journal.models import ObservedOutcome, ProgressMarker

SEPARATOR = " ; "


def for_export(outcomes: QuerySet[ObservedOutcome]) -> QuerySet[ObservedOutcome]:
    """The outcomes with everything a row names, in a fixed number of queries."""
    return outcomes.select_related(
        "actor", "partner", "campaign", "intended_outcome"
    ).prefetch_related(
        "territories",
        # Unordered: sorting thousands of links by the dictionary collation in the database is
        # most of an export's time; each cell's few names are sorted when it is written.
        Prefetch("activities", queryset=Activity.objects.order_by()),
        Prefetch("partners", queryset=Partner.objects.order_by()),
        "strategies",
        Prefetch("markers", queryset=ProgressMarker.objects.order_by("level", "order", "pk")),
        "evidence",
    )


def headers() -> list[str]:
    return [
        _("Observed on"),
        _("What changed"),
        _("Who changed"),
        _("Kind of change"),
        _("Description"),
        _("Where"),
        _("Why it matters"),
        _("How the initiative contributed"),
        _("Activities"),
        _("Contributing partners"),
        _("Strategies"),
        _("Intended outcome"),
        _("Positive or negative"),
        _("Intended or not"),
        _("Progress markers"),
        _("Status"),
        _("Reported by the partner"),
        _("Harvest"),
        _("Pieces of evidence"),
    ]


def names(items, in_dictionary_order: bool = False) -> str:
    texts = [str(item) for item in items]
    return SEPARATOR.join(sorted(texts, key=dictionary_key) if in_dictionary_order else texts)


def row_of(outcome: ObservedOutcome) -> list:
    return [
        outcome.observed_on,
        outcome.title,
        outcome.actor.name,
        outcome.get_kind_display(),
        outcome.description,
        names(t.name for t in outcome.territories.all()),
        outcome.significance,
        outcome.contribution,
        names((a.name for a in outcome.activities.all()), in_dictionary_order=True),
        names((p.name for p in outcome.partners.all()), in_dictionary_order=True),
        names(s.text for s in outcome.strategies.all()),
        outcome.intended_outcome.text if outcome.intended_outcome else "",
        _("Positive") if outcome.positive else _("Negative"),
        _("Intended") if outcome.intended else _("Not intended"),
        names(f"{m.get_level_display()} : {m.text}" for m in outcome.markers.all()),
        outcome.get_status_display(),
        outcome.partner.name if outcome.partner else "",
        outcome.campaign.title if outcome.campaign else "",
        len(outcome.evidence.all()),
    ]


def write_outcomes_csv(out, outcomes) -> None:
    table = SpreadsheetCsv(out)
    table.row(headers())
    table.rows(row_of(outcome) for outcome in outcomes)


def outcomes_workbook(outcomes) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Outcomes")[:31]
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for outcome in outcomes:
        sheet.append(row_of(outcome))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if looks_like_formula(cell.value):
                cell.data_type = "s"  # text that would run as a formula is kept as text
        row[0].number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
