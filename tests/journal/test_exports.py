"""The journal's exports: one row per outcome the person sees, with the page's filters, columns
in the reader's language."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from commun.initiatives.models import Partner
from commun.journal.models import ObservedOutcome
from tests.helpers import client_for
from tests.journal.outcome_factory import empty_journal, outcome  # noqa: F401

pytestmark = pytest.mark.usefixtures("empty_journal")


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    delimiter = ";" if text.split("\n", 1)[0].count(";") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def test_the_csv_has_one_row_per_outcome_seen_with_the_filters(people, initiative):
    editor = people["partner_editor"]
    another = (
        Partner.objects.filter(initiative=initiative).exclude(memberships__user=editor).first()
    )
    outcome(initiative, "Les élèves mangent mieux", kind="behaviour", observed_on=date(2026, 3, 2))
    outcome(initiative, "Le conseil ouvre ses séances", kind="policy")
    outcome(
        initiative, "Caché", partner=another, status=ObservedOutcome.Status.DRAFT, kind="policy"
    )
    client = client_for(editor)
    url = reverse("journal:outcomes_csv", args=[initiative.slug])
    rows = csv_rows(client.get(url))
    assert rows[0][:3] == ["Observé le", "Ce qui a changé", "Qui a changé"]  # French reader
    assert sorted(row[1] for row in rows[1:]) == [
        "Le conseil ouvre ses séances",
        "Les élèves mangent mieux",
    ]
    filtered = csv_rows(client.get(url + "?kind=behaviour"))
    assert [row[1] for row in filtered[1:]] == ["Les élèves mangent mieux"]
    assert filtered[1][0] == "2026-03-02"


def test_the_csv_speaks_english_to_an_english_reader(people, initiative):
    staff = people["backbone_staff"]
    staff.language = "en"
    staff.save(update_fields=["language"])
    outcome(initiative, "Le conseil ouvre ses séances", title_en="Council opens its meetings")
    rows = csv_rows(client_for(staff).get(reverse("journal:outcomes_csv", args=[initiative.slug])))
    assert rows[0][:2] == ["Observed on", "What changed"]
    assert rows[1][1] == "Council opens its meetings" and rows[1][3] == "Policy"


def test_the_workbook_holds_the_same_rows_and_keeps_formulas_as_text(people, initiative):
    outcome(initiative, '=HYPERLINK("http://x")')
    outcome(initiative, "Le conseil ouvre ses séances")
    response = client_for(people["backbone_staff"]).get(
        reverse("journal:outcomes_xlsx", args=[initiative.slug])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[0][1] == "Ce qui a changé"
    assert sorted(row[1] for row in values[1:]) == [
        '=HYPERLINK("http://x")',
        "Le conseil ouvre ses séances",
    ]
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells)
