"""Fiscal years as people meet them: the initiative says the month its fiscal year starts in;
an indicator reported by fiscal year reads "2023-24", "2023/2024", "FY 2024", "exercice
2023-2024" and DHIS2's "2023April" as one period, written "Exercice 2023-2024" / "FY 2023-24";
a spelling from another fiscal calendar is refused, naming both months."""

import io
import json
import re
from datetime import date
from html import unescape
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from commun.formatting import format_period
from commun.initiatives.models import Initiative, Membership, Partner
from commun.measurement import tasks
from commun.measurement.aggregation import rebuild
from commun.measurement.charts import trend_chart
from commun.measurement.completeness import completeness
from commun.measurement.figures import main_territory
from commun.measurement.fiscal_periods import dhis2_fiscal_period
from commun.measurement.models import ImportJob, Indicator, Observation
from commun.measurement.periods import (
    Frequency,
    PeriodError,
    normalize_period,
    period_bounds,
    period_index,
    period_start,
    periods_between,
    shift_period,
)
from tests.browser_forms import forms_of
from tests.helpers import client_for
from tests.measurement.factories import indicator, observe
from tests.measurement.test_frequencies import defined_through_the_form, grid, page_in

YEAR, HALF = Frequency.FISCAL_YEAR, Frequency.FISCAL_HALF_YEAR
APRIL = 4
DASH = "\N{EN DASH}"


@pytest.mark.parametrize(
    "written",
    [
        "2023-24",
        "2023-2024",
        "2023/2024",
        "2023/24",
        "2023\N{EN DASH}24",
        " 2023 - 2024 ",
        "FY2023-24",
        "FY 2023-24",
        "FY 2024",  # the year it ends in
        "fy24",
        "exercice 2023-2024",
        "Exercice financier 2023-2024",
        "année financière 2023-2024",
        "Exercice 2024",
        "2023April",  # DHIS2's financial year from April
        "2023Apr",
        "2023-F04",  # the key itself
        "2023-04",  # its first month
        "2023-04-01",  # its first day, and its last
        "2024-03-31",
        "20231115",  # a DHIS2 day
    ],
)
def test_every_spelling_of_a_fiscal_year_from_april_is_the_same_period(written):
    assert normalize_period(written, YEAR, APRIL) == "2023-F04"


@pytest.mark.parametrize(
    ("written", "start", "key"),
    [
        ("2024AprilS1", 4, "2024-F04H1"),  # DHIS2: April to September 2024
        ("2024AprilS2", 4, "2024-F04H2"),  # October 2024 to March 2025
        ("2024NovS1", 11, "2024-F11H1"),
        ("S2 2024-2025", 4, "2024-F04H2"),
        ("H1 FY 2024-25", 4, "2024-F04H1"),
        ("2024-25 S2", 4, "2024-F04H2"),
        ("S2 Exercice 2024-2025", 4, "2024-F04H2"),
        ("2024-10", 4, "2024-F04H2"),  # a half's first month
        ("2025-03-31", 4, "2024-F04H2"),
        ("2024-F04H1", 4, "2024-F04H1"),
    ],
)
def test_dhis2_six_months_and_fiscal_halves_are_read(written, start, key):
    assert normalize_period(written, HALF, start) == key


@pytest.mark.parametrize(
    ("written", "start", "key"),
    [("2024July", 7, "2024-F07"), ("2024Oct", 10, "2024-F10"), ("2024Nov", 11, "2024-F11")],
)
def test_dhis2_financial_years_are_read_when_they_start_in_the_initiatives_month(
    written, start, key
):
    assert normalize_period(written, YEAR, start) == key
    assert normalize_period(written, YEAR) == key  # the month it names is enough


