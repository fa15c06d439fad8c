from datetime import date

import pytest
from django.utils import translation

from commun.measurement.forecast import forecast
from commun.measurement.periods import (
    PeriodError,
    next_period,
    normalize_period,
    period_bounds,
    period_start,
    periods_between,
    previous_period,
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
