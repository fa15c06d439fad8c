from datetime import date

import pytest
from django.utils import translation

from commun.formatting import format_period
from commun.measurement.forecast import forecast
from commun.measurement.forms import period_key
from commun.measurement.periods import (
    PeriodError,
    next_period,
    normalize_period,
    period_bounds,
    period_of,
    period_start,
    periods_between,
    previous_period,
    shift_period,
)


@pytest.mark.parametrize(
    ("typed", "frequency", "key"),
    [
        ("2025", "year", "2025"),
        (" 2025-t3", "quarter", "2025-Q3"),
        ("2026-Q3", "quarter", "2026-Q3"),
        ("2026-T3", "quarter", "2026-Q3"),
        ("2026T3", "quarter", "2026-Q3"),
        ("T3 2026", "quarter", "2026-Q3"),
        ("Q3 2026", "quarter", "2026-Q3"),
        ("q3-2026", "quarter", "2026-Q3"),
        ("2025-7", "month", "2025-07"),
        # As statistics agencies and other systems write them.
        ("2023T2", "quarter", "2023-Q2"),  # INSEE
        ("2023-T2", "quarter", "2023-Q2"),
        ("2024Q2", "quarter", "2024-Q2"),  # DHIS2
        ("2000-01", "quarter", "2000-Q1"),  # Statistics Canada: a quarter as its first month
        ("2000-04", "quarter", "2000-Q2"),
        ("2000-10", "quarter", "2000-Q4"),
        ("202401", "month", "2024-01"),  # DHIS2
        ("2024/03", "month", "2024-03"),
        ("2024-04-15", "quarter", "2024-Q2"),  # a day: the period that holds it
        ("2024-03-31", "quarter", "2024-Q1"),
        ("2024/12/31", "year", "2024"),
        ("2024-02-29", "month", "2024-02"),
    ],
)
def test_periods_are_read_as_people_type_them(typed, frequency, key):
    assert normalize_period(typed, frequency) == key


@pytest.mark.parametrize(
    ("typed", "frequency"),
    [
        ("25", "year"),
        ("2025-Q5", "quarter"),
        ("T5 2025", "quarter"),
        ("2025-13", "month"),
        ("2000-02", "quarter"),  # not a quarter's first month: which quarter is meant?
        ("2000-00", "month"),
        ("2023-02-30", "month"),
        ("202413", "month"),
        ("2024-04", "year"),
        ("", "year"),
        ("\u0968\u0966\u0968\u096c-Q1", "quarter"),  # Devanagari digits: not a second 2026-Q1
    ],
)
def test_impossible_periods_are_refused(typed, frequency):
    with pytest.raises(PeriodError):
        normalize_period(typed, frequency)


def test_periods_follow_each_other_across_years():
    assert previous_period("2025-Q1", "quarter") == "2024-Q4"
    assert next_period("2024-12", "month") == "2025-01"
    assert period_start("2025-Q3", "quarter") == date(2025, 7, 1)
    assert periods_between("2024-Q3", "2025-Q1", "quarter") == ["2024-Q3", "2024-Q4", "2025-Q1"]


def test_the_turn_the_curve_line_carries_the_trend_forward():
    points = [("2021", 10), ("2022", 12), ("2023", 14)]
    assert forecast(points, "year", horizon=2) == [("2023", 14.0), ("2024", 16.0), ("2025", 18.0)]
    assert forecast(points[:2], "year") == []  # two points are not a trend


@pytest.mark.parametrize(
    ("typed", "frequency"),
    [
        ("9999-Q4", "quarter"),
        ("0000-Q1", "quarter"),
        ("0001-Q1", "quarter"),
        ("1899-12", "month"),
        ("2101", "year"),
        ("T1 2101", "quarter"),
    ],
)
@pytest.mark.parametrize(
    ("language", "says"), [("en", "years from 1900 to 2100"), ("fr", "années de 1900 à 2100")]
)
def test_periods_outside_the_years_commun_measures_are_refused(typed, frequency, language, says):
    with translation.override(language), pytest.raises(PeriodError) as refused:
        normalize_period(typed, frequency)
    assert says in str(refused.value)


def test_the_first_and_last_years_are_periods():
    assert normalize_period("1900-Q1", "quarter") == "1900-Q1"
    assert normalize_period("2100-12", "month") == "2100-12"


