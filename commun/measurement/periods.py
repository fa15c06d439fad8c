"""Reporting periods as canonical keys: "2025" (year), "2025-Q3" (quarter), "2025-07" (month)."""

import re
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    YEAR = "year", _("Yearly")
    QUARTER = "quarter", _("Quarterly")
    MONTH = "month", _("Monthly")


# ASCII digits only: Python's \d also matches other scripts' digits ("२०२६").
PATTERNS = {
    Frequency.YEAR: re.compile(r"^([0-9]{4})$"),
    Frequency.QUARTER: re.compile(r"^([0-9]{4})-Q([1-4])$"),
    Frequency.MONTH: re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$"),
}
# A quarter as either language writes it: 2026-Q3, 2026-T3, 2026T3, 2026 T3, T3 2026, Q3-2026.
QUARTER_SPELLINGS = [
    re.compile(r"^([0-9]{4})\s*[-/ ]?\s*[QT]([1-4])$", re.IGNORECASE),
    re.compile(r"^[QT]([1-4])\s*[-/ ]?\s*([0-9]{4})$", re.IGNORECASE),
]


def quarter_key(text: str) -> str | None:
    """ "T3 2026", "2026t3", "Q3-2026" → "2026-Q3"; None when it is not a quarter."""
    year_first, quarter_first = (pattern.match(text) for pattern in QUARTER_SPELLINGS)
    if year_first:
        return f"{year_first.group(1)}-Q{year_first.group(2)}"
    if quarter_first:
        return f"{quarter_first.group(2)}-Q{quarter_first.group(1)}"
    return None


class PeriodError(ValueError):
    pass


# The years a period may fall in: every period that enters Commun (a form, a file, the API) is
# refused outside them, so that the periods around any stored one stay computable.
FIRST_YEAR, LAST_YEAR = 1900, 2100


# A day ("2024-04-15", "2024/04/15"): the period that holds it, whatever the frequency.
DAY = re.compile(r"^([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})$")
# A month as statistics agencies and other systems write it: "2024-1", "2024/01", "202401"
# (DHIS2). Statistics Canada writes a quarter as its first month ("2000-04").
MONTH_SPELLING = re.compile(r"^([0-9]{4})(?:[-/]([0-9]{1,2})|([0-9]{2}))$")


def spelled_as_day_or_month(text: str, frequency: str) -> str | None:
    """The key of a period written as a day, or as a month where a month says which period it
    is (a quarter's first month); None otherwise."""
    day = DAY.match(text)
    if day:
        try:
            return period_of(date(*(int(part) for part in day.groups())), frequency)
        except ValueError:
            return None
    month = MONTH_SPELLING.match(text)
    if month is None or frequency == Frequency.YEAR:
        return None
    number = int(month.group(2) or month.group(3))
    if not 1 <= number <= 12:
        return None
    if frequency == Frequency.MONTH:
        return f"{month.group(1)}-{number:02d}"
    if number % 3 == 1:  # a quarter is written as its first month, never another
        return f"{month.group(1)}-Q{number // 3 + 1}"
    return None


def normalize_period(text: str, frequency: str) -> str:
    """The canonical key of a period as people and systems write it ("2025-t3", "T3 2025",
    "2025-07-01" → "2025-Q3"), or PeriodError."""
    cleaned = text.strip()
    if frequency == Frequency.QUARTER:
        cleaned = quarter_key(cleaned) or cleaned
    if not PATTERNS[frequency].match(cleaned):
        cleaned = spelled_as_day_or_month(cleaned, frequency) or cleaned
    if not PATTERNS[frequency].match(cleaned):
        raise PeriodError(
            _("“%(text)s” is not a %(frequency)s period (e.g. %(example)s).")
            % {
                "text": text,
                "frequency": Frequency(frequency).label.lower(),
                "example": EXAMPLES[frequency],
            }
        )
    year = int(cleaned[:4])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodError(
            _("“%(text)s” is outside the years Commun measures: years from %(first)d to %(last)d.")
            % {"text": text, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return cleaned


EXAMPLES = {
    Frequency.YEAR: "2025",
    Frequency.QUARTER: "2025-Q3, T3 2025",
    Frequency.MONTH: "2025-07",
}


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
        return f"{day.year:04d}"
    if frequency == Frequency.QUARTER:
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year:04d}-{day.month:02d}"


def shift_period(key: str, frequency: str, steps: int) -> str:
    """The period `steps` periods after `key` (before it when negative); PeriodError past the
    years a date can hold (1 to 9999)."""
    start = period_start(key, frequency)
    months = steps * {Frequency.YEAR: 12, Frequency.QUARTER: 3}.get(frequency, 1)
    month_index = start.year * 12 + start.month - 1 + months
    if not date.min.year <= month_index // 12 <= date.max.year:
        raise PeriodError(key)
    return period_of(date(month_index // 12, month_index % 12 + 1, 1), frequency)


def previous_period(key: str, frequency: str) -> str:
    return shift_period(key, frequency, -1)


def next_period(key: str, frequency: str) -> str:
    return shift_period(key, frequency, 1)


def period_bounds(key: str, frequency: str) -> tuple[date, date]:
    """(first day, first day of the next period) of a period; the last period a date can hold
    (9999, stored before years were bounded) ends on the last day there is."""
    try:
        end = period_start(next_period(key, frequency), frequency)
    except PeriodError:
        end = date.max
    return period_start(key, frequency), end


def periods_between(first: str, last: str, frequency: str) -> list[str]:
    """Every period from `first` to `last`, both included, in order."""
    periods, current = [], first
    stop = period_start(last, frequency)
    while period_start(current, frequency) <= stop:
        periods.append(current)
        if current == last:
            break
        current = next_period(current, frequency)
    return periods
