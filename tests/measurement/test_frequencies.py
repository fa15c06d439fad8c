"""Weekly and half-yearly indicators as people meet them: defined through the indicator form,
values typed in the grid and imported from a file, shown on the indicator page and the dashboard
in each language, and named late once their period has ended."""

import re
from datetime import date
from html import unescape
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from commun.initiatives.models import Membership, Partner
from commun.measurement import tasks
from commun.measurement.completeness import completeness
from commun.measurement.figures import main_territory
from commun.measurement.models import ImportJob, Indicator, Observation
from tests.helpers import client_for
from tests.measurement.factories import indicator, observe


def defined_through_the_form(client, initiative, code, frequency, baseline, target):
    """A new indicator as staff fill in the form: its baseline and a target typed as people write
    periods."""
    return client.post(
        reverse("measurement:indicator_new", args=[initiative.slug]),
        {
            "code": code,
            "name_fr": f"Repas {code}",
            "name_en": f"Meals {code}",
            "kind": "population",
            "unit": "count",
            "direction": "up",
            "aggregation": "sum",
            "decimals": "0",
            "frequency": frequency,
            "visibility": "partners",
            "status": "adopted",
            "baseline_period": baseline,
            "baseline_value": "100",
            "targets-TOTAL_FORMS": "1",
            "targets-INITIAL_FORMS": "0",
            "targets-MIN_NUM_FORMS": "0",
            "targets-MAX_NUM_FORMS": "1000",
            "targets-0-period": target,
            "targets-0-value": "500",
        },
    )


def grid(initiative, period):
    url = reverse("measurement:entry", args=[initiative.slug])
    return f"{url}?{urlencode({'period': period, 'territory': main_territory(initiative).pk})}"


def imported(initiative, by, text: str) -> ImportJob:
    """The backbone's own file, imported as the background task does."""
    job = ImportJob.objects.create(
        initiative=initiative,
        created_by=by,
        partner=None,
        filename="export.csv",
        data=text.encode(),
    )
    tasks.import_job(job.pk)
    job.refresh_from_db()
    return job


def page_in(person, language, url) -> str:
    person.language = language
    person.save(update_fields=["language"])
    response = client_for(person).get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


CASES = {
    # frequency: (baseline typed, its key; target typed, its key; typed in the grid, its key;
    #             the file's periods, their keys; (French, English) labels of the three periods
    #             and of the baseline)
    "week": (
        ("semaine 1 de 2026", "2026-W01"),
        ("S05 2027", "2027-W05"),
        ("semaine 52 de 2026", "2026-W52"),
        ("2026W53", "2026-W53", "2027-01-05", "2027-W01"),  # DHIS2, and a day of week 1
        (
            ["semaine 52 de 2026", "semaine 53 de 2026", "semaine 1 de 2027", "semaine 1 de 2026"],
            ["week 52, 2026", "week 53, 2026", "week 1, 2027", "week 1, 2026"],
        ),
    ),
    "half_year": (
        ("1er semestre 2024", "2024-H1"),
        ("S2 2027", "2027-H2"),
        ("S1 2026", "2026-H1"),
        ("2025S1", "2025-H1", "2025-07", "2025-H2"),  # DHIS2, and Statistics Canada's first month
        (
            ["S1 2025", "S2 2025", "S1 2026", "S1 2024"],
            ["H1 2025", "H2 2025", "H1 2026", "H1 2024"],
        ),
    ),
}