def test_period_arithmetic_holds_at_the_edges_of_the_calendar():
    # Periods stored before years were bounded (up to 9999) are still read without error.
    assert period_bounds("9999-Q4", "quarter") == (date(9999, 10, 1), date.max)
    assert period_bounds("2100-Q4", "quarter") == (date(2100, 10, 1), date(2101, 1, 1))
    assert periods_between("9999-Q3", "9999-Q4", "quarter") == ["9999-Q3", "9999-Q4"]
    assert periods_between("0001", "0002", "year") == ["0001", "0002"]
    assert periods_between("2025", "2024", "year") == []
    with pytest.raises(PeriodError):
        next_period("9999", "year")


def test_the_forecast_stops_at_the_last_year_commun_measures():
    points = [("2100-Q1", 1), ("2100-Q2", 2), ("2100-Q3", 3), ("2100-Q4", 4)]
    assert forecast(points, "quarter") == []
    assert forecast([("2099-Q2", 1), ("2099-Q3", 2), ("2099-Q4", 3)], "quarter", horizon=3) == [
        ("2099-Q4", 3.0),
        ("2100-Q1", 4.0),
        ("2100-Q2", 5.0),
        ("2100-Q3", 6.0),
    ]
    assert forecast([("9997", 1), ("9998", 2), ("9999", 3)], "year") == []


@pytest.mark.parametrize("last", ["2100-Q4", "9999-Q4"])
def test_a_period_stored_at_the_edge_of_the_years_breaks_no_page(last, people, initiative):
    """A value stored at the last year (or past it, before years were bounded), with a trend that
    would carry past it: the dashboard, the indicator page and its chart still answer."""
    from django.urls import reverse

    from commun.measurement.aggregation import rebuild
    from commun.measurement.figures import main_territory
    from tests.helpers import client_for
    from tests.measurement.factories import indicator, observe

    edge = indicator(initiative, "edge-served", "sum", frequency="quarter")
    periods = [previous_period(previous_period(last, "quarter"), "quarter")]
    periods += [next_period(periods[0], "quarter"), last]
    for value, period in enumerate(periods, start=1):
        observe(edge, main_territory(initiative), value * 10, period=period)
    rebuild(edge, periods)
    urls = [
        reverse("measurement:overview", args=[initiative.slug]),
        reverse("measurement:indicator", args=[initiative.slug, edge.code]),
        reverse("measurement:indicator_png", args=[initiative.slug, edge.code]),
    ]
    for role, person in people.items():
        client = client_for(person)
        for url in urls:
            status = client.get(url).status_code
            assert status < 500, (role, url)
            if role in ("backbone_staff", "partner_member", "observer"):
                assert status == 200, (role, url)


# --- Weeks and half-years -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "frequency", "key"),
    [
        ("2024-W05", "week", "2024-W05"),
        ("2024W05", "week", "2024-W05"),  # DHIS2
        ("2024W5", "week", "2024-W05"),
        ("2024-W5", "week", "2024-W05"),
        ("2024-w05", "week", "2024-W05"),
        ("S05 2024", "week", "2024-W05"),  # semaine
        ("semaine 5 2024", "week", "2024-W05"),
        ("Semaine 5 de 2024", "week", "2024-W05"),
        ("W5 2024", "week", "2024-W05"),
        ("week 5, 2024", "week", "2024-W05"),
        ("Week 5 of 2024", "week", "2024-W05"),
        ("2026-W53", "week", "2026-W53"),  # 2026 has 53 ISO weeks
        ("2024-02-07", "week", "2024-W06"),  # a day: the week that holds it
        ("20240207", "week", "2024-W06"),  # a day as DHIS2 writes it
        ("2024-12-30", "week", "2025-W01"),  # week 1 of 2025 starts on a Monday in December
        ("2027-01-03", "week", "2026-W53"),  # and 3 January 2027 is still in 2026's last week
        ("2024S1", "half_year", "2024-H1"),  # DHIS2, and French "semestre"
        ("2024S2", "half_year", "2024-H2"),
        ("2024-H1", "half_year", "2024-H1"),
        ("2024h2", "half_year", "2024-H2"),
        ("H1 2024", "half_year", "2024-H1"),
        ("S1 2024", "half_year", "2024-H1"),
        ("S2-2024", "half_year", "2024-H2"),
        ("1er semestre 2024", "half_year", "2024-H1"),
        ("2e semestre de 2024", "half_year", "2024-H2"),
        ("deuxième semestre 2024", "half_year", "2024-H2"),
        ("semestre 2 2024", "half_year", "2024-H2"),
        ("first half of 2024", "half_year", "2024-H1"),
        ("2024-01", "half_year", "2024-H1"),  # Statistics Canada: a half-year as its first month
        ("2024-07", "half_year", "2024-H2"),
        ("2024-06-30", "half_year", "2024-H1"),  # a day: the half-year that holds it
        ("2024-07-01", "half_year", "2024-H2"),
    ],
)
def test_weeks_and_half_years_are_read_as_people_and_systems_write_them(typed, frequency, key):
    assert normalize_period(typed, frequency) == key


