"""The Excel reporting sheet: downloaded in the reader's language, filled in as a person fills a
spreadsheet (numbers typed in cells, names picked from the drop-down lists), sent back, stored."""

import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

from commun.formatting import format_period
from commun.initiatives.models import Membership
from commun.measurement.checks import combinations
from commun.measurement.completeness import closed_periods
from commun.measurement.figures import main_territory
from commun.measurement.models import (
    Category,
    Dimension,
    ImportJob,
    Indicator,
    Observation,
    Territory,
)
from commun.measurement.periods import Frequency
from tests.helpers import client_for
from tests.measurement.factories import gender, indicator, observe

HEADERS = {
    "fr": [
        "Indicateur",
        "Code de l'indicateur",
        "Période",
        "Code de la période",
        "Territoire",
        "Code du territoire",
    ],
    "en": [
        "Indicator",
        "Indicator code",
        "Period",
        "Period code",
        "Territory",
        "Territory code",
    ],
}
TAIL = {"fr": ["Valeur", "Commentaire", "État"], "en": ["Value", "Comment", "Status"]}


@pytest.fixture
def sheet_setting(initiative, people):
    """The partner editor's organization reports people served (a count, by quarter), a budget
    (an amount with 2 decimals) and people served by gender and age band."""
    partner = Membership.objects.get(user=people["partner_editor"], initiative=initiative).partner
    home = main_territory(initiative)
    outardes = Territory.objects.create(
        initiative=initiative,
        code="xl-outardes",
        name_fr="Rivière-aux-Outardes",
        name_en="Outardes River",
        parent=home,
    )
    sex = gender(initiative)
    age = Dimension.objects.create(
        initiative=initiative, code="xl-age", name_fr="Tranche d'âge", name_en="Age band"
    )
    Category.objects.create(dimension=age, code="0-17", name_fr="Enfants", name_en="Children")
    Category.objects.create(dimension=age, code="18-plus", name_fr="Adultes", name_en="Adults")
    served = indicator(
        initiative,
        "xl-served",
        "sum",
        frequency=Frequency.QUARTER,
        name_fr="Personnes accueillies",
        name_en="People welcomed",
    )
    budget = indicator(
        initiative,
        "xl-budget",
        "sum",
        unit=Indicator.Unit.AMOUNT,
        decimals=2,
        name_fr="Budget de l'aide alimentaire",
        name_en="Food aid budget",
    )
    by_group = indicator(
        initiative, "xl-by-group", "sum", name_fr="Repas servis", name_en="Meals served"
    )
    by_group.dimensions.add(sex, age)
    for reported in (served, budget, by_group):
        reported.reporting_partners.add(partner)
    return SimpleNamespace(
        initiative=initiative,
        partner=partner,
        editor=people["partner_editor"],
        home=home,
        outardes=outardes,
        served=served,
        budget=budget,
        by_group=by_group,
    )


def download(setting, language):
    """The sheet as the partner editor, who reads Commun in `language`, downloads it."""
    setting.editor.language = language
    setting.editor.save(update_fields=["language"])
    client = client_for(setting.editor)
    response = client.get(reverse("measurement:import_template", args=[setting.initiative.slug]))
    assert response.status_code == 200
    return client, load_workbook(io.BytesIO(response.content))


def rows_of(sheet, code):
    """The indicator's prefilled rows (its code in the second column)."""
    return [row for row in sheet.iter_rows(min_row=2) if row[1].value == code]


