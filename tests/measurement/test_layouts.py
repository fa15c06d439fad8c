"""Tables with one column per period, as statistics agencies and open-data portals publish them."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from commun.measurement.layouts import is_period, unpivot
from commun.measurement.models import ImportJob
from commun.measurement.reading import Table
from tests.helpers import client_for
from tests.measurement.test_imports import lines, setting, written
from tests.measurement.test_mapping import choose

__all__ = ["setting"]  # the fixture, shared with the import page's tests

pytestmark = pytest.mark.django_db

# As an open-data portal's download: Windows-1252, ";", a title, a typographic apostrophe, decimal
# commas with a percent sign, one column per year, a cell left empty (no figure that year).
PORTAL = lines(
    "Part des ménages à faible revenu \u2013 données de l\u2019enquête",
    "Territoire;2021;2022;2023",
    "t-a;6,8 %;7,1 %;",
    "Rivière-aux-Outardes;12,5 %;11,9 %;12,2 %",
).encode("cp1252")


@pytest.mark.parametrize(
    ("cell", "period"),
    [("2021", True), ("2023T2", True), ("T2 2023", True), ("2023-07", True), ("Territoire", False),
     ("", False), ("Total", False)],
)  # fmt: skip
def test_a_header_cell_is_a_period_in_any_spelling_commun_reads(cell, period):
    assert is_period(cell) is period


def test_a_table_with_one_column_per_period_is_read_one_value_per_row(setting):
    editor = setting.editor
    editor.language = "fr"
    editor.save(update_fields=["language"])
    client = client_for(editor)
    upload = client.post(
        reverse("measurement:import", args=[setting.initiative.slug]),
        {"file": SimpleUploadedFile("portail.csv", PORTAL)},
    )
    preview = upload["Location"]
    # Every row is the same indicator: the header is then found by its periods.
    page = choose(client, preview, const_indicator="imp-share").content.decode()
    assert "Toutes les lignes sont correctes" in page, page[page.find("<main") :][:2000]
    assert "5 lignes de valeurs" in page  # the empty cell is not a value
    job = ImportJob.objects.get(pk=preview.rstrip("/").split("/")[-1])
    client.post(reverse("measurement:import_run", args=[setting.initiative.slug, job.pk]))
    assert written() == {
        ("imp-share", "t-a", "2021", ""): (Decimal("6.8"), "", "submitted"),
        ("imp-share", "t-a", "2022", ""): (Decimal("7.1"), "", "submitted"),
        ("imp-share", "t-outardes", "2021", ""): (Decimal("12.5"), "", "submitted"),
        ("imp-share", "t-outardes", "2022", ""): (Decimal("11.9"), "", "submitted"),
        ("imp-share", "t-outardes", "2023", ""): (Decimal("12.2"), "", "submitted"),
    }


def test_a_wrong_cell_is_named_by_its_line_and_its_periods_column(setting):
    client = client_for(setting.editor)
    wrong = PORTAL.replace(b"11,9 %", b"beaucoup")
    upload = client.post(
        reverse("measurement:import", args=[setting.initiative.slug]),
        {"file": SimpleUploadedFile("portail.csv", wrong)},
    )
    page = choose(client, upload["Location"], const_indicator="imp-share").content.decode()
    assert "<strong>ligne 4, colonne 2022</strong>" in page or (
        "<strong>line 4, column 2022</strong>" in page
    )
    assert written() == {}


def test_unpivoting_keeps_the_other_columns_and_names_each_rows_origin():
    table = Table([["titre"], ["Code", "2021", "Note", "2022"], ["a", "1", "n", "2"]])
    read, header, columns, where = unpivot(table, 1, {"territory": 0, "comment": 2}, [1, 3])
    assert read.rows[1:] == [["a", "n", "2021", "1"], ["a", "n", "2022", "2"]]
    assert columns == {"territory": 0, "comment": 1, "period": 2, "value": 3}
    assert header == 0
    with translation.override("en"):
        assert where(2) == "line 3, column 2021" and where(3) == "line 3, column 2022"
    with translation.override("fr"):
        assert where(3) == "ligne 3, colonne 2022"