@pytest.mark.parametrize("frequency", list(CASES))
def test_an_indicator_of_weeks_or_half_years_from_its_form_to_its_page(
    frequency, people, initiative
):
    (baseline, base_key), (target, target_key), (typed, typed_key), file, labels = CASES[frequency]
    staff_person = people["backbone_staff"]
    staff = client_for(staff_person)
    code = f"repas-{frequency}"

    response = defined_through_the_form(staff, initiative, code, frequency, baseline, target)
    assert response.status_code == 302, unescape(response.content.decode())[-3000:]
    meals = Indicator.objects.get(initiative=initiative, code=code)
    assert (meals.frequency, meals.baseline_period) == (frequency, base_key)
    assert list(meals.targets.values_list("period", flat=True)) == [target_key]

    # The grid, for the period as a person types it: this indicator's cell alone.
    page = staff.get(grid(initiative, typed)).content.decode()
    assert re.findall(r'name="v\d+"', page) == ['name="v0"'] and meals.name_fr in page
    response = staff.post(grid(initiative, typed), {"v0": "120", "submit": "1"})
    assert response.status_code == 302
    assert Observation.objects.get(indicator=meals).period == typed_key

    # A file with the periods as other systems write them, under a header that names them.
    place = main_territory(initiative).code
    column = {"week": "Semaine", "half_year": "Semestre"}[frequency]
    job = imported(
        initiative,
        staff_person,
        f"indicator,{column},territory,value\n"
        f"{code},{file[0]},{place},90\n"
        f"{code},{file[2]},{place},105\n",
    )
    assert job.status == "done", job.problems
    stored = dict(Observation.objects.filter(indicator=meals).values_list("period", "value"))
    assert stored == {file[1]: 90, file[3]: 105, typed_key: 120}

    overview = reverse("measurement:overview", args=[initiative.slug])
    shown = reverse("measurement:indicator", args=[initiative.slug, code])
    for language, (first, second, last, base) in zip(["fr", "en"], labels, strict=True):
        html = page_in(staff_person, language, shown)
        table = html[html.index("<tbody>", html.index("<details><summary>")) :]
        assert table.index(first) < table.index(second) < table.index(last)  # in time order
        assert f"100 ({base})" in html  # the baseline and its period
        card = page_in(staff_person, language, overview)
        card = card[card.index(getattr(meals, f"name_{language}")) :]
        compared = {"fr": f"Comparé à la période {second}", "en": f"Compared with {second}"}
        assert last in card and compared[language] in card


@pytest.mark.parametrize(
    ("frequency", "typed", "language", "says"),
    [
        ("week", "2025-W53", "fr", "2025 compte 52 semaines ISO"),
        ("week", "S1 2026", "en", "is not a weekly period"),
        ("half_year", "2024AprilS1", "en", "Commun's half-years start in January and July"),
        ("half_year", "2024AprilS1", "fr", "commencent en janvier et en juillet"),
    ],
)
def test_a_target_that_is_not_one_of_the_indicators_periods_is_refused(
    frequency, typed, language, says, people, initiative
):
    person = people["backbone_staff"]
    person.language = language
    person.save(update_fields=["language"])
    response = defined_through_the_form(
        client_for(person), initiative, "refused", frequency, "", typed
    )
    assert response.status_code == 200
    assert says in unescape(response.content.decode())
    assert not Indicator.objects.filter(initiative=initiative, code="refused").exists()


@pytest.fixture
def reporter(initiative, people):
    return Membership.objects.get(user=people["partner_editor"], initiative=initiative).partner


def test_a_week_is_late_once_its_sunday_has_passed_across_the_year_end(initiative, reporter):
    weekly = indicator(initiative, "weekly-meals", "sum", frequency="week")
    weekly.reporting_partners.add(reporter)
    Partner.objects.filter(pk=reporter.pk).update(joined_on=date(2020, 1, 1))
    reporter.refresh_from_db()
    observe(weekly, main_territory(initiative), 7, reporter, period="2026-W53", status="submitted")
    # Wednesday 6 January 2027 is in week 1 of 2027: the four weeks before it have ended.
    table = completeness(initiative, date(2027, 1, 6))
    [(_weekly, periods, lines)] = [row for row in table if row[0] == weekly]
    assert periods == ["2026-W50", "2026-W51", "2026-W52", "2026-W53"]
    cells = dict(lines)[reporter]
    assert [c.status for c in cells] == ["late", "late", "late", "submitted"]
    # On Sunday 3 January 2027, week 53 of 2026 has not ended yet.
    table = completeness(initiative, date(2027, 1, 3))
    [(_weekly, periods, _lines)] = [row for row in table if row[0] == weekly]
    assert periods[-1] == "2026-W52"


