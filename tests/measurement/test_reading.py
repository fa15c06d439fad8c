"""Reading files into rows of text: each file's encoding and delimiter, quotation marks as
spreadsheets write them and as people leave them open.

Files made to exhaust a web worker: a sheet that declares a million rows and sixteen thousand
columns but holds a few cells, a "zip bomb", rows and columns past the caps, a large file. Each is
read within a bounded memory or refused at once, with a message naming the cap; nothing is stored,
and a large file is read whole only by the background worker."""

import io
import re
import tracemalloc
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import Workbook

from commun.measurement import reading
from commun.measurement.models import ImportJob, Observation
from commun.measurement.reading import (
    MAX_COLUMNS,
    MAX_ROWS,
    UnreadableFile,
    read_table,
)
from tests.helpers import client_for
from tests.measurement import test_imports

setting = test_imports.setting  # the fixture: a partner editor's organization and indicators
written = test_imports.written
run_import = test_imports.run_import
lines = test_imports.lines
CORPUS = test_imports.CORPUS

# --- Encodings, delimiters, quotation marks --------------------------------------------------


def test_each_file_is_read_with_its_encoding_and_delimiter():
    seen = {
        case: (table.encoding, table.delimiter)
        for case, (name, data, _expected) in CORPUS.items()
        for table in [read_table(name, data)]
    }
    assert seen["utf8-bom-semicolon-french-numbers"] == ("UTF-8", ";")
    assert seen["windows-1252-tab-english-headers"] == ("Windows-1252", "\t")
    assert seen["comma-quoted-values"] == ("UTF-8", ",")


def test_a_short_file_with_two_title_lines_is_still_read_with_its_delimiter(setting):
    data = lines(
        "Banque alimentaire Saint-Roch",
        "Rapport annuel 2025",
        "indicateur;période;territoire;valeur",
        "imp-budget;2025;t-a;1 234,5",
    ).encode("utf-8")
    job = run_import(setting, "court.csv", data)
    assert job.status == "done", job.problems
    assert written() == {("imp-budget", "t-a", "2025", ""): (Decimal("1234.5"), "", "submitted")}


def test_a_stray_quote_in_a_large_file_gets_a_clear_message(setting):
    data = lines(
        "indicateur;période;territoire;valeur;commentaire",
        'imp-served;2025;t-a;1;"Le Phare',
        *["imp-served;2024;t-b;1;ok"] * 6000,
    ).encode()
    assert len(data) > 131072
    before = Observation.objects.count()
    job = run_import(setting, "gros.csv", data)
    assert job.status == "failed" and len(job.problems) == 1
    assert Observation.objects.count() == before


STRAY_QUOTE_SAID = {
    "en": 'line 2 cannot be read: a quotation mark (") is probably not closed. Nothing was written.',
    "fr": "La ligne 2 ne peut pas être lue : un guillemet (\") n'est probablement pas fermé. "
    "Rien n'a été enregistré.",
}


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("closed", ["never", "on a later line"])
def test_a_stray_quote_does_not_silently_swallow_the_following_rows(setting, closed, language):
    """A cell that opens a quotation mark and does not close it on its line (typed by hand in a
    text editor, or a program that does not quote): the rows after it would vanish into one
    comment. The file is refused, the line named, in the reader's language; nothing written."""
    data = lines(
        "indicateur;période;territoire;valeur;commentaire",
        'imp-served;2025;t-a;1;"Le Phare',
        "imp-served;2025;t-b;2;",
        "imp-served;2025;t-c;3;",
        "imp-served;2025;t-d;4;" + ('au coin de la rue"' if closed == "on a later line" else ""),
    ).encode()
    before = Observation.objects.count()
    job = run_import(setting, "guillemet.csv", data, language=language)
    assert job.status == "failed"
    assert [message for _where, message in job.problems] == [STRAY_QUOTE_SAID[language]]
    assert Observation.objects.count() == before


def test_a_quote_inside_a_cell_or_a_comment_over_two_lines_is_kept_as_written(setting):
    """What spreadsheets write: a quotation mark inside a cell (5" pipes), a comment over two lines
    quoted. Every row is imported, the texts as they were typed."""
    data = lines(
        "indicateur;période;territoire;valeur;commentaire",
        'imp-served;2025;t-a;1;tuyaux de 5"',
        'imp-served;2025;t-b;2;"Ouvert le lundi;',
        'fermé le mardi"',
        "imp-served;2025;t-c;3;",
    ).encode()
    job = run_import(setting, "guillemets.csv", data)
    assert (job.status, job.rows, job.problems) == ("done", 3, [])
    comments = {key[1]: found[1] for key, found in written().items()}
    assert comments == {
        "t-a": 'tuyaux de 5"',
        "t-b": "Ouvert le lundi;\nfermé le mardi",
        "t-c": "",
    }


