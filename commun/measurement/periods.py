"""Reporting periods as canonical keys: "2025" (year), "2025-Q3" (quarter), "2025-07" (month)."""

import re
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    YEAR = "year", _("Yearly")
    QUARTER = "quarter", _("Quarterly")
    MONTH = "month", _("Monthly")


PATTERNS = {
    Frequency.YEAR: re.compile(r"^(\d{4})$"),
    Frequency.QUARTER: re.compile(r"^(\d{4})-Q([1-4])$"),
    Frequency.MONTH: re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
}


class PeriodError(ValueError):
    pass


def normalize_period(text: str, frequency: str) -> str:
    """The canonical key of a period typed by a person ("2025-t3" → "2025-Q3"), or PeriodError."""
    cleaned = (
        text.strip().upper().replace("T", "Q") if frequency == Frequency.QUARTER else text.strip()
    )
    if frequency == Frequency.MONTH and re.match(r"^\d{4}-\d$", cleaned):
        cleaned = f"{cleaned[:5]}0{cleaned[5]}"
    if not PATTERNS[frequency].match(cleaned):
        raise PeriodError(
            _("“%(text)s” is not a %(frequency)s period (e.g. %(example)s).")
            % {
                "text": text,
                "frequency": Frequency(frequency).label.lower(),
                "example": EXAMPLES[frequency],
            }
        )
    return cleaned


EXAMPLES = {Frequency.YEAR: "2025", Frequency.QUARTER: "2025-Q3", Frequency.MONTH: "2025-07"}


def period_start(key: str, frequency: str) -> date:
    match = PATTERNS[frequency].match(key)
    if not match:
        raise PeriodError(key)
    year = int(match.group(1))
    if frequency == Frequency.YEAR:
        return date(year, 1, 1)
    if frequency == Frequency.QUARTER:
        return date(year, 3 * (int(match.group(2)) - 1) + 1, 1)
    return date(year, int(match.group(2)), 1)


def period_of(day: date, frequency: str) -> str:
    if frequency == Frequency.YEAR:
        return f"{day.year}"
    if frequency == Frequency.QUARTER:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def shift_period(key: str, frequency: str, steps: int) -> str:
    """The period `steps` periods after `key` (before it when negative)."""
    start = period_start(key, frequency)
    if frequency == Frequency.YEAR:
        return f"{start.year + steps}"
    months = steps * (3 if frequency == Frequency.QUARTER else 1)
    month_index = start.year * 12 + start.month - 1 + months
    return period_of(date(month_index // 12, month_index % 12 + 1, 1), frequency)


def previous_period(key: str, frequency: str) -> str:
    return shift_period(key, frequency, -1)


def next_period(key: str, frequency: str) -> str:
    return shift_period(key, frequency, 1)


def period_bounds(key: str, frequency: str) -> tuple[date, date]:
    """(first day, first day of the next period) of a period."""
    return period_start(key, frequency), period_start(next_period(key, frequency), frequency)


def periods_between(first: str, last: str, frequency: str) -> list[str]:
    """Every period from `first` to `last`, both included, in order."""
    periods, current = [], last
    stop = period_start(first, frequency)
    while period_start(current, frequency) >= stop:
        periods.append(current)
        current = previous_period(current, frequency)
    return periods[::-1]
