from datetime import date

import pytest

from commun.measurement.figures import forecast
from commun.measurement.periods import (
    PeriodError,
    next_period,
    normalize_period,
    period_start,
    periods_between,
    previous_period,
)


@pytest.mark.parametrize(
    ("typed", "frequency", "key"),
    [("2025", "year", "2025"), (" 2025-t3", "quarter", "2025-Q3"), ("2025-7", "month", "2025-07")],
)
def test_periods_are_read_as_people_type_them(typed, frequency, key):
    assert normalize_period(typed, frequency) == key


@pytest.mark.parametrize(
    ("typed", "frequency"),
    [("25", "year"), ("2025-Q5", "quarter"), ("2025-13", "month"), ("", "year")],
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