@pytest.mark.parametrize(
    ("written", "start", "language", "says"),
    [
        (
            "2023July",
            APRIL,
            "fr",
            "« 2023July » est un exercice qui commence en juillet, mais l'exercice de cette "
            "initiative commence en avril.",
        ),
        (
            "2023July",
            APRIL,
            "en",
            "“2023July” is a fiscal year starting in July, but this initiative's fiscal year "
            "starts in April.",
        ),
        ("2023-F07", APRIL, "en", "starting in July, but this initiative's fiscal year starts"),
        ("2024Nov", APRIL, "en", "starting in November, but"),
        ("2024", APRIL, "fr", "écrivez l'exercice 2023-2024 ou 2024-2025"),
        ("2023-2025", APRIL, "en", "its two years must follow each other"),
        ("2023-24", 1, "en", "this initiative's fiscal year starts in January"),
        ("2023-05", APRIL, "en", f"is not a fiscal year (e.g. 2025-F04 or FY 2025{DASH}26)"),
        ("2023-Q2", APRIL, "fr", "n'est pas un exercice financier (p. ex. 2025-F04 ou Exercice"),
        ("1899-1900", APRIL, "en", "outside the years Commun measures"),
    ],
)
def test_a_fiscal_year_of_another_calendar_is_refused_with_the_reason(
    written, start, language, says
):
    with translation.override(language), pytest.raises(PeriodError) as refused:
        normalize_period(written, YEAR, start)
    assert says.replace(" ", "\N{NO-BREAK SPACE}") in str(refused.value).replace(
        " ", "\N{NO-BREAK SPACE}"
    )


def test_without_the_initiative_only_keys_and_dhis2_spellings_are_read():
    assert normalize_period("2023-F07", YEAR) == "2023-F07"
    with translation.override("en"), pytest.raises(PeriodError, match="which month"):
        normalize_period("2023-24", YEAR)
    for day in ("2023-06-30", "2023-04"):  # no calendar year taken for a fiscal one
        with pytest.raises(PeriodError):
            normalize_period(day, YEAR)


def test_fiscal_keys_describe_themselves_and_sort_in_time_order():
    assert period_bounds("2023-F04", YEAR) == (date(2023, 4, 1), date(2024, 4, 1))
    assert period_bounds("2023-F04H2", HALF) == (date(2023, 10, 1), date(2024, 4, 1))
    assert period_start("2023-F01", YEAR) == date(2023, 1, 1)
    assert shift_period("2023-F04", YEAR, -1) == "2022-F04"
    assert shift_period("2023-F04H2", HALF, 1) == "2024-F04H1"
    assert periods_between("2022-F10H2", "2023-F10H2", HALF) == [
        "2022-F10H2",
        "2023-F10H1",
        "2023-F10H2",
    ]
    assert period_index("2024-F04", YEAR) - period_index("2023-F04", YEAR) == 1
    assert period_index("2024-F04H1", HALF) - period_index("2023-F04H2", HALF) == 1
    keys = periods_between("1999-F07", "2011-F07", YEAR)
    assert sorted(keys) == keys == sorted(keys, key=lambda key: period_start(key, YEAR))


@pytest.mark.parametrize(
    ("key", "fr", "en"),
    [
        ("2023-F04", "Exercice 2023-2024", f"FY 2023{DASH}24"),
        ("1999-F07", "Exercice 1999-2000", f"FY 1999{DASH}00"),
        ("2023-F01", "Exercice 2023", "FY 2023"),
        ("2023-F04H2", "S2 Exercice 2023-2024", f"H2 FY 2023{DASH}24"),
    ],
)
def test_a_fiscal_year_is_written_as_each_reader_expects_and_reads_back(key, fr, en):
    assert (format_period(key, "fr"), format_period(key, "en")) == (fr, en)
    frequency = HALF if "H" in key[5:] else YEAR
    start = int(key[6:8])
    assert normalize_period(fr, frequency, start) == normalize_period(en, frequency, start) == key


@pytest.fixture
def april(initiative):
    initiative.fiscal_year_start = APRIL
    initiative.save(update_fields=["fiscal_year_start"])
    return initiative


@pytest.fixture
def reporter(initiative, people):
    """The partner editor's organization, a partner since 2020."""
    membership = Membership.objects.get(user=people["partner_editor"], initiative=initiative)
    Partner.objects.filter(pk=membership.partner_id).update(joined_on=date(2020, 1, 1))
    return Partner.objects.get(pk=membership.partner_id)


