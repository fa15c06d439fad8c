"""Dates, times and reporting periods are written out the reader's way, never ambiguously."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.utils import translation

from commun.formatting import format_date, format_datetime, format_period, format_time


@pytest.mark.parametrize(
    ("language", "day", "clock", "quarter", "month"),
    [
        ("fr", "3 décembre 2026", "11 h 13", "T3 2026", "juillet 2026"),
        ("en", "December 3, 2026", "11:13 a.m.", "Q3 2026", "July 2026"),
    ],
)
def test_dates_times_and_periods_in_each_language(language, day, clock, quarter, month):
    with translation.override(language):
        assert format_date(date(2026, 12, 3)) == day
        assert format_time(time(11, 13)) == clock
        assert format_period("2026-Q3") == quarter
        assert format_period("2026-07") == month
        assert format_period("2026") == "2026"


@pytest.mark.parametrize(
    ("language", "half", "week", "first_week"),
    [
        ("fr", "S2 2026", "semaine 5 de 2026", "semaine 1 de 2025"),
        ("en", "H2 2026", "week 5, 2026", "week 1, 2025"),
    ],
)
def test_half_years_and_weeks_in_each_language(language, half, week, first_week):
    """Half-years as quarters are written (S for semestre in French); a week by its number in
    its ISO year, the way a calendar names it."""
    assert format_period("2026-H2", language) == half
    assert format_period("2026-W05", language) == week
    assert format_period("2025-W01", language) == first_week  # starts on 30 December 2024


def test_a_moment_is_written_in_the_initiatives_time_zone():
    moment = datetime(2026, 12, 3, 16, 13, tzinfo=ZoneInfo("UTC"))
    assert format_datetime(moment, "fr") == "3 décembre 2026, 11 h 13"
    assert format_datetime(moment, "en") == "December 3, 2026, 11:13 a.m."


@pytest.mark.parametrize("language", ["fr", "en"])
def test_short_dates_name_the_month(language):
    """05/08/2026 is 5 August in French and May 8 in English: no page writes a date that way."""
    from django.template import Context, Template

    with translation.override(language):
        text = Template('{{ d|date:"SHORT_DATE_FORMAT" }}').render(Context({"d": date(2026, 8, 5)}))
    assert "/" not in text and "08" not in text
    assert text == {"fr": "5 août 2026", "en": "Aug. 5, 2026"}[language]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_date_and_time_inputs_render_what_the_browser_reads(language):
    """<input type="date"> shows only ISO dates; anything else is sent back empty."""
    with translation.override(language):
        date_html = forms.DateInput(attrs={"type": "date"}).render("d", date(2009, 9, 1))
        time_html = forms.TimeInput(attrs={"type": "time"}).render("t", time(9, 5))
        moment_html = forms.DateTimeInput(attrs={"type": "datetime-local"}).render(
            "m", datetime(2026, 12, 3, 9, 5)
        )
    assert 'value="2009-09-01"' in date_html
    assert 'value="09:05"' in time_html
    assert 'value="2026-12-03T09:05"' in moment_html