def send_back(client, setting, book, name):
    """Save the workbook, upload it, check the preview, import it; the job, reread."""
    out = io.BytesIO()
    book.save(out)
    slug = setting.initiative.slug
    client.post(
        reverse("measurement:import", args=[slug]),
        {"file": SimpleUploadedFile(name, out.getvalue())},
    )
    job = ImportJob.objects.get(created_by=setting.editor, filename=name)
    preview = client.get(reverse("measurement:import_preview", args=[slug, job.pk]))
    assert preview.status_code == 200
    client.post(reverse("measurement:import_run", args=[slug, job.pk]))
    job.refresh_from_db()
    return job


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_sheet_speaks_the_readers_language_and_guards_what_must_not_change(
    sheet_setting, language
):
    setting = sheet_setting
    older, latest = closed_periods(Frequency.QUARTER, timezone.localdate(), 2)
    observe(setting.served, setting.home, 1234, setting.partner, period=latest)
    _client, book = download(setting, language)
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[:6] == HEADERS[language]
    assert [name for name in header if name in TAIL[language]] == TAIL[language]
    age_band = {"fr": "Tranche d'âge", "en": "Age band"}[language]
    assert age_band in header[6:-3]  # each disaggregation by its name
    assert sheet.freeze_panes == "A2"

    value_column = header.index(TAIL[language][0])  # counted from 0
    served_rows = rows_of(sheet, "xl-served")
    assert [(r[0].value, r[2].value, r[3].value) for r in served_rows] == [
        (setting.served.name_fr if language == "fr" else setting.served.name_en, label, key)
        for key, label in (
            (older, format_period(older, language)),
            (latest, format_period(latest, language)),
        )
    ]
    entered = served_rows[1][value_column]
    assert entered.value == 1234 and entered.data_type == "n"  # a number, not a text
    assert entered.number_format == "#,##0"
    budget_cell = rows_of(sheet, "xl-budget")[0][value_column]
    assert budget_cell.number_format == "#,##0.00"

    # What says which value a row is for is locked; the value and its comment are not, unless
    # the value is approved (locked in Commun too).
    assert sheet.protection.sheet and not sheet.protection.password
    due, approved = served_rows
    comment = header.index(TAIL[language][1])
    for row in served_rows:
        assert all(cell.protection.locked for cell in row[:value_column])
    assert not due[value_column].protection.locked and not due[comment].protection.locked
    assert approved[value_column].protection.locked and approved[comment].protection.locked
    empty = sheet.max_row  # the last empty row, left for other territories and categories
    assert not sheet.cell(empty, 1).protection.locked
    assert not sheet.cell(empty, 5).protection.locked

    # Territories and categories are chosen from lists of names on a hidden sheet.
    lists = book.worksheets[-1]
    assert lists.sheet_state == "hidden"

    def choices_for(column_letter):
        for validation in sheet.data_validations.dataValidation:
            if any(
                CellRange(str(r)).min_col == CellRange(f"{column_letter}1").min_col
                and CellRange(str(r)).max_row == empty
                for r in validation.sqref.ranges
            ):
                reference = validation.formula1.split("!")[1].replace("$", "")
                return [cell.value for row in lists[reference] for cell in row]
        return None

    territory_names = choices_for("E")
    assert {"fr": "Rivière-aux-Outardes", "en": "Outardes River"}[language] in territory_names
    assert setting.home.name in territory_names
    age_letter = get_column_letter(header.index(age_band) + 1)
    expected = {"fr": ["Adultes", "Enfants"], "en": ["Adults", "Children"]}[language]
    assert choices_for(age_letter) == expected
    instructions = " ".join(str(c.value or "") for c in book.worksheets[1]["A"])
    assert ("mot de passe" if language == "fr" else "password") in instructions


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_sheet_filled_in_with_numbers_comes_back_and_its_values_are_stored(
    sheet_setting, language
):
    """Download, type numbers in the value cells, add a value for another territory in an empty
    row by picking names from the lists, send the file back: every value is stored."""
    setting = sheet_setting
    older, latest = closed_periods(Frequency.QUARTER, timezone.localdate(), 2)
    year_older, year_latest = closed_periods(Frequency.YEAR, timezone.localdate(), 2)
    approved = observe(setting.served, setting.home, 40, setting.partner, period=older)
    client, book = download(setting, language)
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    value = header.index(TAIL[language][0])
    typed = {"xl-served": 41, "xl-budget": 12345.5, "xl-by-group": 7}
    for code, number in typed.items():
        for row in rows_of(sheet, code):
            if row[value].value is None:
                row[value].value = number
    rows_of(sheet, "xl-budget")[0][header.index(TAIL[language][1])].value = "Dons reçus"

    # An empty row: the indicator and the territory picked by name, the period code typed.
    added = sheet.max_row - 10
    assert all(cell.value is None for cell in sheet[added])
    names = {
        "fr": ("Personnes accueillies", "Rivière-aux-Outardes"),
        "en": ("People welcomed", "Outardes River"),
    }[language]
    sheet.cell(added, 1).value = names[0]
    sheet.cell(added, 4).value = latest
    sheet.cell(added, 5).value = names[1]
    sheet.cell(added, value + 1).value = 3

    job = send_back(client, setting, book, f"retour-{language}.xlsx")
    assert job.status == "done", job.problems
    stored = {
        (o.indicator.code, o.territory.code, o.period, o.breakdown): (o.value, o.comment)
        for o in Observation.objects.filter(
            indicator__in=[setting.served, setting.budget, setting.by_group]
        ).select_related("indicator", "territory")
    }
    home = setting.home.code
    assert stored == {
        ("xl-served", home, older, ""): (Decimal(40), ""),
        ("xl-served", home, latest, ""): (Decimal(41), ""),
        ("xl-served", "xl-outardes", latest, ""): (Decimal(3), ""),
        ("xl-budget", home, year_older, ""): (Decimal("12345.5"), "Dons reçus"),
        ("xl-budget", home, year_latest, ""): (Decimal("12345.5"), ""),
        **{
            ("xl-by-group", home, period, key): (Decimal(7), "")
            for period in (year_older, year_latest)
            for key, _label in combinations(setting.by_group)
        },
    }
    approved.refresh_from_db()
    assert (approved.status, approved.value) == ("approved", 40)
    assert job.unchanged >= 1 and job.created == len(stored) - 1