def test_staff_set_the_month_the_fiscal_year_starts_in_on_the_settings_page(people, initiative):
    admin = people["backbone_admin"]
    url = reverse("initiatives:settings", args=[initiative.slug])
    assert "Premier mois de l'exercice financier" in page_in(admin, "fr", url)
    html = page_in(admin, "en", url)
    assert "Fiscal year starts in" in html and "April reads “2023-24”" in html
    [form] = [f for f in forms_of(html) if "fiscal_year_start" in f.data()]
    data = form.data() | {"fiscal_year_start": ["4"]}
    assert client_for(admin).post(url, data).status_code == 302
    initiative.refresh_from_db()
    assert initiative.fiscal_year_start == APRIL
    for outsider in ("partner_editor", "observer", "other_initiative_admin", "anonymous"):
        response = client_for(people[outsider]).post(url, data | {"fiscal_year_start": ["7"]})
        assert response.status_code in (302, 403) and "login" in response.get("Location", "login")
    initiative.refresh_from_db()
    assert initiative.fiscal_year_start == APRIL
    with pytest.raises(Exception, match=r"fiscal_year_start|CHECK|check"):
        Initiative.objects.filter(pk=initiative.pk).update(fiscal_year_start=13)


def test_a_fiscal_year_indicator_from_its_form_to_its_page(people, april):
    staff_person = people["backbone_staff"]
    staff = client_for(staff_person)
    response = defined_through_the_form(
        staff, april, "fy-meals", YEAR, "exercice 2021-2022", "FY 2030"
    )
    assert response.status_code == 302, unescape(response.content.decode())[-3000:]
    meals = Indicator.objects.get(initiative=april, code="fy-meals")
    assert (meals.frequency, meals.baseline_period) == (YEAR, "2021-F04")
    assert list(meals.targets.values_list("period", flat=True)) == ["2029-F04"]

    # The grid, for a fiscal year as a person types it: this indicator's cell alone.
    page = staff.get(grid(april, "2023-24")).content.decode()
    assert re.findall(r'name="v\d+"', page) == ['name="v0"'] and meals.name_fr in page
    assert staff.post(grid(april, "2023-24"), {"v0": "120", "submit": "1"}).status_code == 302
    assert Observation.objects.get(indicator=meals).period == "2023-F04"

    shown = reverse("measurement:indicator", args=[april.slug, "fy-meals"])
    assert "Exercice 2023-2024" in page_in(staff_person, "fr", shown)
    html = page_in(staff_person, "en", shown)
    assert f"FY 2023{DASH}24" in html and f"100 (FY 2021{DASH}22)" in html


def test_a_july_financial_year_from_dhis2_is_refused_in_the_grid_and_the_form(people, april):
    staff_person = people["backbone_staff"]
    staff_person.language = "en"
    staff_person.save(update_fields=["language"])
    response = defined_through_the_form(
        client_for(staff_person), april, "fy-refused", YEAR, "", "2029July"
    )
    assert response.status_code == 200
    assert "starting in July, but this initiative's fiscal year starts in April" in unescape(
        response.content.decode()
    )
    assert not Indicator.objects.filter(code="fy-refused").exists()


def imported(initiative, by, data: bytes, name="exercices.csv") -> ImportJob:
    job = ImportJob.objects.create(
        initiative=initiative, created_by=by, partner=None, filename=name, data=data
    )
    tasks.import_job(job.pk)
    job.refresh_from_db()
    return job


def test_a_fiscal_year_file_imports_end_to_end_and_refuses_another_calendar_whole(people, april):
    """A Windows-1252 file with `;`, decimal commas and a title line, its fiscal years written
    four ways; a second file with one DHIS2 July year is refused whole."""
    staff = people["backbone_staff"]
    budget = indicator(april, "fy-budget", "sum", unit="amount", frequency=YEAR, decimals=1)
    place = main_territory(april).code
    text = (
        "Budget des partenaires, par exercice financier\r\n"
        "Indicateur;Exercice;Territoire;Valeur\r\n"
        f"fy-budget;2021-22;{place};1 234,5\r\n"
        f"fy-budget;exercice 2022/2023;{place};1 300,0\r\n"
        f"fy-budget;FY2024;{place};1 410,2\r\n"
        f"fy-budget;2024April;{place};1 500\r\n"
    )
    job = imported(april, staff, text.encode("cp1252"))
    assert job.status == "done", job.problems
    stored = dict(Observation.objects.filter(indicator=budget).values_list("period", "value"))
    assert {period: float(value) for period, value in stored.items()} == {
        "2021-F04": 1234.5,
        "2022-F04": 1300.0,
        "2023-F04": 1410.2,
        "2024-F04": 1500.0,
    }
    before = set(Observation.objects.filter(indicator=budget).values_list("period", "value"))
    refused = imported(
        april,
        staff,
        (
            "Indicateur;Exercice;Territoire;Valeur\r\n"
            f"fy-budget;2025-26;{place};1 600\r\n"
            f"fy-budget;2025July;{place};1 700\r\n"
        ).encode("cp1252"),
    )
    assert refused.status != "done"
    assert "commence en juillet" in str(refused.problems) or "July" in str(refused.problems)
    after = set(Observation.objects.filter(indicator=budget).values_list("period", "value"))
    assert after == before