@pytest.mark.parametrize(
    ("key", "frequency", "fr", "en"),
    [
        ("2024-W05", "week", "semaine 5 de 2024", "week 5, 2024"),
        ("2026-W53", "week", "semaine 53 de 2026", "week 53, 2026"),
        ("2024-H1", "half_year", "S1 2024", "H1 2024"),
        ("2024-H2", "half_year", "S2 2024", "H2 2024"),
        ("2026-Q3", "quarter", "T3 2026", "Q3 2026"),
    ],
)
def test_weeks_and_half_years_are_written_the_readers_way_and_read_back(key, frequency, fr, en):
    assert (format_period(key, "fr"), format_period(key, "en")) == (fr, en)
    for written in (fr, en):
        assert normalize_period(written, frequency) == key
        assert period_key(written) == key  # a period box reads back what it shows, alone


@pytest.mark.parametrize(
    ("typed", "frequency"),
    [
        ("2025-W53", "week"),  # 2025 has 52 ISO weeks
        ("2024-W54", "week"),
        ("2024-W00", "week"),
        ("W0 2024", "week"),
        ("S1 2024", "week"),  # a half-year (semestre), not week 1
        ("2024S1", "week"),
        ("2024-02", "week"),  # a month holds parts of several weeks
        ("W52024", "week"),  # week 5 of 2024 or week 52 of 024?
        ("2024-H3", "half_year"),
        ("S3 2024", "half_year"),
        ("2024-04", "half_year"),  # not a half-year's first month
        ("3e semestre 2024", "half_year"),
        ("2024-W05", "half_year"),
        ("2024-H1", "quarter"),
        ("1899-W52", "week"),
        ("2101-W01", "week"),
        ("2101-H1", "half_year"),
        ("1899S2", "half_year"),
    ],
)
def test_weeks_and_half_years_that_do_not_exist_are_refused(typed, frequency):
    with pytest.raises(PeriodError):
        normalize_period(typed, frequency)


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("en", "“2025-W53” is not a week: 2025 has 52 ISO weeks (Monday to Sunday)."),
        ("fr", "« 2025-W53 » n'est pas une semaine : 2025 compte 52 semaines ISO"),
    ],
)
def test_week_53_of_a_year_without_one_is_refused_with_a_reason(language, says):
    with translation.override(language), pytest.raises(PeriodError) as refused:
        normalize_period("2025-W53", "week")
    assert says in str(refused.value)


@pytest.mark.parametrize(
    ("typed", "frequency", "language", "says"),
    [
        ("2024AprilS1", "half_year", "en", "Commun's half-years start in January and July"),
        ("2024AprilS1", "half_year", "en", "six months from April"),
        ("2024AprilS2", "half_year", "fr", "semestres de Commun commencent en janvier et en"),
        ("2024NovS1", "half_year", "fr", "un semestre qui commence en novembre"),
        ("2024WedW5", "week", "en", "a week starting on Wednesday"),
        ("2024SunW5", "week", "fr", "semaines de Commun sont les semaines ISO, du lundi"),
    ],
)
def test_dhis2_periods_that_start_on_other_days_are_refused_with_a_reason(
    typed, frequency, language, says
):
    """Six months from April are not one of Commun's half-years, nor two halves of them: no value
    can be mapped honestly, so the message says what Commun's periods are and what to send."""
    with translation.override(language), pytest.raises(PeriodError) as refused:
        normalize_period(typed, frequency)
    assert says in str(refused.value)