def test_values_sent_back_untouched_are_stored_as_they_were(sheet_setting):
    """A cell shows the indicator's decimals but holds the stored value whole, and a share
    entered as numerator / denominator keeps them: the sheet sent back untouched changes no
    value (an approved one does not even trip over its lock)."""
    setting = sheet_setting
    share = indicator(
        setting.initiative,
        "xl-share",
        "mean",
        unit=Indicator.Unit.PERCENT,
        decimals=1,
        name_fr="Part des familles jointes",
    )
    share.reporting_partners.add(setting.partner)
    older, _latest = closed_periods(Frequency.YEAR, timezone.localdate(), 2)
    budget = observe(
        setting.budget, setting.home, Decimal("1234.567891"), setting.partner, period=older
    )
    third = observe(
        share, setting.home, Decimal("33.333333"), setting.partner, status="draft", period=older
    )
    Observation.objects.filter(pk=third.pk).update(numerator=1, denominator=3)
    client, book = download(setting, "fr")
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[-5:] == ["Valeur", "Numérateur", "Dénominateur", "Commentaire", "État"]
    job = send_back(client, setting, book, "intact.xlsx")
    assert job.status == "done", job.problems
    budget.refresh_from_db()
    third.refresh_from_db()
    assert (budget.value, budget.status) == (Decimal("1234.567891"), "approved")
    assert (third.value, third.numerator, third.denominator) == (Decimal("33.333333"), 1, 3)
    assert third.status == "submitted"  # sending the sheet hands the values in


@pytest.mark.parametrize("name", ['=HYPERLINK("http://evil.example","x")', "+1", "@SUM(A1)"])
def test_a_name_that_looks_like_a_formula_is_written_as_text_and_found_again(sheet_setting, name):
    """A territory or partner named like a formula is a text cell in the sheet, as typed (it never
    runs in the spreadsheet), and the sheet sent back still finds that territory."""
    setting = sheet_setting
    setting.home.name_fr = setting.home.name_en = name
    setting.home.save(update_fields=["name_fr", "name_en"])
    setting.partner.name_fr = setting.partner.name_en = "=" + name
    setting.partner.save(update_fields=["name_fr", "name_en"])
    client, book = download(setting, "fr")
    sheet = book.worksheets[0]
    written = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value == name]
    assert written and all(cell.data_type == "s" for cell in written)
    lists = book.worksheets[-1]
    assert [c.data_type for row in lists.iter_rows() for c in row if c.value == name] == ["s"]
    title = book.worksheets[1]["A1"]
    assert "=" + name in title.value and title.data_type == "s"

    value = [cell.value for cell in sheet[1]].index(TAIL["fr"][0])
    for row in rows_of(sheet, "xl-served"):
        row[value].value = 5
    job = send_back(client, setting, book, "formule.xlsx")
    assert job.status == "done", job.problems
    assert (
        Observation.objects.filter(
            indicator=setting.served, territory=setting.home, value=5
        ).count()
        == 2
    )