def test_a_fiscal_year_indicators_csv_imports_back_unchanged(people, april):
    staff = people["backbone_staff"]
    budget = indicator(april, "fy-csv", "sum", frequency=YEAR, name_en="Budget")
    place = main_territory(april)
    for number, period in enumerate(["2022-F04", "2023-F04"]):
        observe(budget, place, 100 + number, period=period)
    rebuild(budget, ["2022-F04", "2023-F04"])
    staff.language = "fr"
    staff.save(update_fields=["language"])
    client = client_for(staff)
    data = client.get(
        reverse("measurement:indicator_csv", args=[april.slug, "fy-csv"]) + "?scope=all"
    ).content
    assert "Exercice 2022-2023" in data.decode("utf-8-sig")
    before = set(Observation.objects.values_list("pk", "period", "value", "status"))
    client.post(
        reverse("measurement:import", args=[april.slug]),
        {"file": SimpleUploadedFile("fy-csv.csv", data)},
    )
    job = ImportJob.objects.filter(created_by=staff).latest("pk")
    client.post(reverse("measurement:import_run", args=[april.slug, job.pk]))
    job.refresh_from_db()
    assert job.status == "done", job.problems
    assert set(Observation.objects.values_list("pk", "period", "value", "status")) == before


def test_a_fiscal_year_is_late_once_its_twelfth_month_has_ended(people, april, reporter):
    yearly = indicator(april, "fy-late", "sum", frequency=YEAR)
    yearly.reporting_partners.add(reporter)
    observe(yearly, main_territory(april), 7, reporter, period="2024-F04", status="submitted")
    table = completeness(april, date(2026, 3, 31))  # 2025-26 ends tonight
    [(_yearly, periods, lines)] = [row for row in table if row[0] == yearly]
    assert periods == ["2021-F04", "2022-F04", "2023-F04", "2024-F04"]
    assert [cell.status for cell in dict(lines)[reporter]] == ["late", "late", "late", "submitted"]
    table = completeness(april, date(2026, 4, 1))
    [(_yearly, periods, lines)] = [row for row in table if row[0] == yearly]
    assert periods[-1] == "2025-F04" and dict(lines)[reporter][-1].status == "late"
    with mock.patch("commun.measurement.views.timezone.localdate", return_value=date(2026, 4, 1)):
        html = page_in(
            people["backbone_staff"],
            "en",
            reverse("measurement:completeness", args=[april.slug]),
        )
    assert f'<th scope="col">FY 2025{DASH}26</th>' in html[html.index(yearly.name_fr) :]


def test_a_fiscal_years_chart_is_labelled_by_fiscal_year():
    budget = Indicator(
        code="fy",
        name_fr="Budget",
        unit="count",
        direction="up",
        aggregation="sum",
        frequency=YEAR,
    )
    points = [(key, 100 + n) for n, key in enumerate(periods_between("2019-F04", "2025-F04", YEAR))]
    for language, label in (("fr", "Exercice 2019-2020"), ("en", f"FY 2019{DASH}20")):
        with translation.override(language):
            spec = trend_chart(budget, points, [], [], baseline=None)
        expr = next(
            layer["encoding"]["x"]["axis"]["labelExpr"]
            for layer in spec["layer"]
            if "axis" in layer.get("encoding", {}).get("x", {})
        )
        labels = json.loads(expr[: expr.index("][") + 1])
        assert label in labels and all(text.startswith(label[:3]) for text in labels)
        assert "2019-04-01" in json.dumps(spec)  # each period sits at its first day


