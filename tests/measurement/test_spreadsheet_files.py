"""Spreadsheets as people have them: formulas saved with their results by Excel or LibreOffice,
formulas a program wrote without ever computing them, and totals rows under the values."""

import io
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

import pytest
from django.core.management import CommandError
from django.urls import reverse
from django.utils.translation import gettext, override
from openpyxl import Workbook

from commun.measurement.models import ImportJob, Territory
from tests.helpers import client_for
from tests.measurement.test_import_command import run
from tests.measurement.test_imports import lines, setting, upload, written

__all__ = ["setting"]  # the fixture: a partner editor's organization and its indicators

pytestmark = pytest.mark.django_db

HEADER = ["Indicateur", "Période", "Territoire", "Valeur"]


def saved_by_a_spreadsheet(rows, sheet="Données") -> bytes:
    """An .xlsx as Excel or LibreOffice saves it: texts in the shared strings, and each formula
    (a ("=…", result) pair) with the result it computed beside it."""
    strings, cells_xml = [], []
    for number, row in enumerate(rows, start=1):
        cells = []
        for column, value in enumerate(row):
            ref = f"{'ABCDEFGH'[column]}{number}"
            formula = None
            if isinstance(value, tuple):
                formula, value = value
            if formula and isinstance(value, str):  # a formula giving a text
                cells.append(
                    f'<c r="{ref}" t="str"><f>{escape(formula[1:])}</f><v>{escape(value)}</v></c>'
                )
            elif isinstance(value, str):
                strings.append(value)
                cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
            else:
                f = f"<f>{escape(formula[1:])}</f>" if formula else ""
                cells.append(f'<c r="{ref}">{f}<v>{value}</v></c>')
        cells_xml.append(f'<row r="{number}">{"".join(cells)}</row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}">'
            f'<Relationship Id="rId1" Type="{relationships}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" '
            f'xmlns:r="{relationships}"><sheets><sheet name="{escape(sheet)}" sheetId="1" '
            'r:id="rId1"/></sheets><calcPr calcId="191029"/></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}">'
            f'<Relationship Id="rId1" Type="{relationships}/worksheet" '
            'Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{relationships}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}">'
            f"<sheetData>{''.join(cells_xml)}</sheetData></worksheet>"
        ),
        "xl/sharedStrings.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}" count="{len(strings)}" '
            f'uniqueCount="{len(strings)}">'
            + "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
            + "</sst>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return out.getvalue()


def written_by_a_program(rows, sheet="Données") -> bytes:
    """An .xlsx written by openpyxl: its formulas are saved without any result."""
    book = Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_through_the_pages(setting, name, data):
    """(the preview's HTML, the job once run) for the partner editor, who reads French."""
    client = client_for(setting.editor)
    slug = setting.initiative.slug
    upload(client, setting.initiative, name, data)
    job = ImportJob.objects.filter(created_by=setting.editor).latest("pk")
    html = client.get(reverse("measurement:import_preview", args=[slug, job.pk])).content.decode()
    client.post(reverse("measurement:import_run", args=[slug, job.pk]))
    job.refresh_from_db()
    return html.replace("&#x27;", "'"), job


def test_formulas_are_read_as_the_results_the_spreadsheet_saved(setting):
    data = saved_by_a_spreadsheet(
        [
            ["Rapport 2025 — Banque alimentaire"],
            HEADER,
            ["imp-served", "2025", "t-a", 120],
            ["imp-served", "2025", ("=C3", "t-b"), ("=D3*2", 240)],  # a text and a number
            ["imp-budget", ("=B3", "2025"), "t-a", ("=ROUND(1234.567,1)", 1234.6)],
            ["Total", "2025", "", ("=SUM(D3:D4)", 360)],
        ]
    )
    html, job = import_through_the_pages(setting, "rapport.xlsx", data)
    assert job.status == "done", job.problems
    assert (job.created, job.totals_skipped) == (3, 1)
    assert {key: value for key, (value, _c, _s) in written().items()} == {
        ("imp-served", "t-a", "2025", ""): Decimal(120),
        ("imp-served", "t-b", "2025", ""): Decimal(240),
        ("imp-budget", "t-a", "2025", ""): Decimal("1234.6"),
    }
    assert "1 ligne de total ignorée" in html