@pytest.mark.parametrize(
    ("language", "example"),
    [("fr", "2025-W05 ou semaine 5 de 2025"), ("en", "2025-W05 or week 5, 2025")],
)
def test_a_refused_week_is_told_with_an_example_in_the_readers_way(language, example):
    with translation.override(language), pytest.raises(PeriodError) as refused:
        normalize_period("la semaine dernière", "week")
    assert example in str(refused.value)


def test_weeks_follow_each_other_across_year_ends_with_and_without_week_53():
    assert next_period("2024-W52", "week") == "2025-W01"  # 2024 has 52 weeks
    assert next_period("2026-W52", "week") == "2026-W53"
    assert next_period("2026-W53", "week") == "2027-W01"
    assert previous_period("2027-W01", "week") == "2026-W53"
    assert shift_period("2026-W50", "week", 5) == "2027-W02"
    assert shift_period("2027-W02", "week", -5) == "2026-W50"
    assert periods_between("2026-W52", "2027-W02", "week") == [
        "2026-W52",
        "2026-W53",
        "2027-W01",
        "2027-W02",
    ]
    # Week 1 of 2025 starts in December 2024, and ends the first Sunday of 2025.
    assert period_bounds("2025-W01", "week") == (date(2024, 12, 30), date(2025, 1, 6))
    assert period_start("2026-W53", "week") == date(2026, 12, 28)
    assert period_of(date(2024, 12, 29), "week") == "2024-W52"
    assert period_of(date(2024, 12, 30), "week") == "2025-W01"


def test_half_years_follow_each_other_across_year_ends():
    assert next_period("2025-H2", "half_year") == "2026-H1"
    assert previous_period("2026-H1", "half_year") == "2025-H2"
    assert shift_period("2025-H1", "half_year", 3) == "2026-H2"
    assert period_bounds("2025-H2", "half_year") == (date(2025, 7, 1), date(2026, 1, 1))
    assert periods_between("2024-H2", "2026-H1", "half_year") == [
        "2024-H2",
        "2025-H1",
        "2025-H2",
        "2026-H1",
    ]
    assert period_of(date(2025, 6, 30), "half_year") == "2025-H1"
    assert period_of(date(2025, 7, 1), "half_year") == "2025-H2"


def test_weeks_and_half_years_at_the_edges_of_the_years_commun_measures():
    assert normalize_period("1900-W01", "week") == "1900-W01"
    assert period_start("1900-W01", "week") == date(1900, 1, 1)
    assert normalize_period("2100-H2", "half_year") == "2100-H2"
    # The last week a date can hold ends after the last day there is.
    assert period_bounds("9999-W52", "week") == (date(9999, 12, 27), date.max)
    with pytest.raises(PeriodError):
        next_period("9999-W52", "week")


def test_the_forecast_counts_week_53_and_the_turn_of_the_year():
    """One step a week, whether a year has 52 or 53: a steady weekly rise stays steady."""
    weeks = [("2026-W52", 10), ("2026-W53", 12), ("2027-W01", 14)]
    assert forecast(weeks, "week", horizon=2) == [
        ("2027-W01", 14.0),
        ("2027-W02", 16.0),
        ("2027-W03", 18.0),
    ]
    halves = [("2025-H1", 10), ("2025-H2", 12), ("2026-H1", 14)]
    assert forecast(halves, "half_year", horizon=1) == [("2026-H1", 14.0), ("2026-H2", 16.0)]
    # A gap is a gap: weeks 1 and 3 of 2025 are two steps apart.
    gap = [("2024-W52", 0), ("2025-W01", 1), ("2025-W03", 3)]
    period, value = forecast(gap, "week", horizon=1)[-1]
    assert (period, value) == ("2025-W04", pytest.approx(4.0))


def test_a_period_box_reads_a_key_as_itself():
    """ "2024-04" typed alone is April, not the second quarter written as its first month."""
    assert period_key("2024-04") == "2024-04"
    assert period_key("2024-04", "quarter") == "2024-Q2"
    assert period_key("2024W05") == "2024-W05"
    assert period_key("2024S1") == "2024-H1"