@pytest.mark.parametrize(("language", "heading"), [("fr", "S1 2026"), ("en", "H1 2026")])
def test_a_half_year_is_late_from_the_first_of_july(
    language, heading, initiative, reporter, people
):
    halves = indicator(initiative, "half-meals", "sum", frequency="half_year")
    halves.reporting_partners.add(reporter)
    Partner.objects.filter(pk=reporter.pk).update(joined_on=date(2020, 1, 1))
    reporter.refresh_from_db()
    observe(halves, main_territory(initiative), 7, reporter, period="2025-H2", status="approved")
    table = completeness(initiative, date(2026, 7, 1))
    [(_halves, periods, lines)] = [row for row in table if row[0] == halves]
    assert periods == ["2024-H2", "2025-H1", "2025-H2", "2026-H1"]
    assert [c.status for c in dict(lines)[reporter]] == ["late", "late", "approved", "late"]
    table = completeness(initiative, date(2026, 6, 30))  # the first half has not ended yet
    assert [row[1] for row in table if row[0] == halves] == [
        ["2024-H1", "2024-H2", "2025-H1", "2025-H2"]
    ]
    with mock.patch("commun.measurement.views.timezone.localdate", return_value=date(2026, 7, 1)):
        html = page_in(
            people["backbone_staff"],
            language,
            reverse("measurement:completeness", args=[initiative.slug]),
        )
    section = html[html.index(halves.name_fr) :]
    assert f'<th scope="col">{heading}</th>' in section


def test_the_grid_says_which_indicators_another_period_would_show(people, initiative):
    """Typed a quarter, a weekly indicator has no cell: the page says how to reach it."""
    indicator(initiative, "weekly-visits", "sum", frequency="week")
    staff_person = people["backbone_staff"]
    url = grid(initiative, "2026-Q3")
    fr = page_in(staff_person, "fr", url)
    assert "Non affichés : les indicateurs de fréquence hebdomadaire" in fr
    assert "2025-W05 ou semaine 5 de 2025" in fr
    en = page_in(staff_person, "en", url)
    assert "Not shown: the weekly indicators" in en
    shown = page_in(staff_person, "en", grid(initiative, "2026-09-30"))  # a day: every one
    assert "Not shown" not in shown and "Indicateur weekly-visits" in shown


def test_the_reporting_sheet_asks_for_the_last_weeks_and_half_years_and_reads_them_back(
    initiative, people, reporter
):
    """On 6 January 2027 the sheet asks for weeks 52 and 53 of 2026 and both halves of 2026,
    written the reader's way beside their codes; filled in and sent back, each is stored."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    weekly = indicator(initiative, "xl-weekly", "sum", frequency="week")
    halves = indicator(initiative, "xl-halves", "sum", frequency="half_year")
    for reported in (weekly, halves):
        reported.reporting_partners.add(reporter)
    editor = people["partner_editor"]
    editor.language = "fr"
    editor.save(update_fields=["language"])
    client = client_for(editor)
    slug = initiative.slug
    with mock.patch("django.utils.timezone.localdate", return_value=date(2027, 1, 6)):
        response = client.get(reverse("measurement:import_template", args=[slug]))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    rows = [row for row in sheet.iter_rows(min_row=2) if row[1].value in ("xl-weekly", "xl-halves")]
    asked = [(row[1].value, row[2].value, row[3].value) for row in rows]
    assert asked == [
        ("xl-halves", "S1 2026", "2026-H1"),
        ("xl-halves", "S2 2026", "2026-H2"),
        ("xl-weekly", "semaine 52 de 2026", "2026-W52"),
        ("xl-weekly", "semaine 53 de 2026", "2026-W53"),
    ]
    how_to = " ".join(str(row[0].value) for row in book.worksheets[1].iter_rows())
    assert "2025-H1" in how_to and "2025-W05" in how_to
    header = [cell.value for cell in sheet[1]]
    for number, row in enumerate(rows, start=1):
        row[header.index("Valeur")].value = number
    out = io.BytesIO()
    book.save(out)
    client.post(
        reverse("measurement:import", args=[slug]),
        {"file": SimpleUploadedFile("retour.xlsx", out.getvalue())},
    )
    job = ImportJob.objects.get(created_by=editor, filename="retour.xlsx")
    client.post(reverse("measurement:import_run", args=[slug, job.pk]))
    job.refresh_from_db()
    assert job.status == "done", job.problems
    stored = Observation.objects.filter(indicator__in=[weekly, halves], partner=reporter)
    assert sorted(stored.values_list("period", "value")) == [
        ("2026-H1", 1),
        ("2026-H2", 2),
        ("2026-W52", 3),
        ("2026-W53", 4),
    ]