# --- Files made to exhaust a web worker -------------------------------------------------------

MEMORY_BOUND = 100 * 1024 * 1024
HEADER = ["indicateur", "période", "territoire", "valeur"]


def workbook(*rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_sheet(data: bytes, edit=None, *, sheet_xml=None) -> bytes:
    """The .xlsx with its first sheet's XML edited by `edit(xml)`, or written by `sheet_xml(out)`
    (a function writing the part in pieces, so that a huge part is never in memory whole)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            if part.filename != "xl/worksheets/sheet1.xml":
                target.writestr(part, source.read(part))
            elif sheet_xml:
                with target.open(part.filename, "w", force_zip64=True) as written_part:
                    sheet_xml(written_part)
            else:
                target.writestr(part, edit(source.read(part).decode()).encode())
    return out.getvalue()


def declaring(data: bytes, ref: str) -> bytes:
    return with_sheet(
        data, lambda xml: re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', xml)
    )


def peak_while(read):
    """(what `read()` gave or the UnreadableFile it raised, its peak of memory in bytes)."""
    tracemalloc.start()
    try:
        try:
            outcome = read()
        except UnreadableFile as error:
            outcome = error
        return outcome, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def message(text, **values):
    with translation.override("fr"):
        return gettext(text) % values


def too_many_rows():
    with translation.override("fr"):
        return reading.too_many_rows()


def test_a_sheet_declaring_a_million_rows_and_every_column_is_read_as_the_cells_it_holds(setting):
    data = declaring(workbook(HEADER, ["imp-served", "2025", "t-a", 12]), "A1:XFD1048576")
    assert len(data) < 10_000
    table, peak = peak_while(lambda: read_table("rapport.xlsx", data))
    assert table.rows == [HEADER, ["imp-served", "2025", "t-a", "12"]]
    assert peak < MEMORY_BOUND

    job = upload_and_run(setting, "rapport.xlsx", data)
    assert job.status == "done", job.problems
    assert written()[("imp-served", "t-a", "2025", "")][0] == 12


def hundred_mb_of_rows(part):
    """A sheet whose XML unpacks to some 100 MB and packs to a few hundred kB."""
    part.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
    part.write(b"<sheetData>")
    row = b'<row><c t="inlineStr"><is><t>imp-served</t></is></c></row>'
    chunk = row * (1024 * 1024 // len(row))
    for _ in range(100):
        part.write(chunk)
    part.write(b"</sheetData></worksheet>")


def packed_a_thousand_times(part):
    """A part of 5 MB that packs to some 5 kB: no sheet of values packs like that."""
    part.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
    part.write(b"<sheetData>" + b" " * (5 * 1024 * 1024) + b"</sheetData></worksheet>")


@pytest.mark.parametrize("sheet_xml", [hundred_mb_of_rows, packed_a_thousand_times])
def test_a_spreadsheet_that_unpacks_to_too_much_is_refused_before_it_is_unpacked(
    setting, sheet_xml
):
    data = with_sheet(workbook(HEADER), sheet_xml=sheet_xml)
    assert len(data) < 1024 * 1024
    with translation.override("fr"):
        refused, peak = peak_while(lambda: read_table("bombe.xlsx", data))
    assert isinstance(refused, UnreadableFile)
    assert str(refused) == message(
        "This spreadsheet unpacks to more than %(size)s MB, the most Commun reads: save it as "
        "CSV, or split it into several files. Nothing was written.",
        size="50",
    )
    assert peak < MEMORY_BOUND
    refused_through_the_pages(setting, "bombe.xlsx", data, str(refused))


def test_a_sheet_with_a_value_past_the_last_row_allowed_is_refused_naming_the_cap(setting):
    far = (
        f'<row r="{MAX_ROWS + 1}"><c r="A{MAX_ROWS + 1}" t="inlineStr"><is><t>x</t></is></c></row>'
    )
    data = with_sheet(
        workbook(HEADER, ["imp-served", "2025", "t-a", 12]),
        lambda xml: xml.replace("</sheetData>", far + "</sheetData>"),
    )
    data = declaring(data, f"A1:D{MAX_ROWS + 1}")
    with translation.override("fr"):
        refused, peak = peak_while(lambda: read_table("long.xlsx", data))
    assert isinstance(refused, UnreadableFile)
    assert str(refused) == too_many_rows() and "1\u00a0000\u00a0000" in str(refused)
    assert peak < MEMORY_BOUND
    refused_through_the_pages(setting, "long.xlsx", data, str(refused))


def test_a_file_with_values_past_the_last_column_allowed_is_refused_naming_the_cap(setting):
    wide = ["x"] * (MAX_COLUMNS + 1)
    for name, data in (
        ("large.xlsx", workbook(HEADER, wide)),
        ("large.csv", ("\n".join([";".join(HEADER), ";".join(wide)]) + "\n").encode()),
    ):
        with translation.override("fr"), pytest.raises(UnreadableFile) as refused:
            read_table(name, data)
        assert str(refused.value) == message(
            "The file has values beyond its first %(count)s columns, the most one file may "
            "hold: remove the columns that are not needed. Nothing was written.",
            count="200",
        )
        refused_through_the_pages(setting, name, data, str(refused.value))
    # Columns left empty past the cap are no reason to refuse a file.
    table = read_table("vide.csv", (";".join(HEADER + [""] * MAX_COLUMNS) + "\n").encode())
    assert table.rows[0] == HEADER + [""] * (MAX_COLUMNS - len(HEADER))


def test_a_normal_workbook_still_imports(setting):
    data = workbook(["Note: rapport annuel"], [], HEADER, ["imp-served", "2025", "t-a", 7])
    job = upload_and_run(setting, "normal.xlsx", data)
    assert job.status == "done", job.problems
    assert written()[("imp-served", "t-a", "2025", "")][0] == 7


def test_a_large_workbook_is_read_whole_only_by_the_background_worker(
    setting, monkeypatch, django_capture_on_commit_callbacks
):
    """The preview reads the first rows of a large file, the run queues it unread; the worker
    reads it whole, checks it and imports it."""
    rows = 3000
    places = ["t-a", "t-b", "t-c", "t-d"]
    setting.served.frequency = "quarter"  # 3,000 cells within the years Commun measures
    setting.served.save(update_fields=["frequency"])
    data = workbook(
        HEADER,
        *[
            ["imp-served", f"{1900 + n // 16}-Q{n // 4 % 4 + 1}", places[n % 4], n]
            for n in range(rows)
        ],
    )
    assert reading.is_large("gros.xlsx", data)
    read_rows = []
    sheet_rows = reading._sheet_rows

    def spied(sheet, max_rows):
        read_rows.append(max_rows)
        return sheet_rows(sheet, max_rows)

    monkeypatch.setattr(reading, "_sheet_rows", spied)
    client = client_for(setting.editor)
    slug = setting.initiative.slug
    job = upload(client, setting, "gros.xlsx", data)
    html = client.get(reverse("measurement:import_preview", args=[slug, job.pk])).content.decode()
    with translation.override("fr"):
        assert gettext("Import the whole file") in html
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("measurement:import_run", args=[slug, job.pk]))
    assert read_rows == [reading.LARGE_PREVIEW_ROWS]  # nothing read whole in a request
    job.refresh_from_db()
    assert job.status == "queued" and len(callbacks) == 1
    callbacks[0]()  # the worker
    job.refresh_from_db()
    assert (job.status, job.rows) == ("done", rows), job.problems
    assert read_rows == [reading.LARGE_PREVIEW_ROWS, None]
    assert Observation.objects.filter(indicator=setting.served).count() == rows


def upload(client, setting, name, data):
    client.post(
        reverse("measurement:import", args=[setting.initiative.slug]),
        {"file": SimpleUploadedFile(name, data)},
    )
    return ImportJob.objects.get(created_by=setting.editor, filename=name)


def upload_and_run(setting, name, data):
    client = client_for(setting.editor)
    slug = setting.initiative.slug
    job = upload(client, setting, name, data)
    assert client.get(reverse("measurement:import_preview", args=[slug, job.pk])).status_code == 200
    client.post(reverse("measurement:import_run", args=[slug, job.pk]))
    job.refresh_from_db()
    return job


def refused_through_the_pages(setting, name, data, refusal):
    """The partner editor (who reads French) is shown the refusal on the preview; running it
    changes nothing."""
    before = Observation.objects.count()
    client = client_for(setting.editor)
    slug = setting.initiative.slug
    job = upload(client, setting, name, data)
    preview = client.get(reverse("measurement:import_preview", args=[slug, job.pk]))
    assert preview.status_code == 200
    assert refusal.replace("'", "&#x27;") in preview.content.decode()
    client.post(reverse("measurement:import_run", args=[slug, job.pk]))
    job.refresh_from_db()
    assert job.status == "uploaded" and Observation.objects.count() == before
    job.delete()