def test_the_reporting_sheet_asks_for_the_last_fiscal_years(people, initiative, reporter):
    """On 1 April 2026, with fiscal years from July, the last that has ended is 2024-25."""
    initiative.fiscal_year_start = 7
    initiative.save(update_fields=["fiscal_year_start"])
    yearly = indicator(initiative, "fy-xl", "sum", frequency=YEAR)
    yearly.reporting_partners.add(reporter)
    editor = people["partner_editor"]
    editor.language = "en"
    editor.save(update_fields=["language"])
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 4, 1)):
        response = client_for(editor).get(
            reverse("measurement:import_template", args=[initiative.slug])
        )
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    asked = [
        (row[2].value, row[3].value)
        for row in sheet.iter_rows(min_row=2)
        if row[1].value == "fy-xl"
    ]
    assert asked[-1] == (f"FY 2024{DASH}25", "2024-F07")
    how_to = " ".join(str(row[0].value) for row in book.worksheets[1].iter_rows())
    assert "2025-F07" in how_to and "F04" not in how_to


def test_a_fiscal_indicators_form_shows_its_years_the_readers_way_and_saved_unchanged_changes_nothing(
    people, april
):
    staff_person = people["backbone_staff"]
    client = client_for(staff_person)
    defined_through_the_form(client, april, "fy-edit", YEAR, "2021-22", "2029-30")
    meals = Indicator.objects.get(initiative=april, code="fy-edit")
    url = reverse("measurement:indicator_edit", args=[april.slug, "fy-edit"])
    html = page_in(staff_person, "fr", url)
    assert 'value="Exercice 2021-2022"' in html and 'value="Exercice 2029-2030"' in html
    [form] = [f for f in forms_of(html) if "baseline_period" in f.data()]
    history = meals.history.count()
    assert client.post(url, form.data()).status_code == 302
    meals.refresh_from_db()
    assert (meals.baseline_period, meals.history.count()) == ("2021-F04", history)
    assert list(meals.targets.values_list("period", flat=True)) == ["2029-F04"]


@pytest.mark.parametrize(
    ("key", "dhis2"),
    [
        ("2023-F04", "2023April"),
        ("2023-F07", "2023July"),
        ("2023-F10", "2023Oct"),
        ("2023-F11", "2023Nov"),
        ("2023-F04H2", "2023AprilS2"),
        ("2023-F11H1", "2023NovS1"),
        ("2023-F05", None),  # DHIS2 has no fiscal year from May
        ("2023-F07H1", None),
        ("2023", None),
    ],
)
def test_a_fiscal_key_is_written_as_dhis2_names_it_and_reads_back(key, dhis2):
    assert dhis2_fiscal_period(key) == dhis2
    if dhis2:
        frequency = HALF if "H" in key[5:] else YEAR
        assert normalize_period(dhis2, frequency, int(key[6:8])) == key


def test_staff_find_a_fiscal_years_values_in_the_review_queue_as_they_write_it(
    people, april, reporter
):
    budget = indicator(april, "fy-review", "sum", frequency=YEAR)
    place = main_territory(april)
    waiting = observe(budget, place, 5, reporter, period="2023-F04", status="submitted")
    observe(budget, place, 4, reporter, period="2022-F04", status="submitted")
    staff = client_for(people["backbone_staff"])
    url = reverse("measurement:review", args=[april.slug])
    for written in ("2023-24", "exercice 2023-2024", "FY 2024"):
        html = staff.get(url, {"period": written}).content.decode()
        shown = set(re.findall(r'name="observation" value="(\d+)"', html))
        assert shown == {str(waiting.pk)}, written


def test_a_table_with_one_column_per_fiscal_year_is_unpivoted(people, april):
    """As open-data portals publish series: one column per fiscal year, `;`, decimal commas."""
    staff = people["backbone_staff"]
    budget = indicator(april, "fy-wide", "sum", unit="amount", frequency=YEAR, decimals=1)
    place = main_territory(april).code
    text = f"Indicateur;Territoire;2021-22;2022-2023;FY2024\r\nfy-wide;{place};10,5;11;12\r\n"
    job = imported(april, staff, text.encode("cp1252"), name="large.csv")
    assert job.status == "done", job.problems
    stored = dict(Observation.objects.filter(indicator=budget).values_list("period", "value"))
    assert {period: float(value) for period, value in stored.items()} == {
        "2021-F04": 10.5,
        "2022-F04": 11.0,
        "2023-F04": 12.0,
    }