def test_a_formula_never_computed_is_refused_naming_its_cell(setting, tmp_path):
    data = written_by_a_program(
        [
            HEADER,
            ["imp-served", "2025", "t-a", 120],
            ["imp-served", "2025", "t-b", "=D2*2"],
            ["imp-served", "2025", "=C2", 7],
        ]
    )
    with override("fr"):
        named = [
            gettext(
                "Cell %(cell)s of the sheet “%(sheet)s” holds a formula whose result was never "
                "saved (the file was written by a program that does not calculate): open the "
                "file in Excel or LibreOffice, save it, and send it again."
            )
            % {"cell": cell, "sheet": "Données"}
            for cell in ("D3", "C4")
        ]
    html, job = import_through_the_pages(setting, "calcul.xlsx", data)
    assert named[0] in html and named[1] in html
    assert job.status == "failed" and written() == {}
    assert job.problems == [["ligne 3", named[0]], ["ligne 4", named[1]]]

    path = tmp_path / "calcul.xlsx"
    path.write_bytes(data)
    with pytest.raises(CommandError, match="2 problèmes"):
        run(path, setting, language="fr")
    assert run.err.splitlines() == [f"ligne 3: {named[0]}", f"ligne 4: {named[1]}"]
    assert written() == {}


def test_a_totals_row_whose_formula_was_never_computed_is_skipped_all_the_same(setting):
    data = written_by_a_program(
        [
            HEADER,
            ["imp-served", "2025", "t-a", 120],
            ["imp-served", "2025", "t-b", 80],
            ["imp-served", "2025", "Total", "=SUM(D2:D3)"],
        ]
    )
    _html, job = import_through_the_pages(setting, "total.xlsx", data)
    assert job.status == "done", job.problems
    assert (job.created, job.totals_skipped) == (2, 1)


@pytest.mark.parametrize(
    "total",
    [
        "Total",
        "TOTAUX",
        "Ensemble",
        "Grand total",
        "Sous-total",
        "sous-total",
        "Tous",
        "All",
        "ÉNSEMBLE",
        "Grand Total",
    ],
)
def test_totals_rows_are_skipped_and_counted_not_refused(setting, tmp_path, total):
    """A French office's CSV: Windows-1252, `;`, decimal commas; totals by territory and by
    indicator, under the values."""
    data = lines(
        "Indicateur;Période;Territoire;Valeur",
        "imp-budget;2025;t-a;1 234,5",
        "imp-budget;2025;Rivière-aux-Outardes;99,5",
        f"imp-budget;2025;{total};1 334,0",
        f"{total};2025;t-a;1 234,5",
        end="\r\n",
    ).encode("cp1252")
    path = tmp_path / "budget.csv"
    path.write_bytes(data)
    out, _err = run(path, setting, "--dry-run", language="fr")
    assert out.splitlines() == [
        "2 nouvelles, 0 modifiées, 0 inchangées (essai : rien n'a été écrit)",
        "2 lignes de total ignorées.",
    ]
    out, _err = run(path, setting)
    assert out.splitlines() == ["2 new, 0 changed, 0 unchanged", "2 totals rows skipped."]
    assert set(written()) == {
        ("imp-budget", "t-a", "2025", ""),
        ("imp-budget", "t-outardes", "2025", ""),
    }
    job = ImportJob.objects.get(filename="budget.csv")
    assert (job.rows, job.totals_skipped) == (2, 2)


def test_a_territory_really_named_like_a_total_is_read_as_that_territory(setting, tmp_path):
    Territory.objects.create(
        initiative=setting.initiative,
        code="t-ensemble",
        name_fr="Ensemble",
        parent=setting.places["city"],
    )
    path = tmp_path / "ensemble.csv"
    path.write_bytes(
        lines("indicateur;période;territoire;valeur", "imp-served;2025;Ensemble;4").encode()
    )
    out, _err = run(path, setting)
    assert out == "1 new, 0 changed, 0 unchanged"
    assert set(written()) == {("imp-served", "t-ensemble", "2025", "")}
