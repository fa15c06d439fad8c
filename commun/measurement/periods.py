"""Reporting periods as canonical keys: "2025" (year), "2025-H1" (half-year), "2025-Q3" (quarter),
"2025-07" (month), "2025-W05" (ISO week: Monday to Sunday, in the year that holds its Thursday),
"2025-F04" (fiscal year: the twelve months from April 2025, to March 2026), "2025-F04H2" (fiscal
half-year: the second six months of that fiscal year, October 2025 to March 2026).

A fiscal key names its first month, so it describes itself without the initiative: its start
(`period_start`), its neighbours and its length are read from the key alone, and keys of one
frequency sort as text in time order (also across a change of the initiative's fiscal start).
Reading a fiscal year written as people write it ("2023-24", "FY 2024") needs the initiative's
first month (`Initiative.fiscal_year_start`): see `fiscal_periods.py`.
"""

import re
from datetime import date, timedelta

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from commun.formatting.periods import format_period
from commun.measurement.fiscal_periods import (
    FiscalSpellingError,
    fiscal_key,
    fiscal_start_of,
    read_fiscal,
)


class Frequency(models.TextChoices):
    YEAR = "year", _("Yearly")
    FISCAL_YEAR = "fiscal_year", _("Fiscal year")
    FISCAL_HALF_YEAR = "fiscal_half_year", _("Fiscal half-year")
    HALF_YEAR = "half_year", _("Half-yearly")
    QUARTER = "quarter", _("Quarterly")
    MONTH = "month", _("Monthly")
    WEEK = "week", _("Weekly")


# ASCII digits only: Python's \d also matches other scripts' digits ("२०२६").
PATTERNS = {
    Frequency.YEAR: re.compile(r"^([0-9]{4})$"),
    Frequency.FISCAL_YEAR: re.compile(r"^([0-9]{4})-F(0[1-9]|1[0-2])$"),
    Frequency.FISCAL_HALF_YEAR: re.compile(r"^([0-9]{4})-F(0[1-9]|1[0-2])H([12])$"),
    Frequency.HALF_YEAR: re.compile(r"^([0-9]{4})-H([12])$"),
    Frequency.QUARTER: re.compile(r"^([0-9]{4})-Q([1-4])$"),
    Frequency.MONTH: re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$"),
    Frequency.WEEK: re.compile(r"^([0-9]{4})-W(0[1-9]|[1-4][0-9]|5[0-3])$"),
}
# How many months a period lasts (a week is counted in days).
MONTHS = {
    Frequency.YEAR: 12,
    Frequency.FISCAL_YEAR: 12,
    Frequency.FISCAL_HALF_YEAR: 6,
    Frequency.HALF_YEAR: 6,
    Frequency.QUARTER: 3,
    Frequency.MONTH: 1,
}
FISCAL = {Frequency.FISCAL_YEAR, Frequency.FISCAL_HALF_YEAR}
KEY_LETTER = {Frequency.HALF_YEAR: "H", Frequency.QUARTER: "Q", Frequency.WEEK: "W"}

# A first or second half-year in words: "1er semestre 2024", "second half of 2024".
ORDINALS = {
    **dict.fromkeys(["1er", "1re", "1ère", "premier", "première", "first", "1st"], 1),
    **dict.fromkeys(["2e", "2ème", "2eme", "2nd", "2nde", "deuxième", "deuxieme"], 2),
    **dict.fromkeys(["second", "seconde"], 2),
}
# Between a number and its year in words: "semaine 5 2024", "semaine 5 de 2024", "week 5, 2024".
SEP = r"(?:\s*[-/,]\s*|\s+(?:de|of)\s+|\s+)"
# The other ways each frequency's periods are written: (pattern, group of the year, group of the
# number). "S" is a half-year (semestre) after a year (DHIS2's 2024S1) or alone with one digit
# (S1 2024), a week (semaine) with two digits (S05 2024): "S1 2024" is never read as a week.
SPELLINGS = {
    Frequency.QUARTER: [
        # 2026-Q3, 2026-T3, 2026T3, 2026 T3, T3 2026, Q3-2026.
        (re.compile(r"^([0-9]{4})\s*[-/ ]?\s*[QT]([1-4])$", re.IGNORECASE), 1, 2),
        (re.compile(r"^[QT]([1-4])\s*[-/ ]?\s*([0-9]{4})$", re.IGNORECASE), 2, 1),
    ],
    Frequency.HALF_YEAR: [
        # 2024-H1, 2024S1 (DHIS2, and French "semestre"), 2024 H1, H1 2024, S1 2024, S2-2024.
        (re.compile(r"^([0-9]{4})\s*[-/ ]?\s*[HS]([12])$", re.IGNORECASE), 1, 2),
        (re.compile(r"^[HS]([12])\s*[-/ ]?\s*([0-9]{4})$", re.IGNORECASE), 2, 1),
        # semestre 1 2024, semestre 2 de 2024, half 1 of 2024.
        (re.compile(rf"^(?:semestre|half)\s*([12]){SEP}([0-9]{{4}})$", re.IGNORECASE), 2, 1),
        # 1er semestre 2024, 2e semestre de 2024, first half 2024, 2nd half of 2024.
        (re.compile(rf"^(\w+)\s+(?:semestre|half){SEP}([0-9]{{4}})$", re.IGNORECASE), 2, 1),
    ],
    Frequency.WEEK: [
        # 2024-W05, 2024W05 (DHIS2), 2024-W5, 2024 W5.
        (re.compile(r"^([0-9]{4})\s*[-/ ]?\s*W\s*([0-9]{1,2})$", re.IGNORECASE), 1, 2),
        # W5 2024, W05-2024; S05 2024 (semaine).
        (re.compile(rf"^W\s*([0-9]{{1,2}}){SEP}([0-9]{{4}})$", re.IGNORECASE), 2, 1),
        (re.compile(rf"^S([0-9]{{2}}){SEP}([0-9]{{4}})$", re.IGNORECASE), 2, 1),
        # semaine 5 2024, semaine 5 de 2024, sem. 5 2024, week 5, 2024, week 5 of 2024.
        (
            re.compile(rf"^(?:semaine|sem\.?|week|wk\.?)\s*([0-9]{{1,2}}){SEP}([0-9]{{4}})$", re.I),
            2,
            1,
        ),
    ],
}


def spelled_key(text: str, frequency: str) -> str | None:
    """ "T3 2026" → "2026-Q3", "S1 2024" → "2024-H1", "2024W5" → "2024-W05"; None when `text` is
    none of the frequency's other spellings."""
    for pattern, year_group, number_group in SPELLINGS.get(frequency, []):
        match = pattern.match(text)
        if not match:
            continue
        written = match.group(number_group)
        number = int(written) if written.isascii() and written.isdigit() else None
        number = number or ORDINALS.get(written.lower())
        if number is None:
            continue
        width = 2 if frequency == Frequency.WEEK else 1
        return f"{match.group(year_group)}-{KEY_LETTER[frequency]}{number:0{width}d}"
    return None


class PeriodError(ValueError):
    pass


# The years a period may fall in: every period that enters Commun (a form, a file, the API) is
# refused outside them, so that the periods around any stored one stay computable.
FIRST_YEAR, LAST_YEAR = 1900, 2100


# A day ("2024-04-15", "2024/04/15", DHIS2's "20240415"): the period that holds it, whatever the
# frequency.
DAY = re.compile(r"^([0-9]{4})(?:[-/]([0-9]{1,2})[-/]([0-9]{1,2})|([0-9]{2})([0-9]{2}))$")
# A month as statistics agencies and other systems write it: "2024-1", "2024/01", "202401"
# (DHIS2). Statistics Canada writes a quarter or a half-year as its first month ("2000-04").
MONTH_SPELLING = re.compile(r"^([0-9]{4})(?:[-/]([0-9]{1,2})|([0-9]{2}))$")


def spelled_as_day_or_month(text: str, frequency: str) -> str | None:
    """The key of a period written as a day, or as a month where a month says which period it
    is (a quarter's or a half-year's first month); None otherwise."""
    day = DAY.match(text)
    if day:
        try:
            return period_of(date(*(int(part) for part in day.groups() if part)), frequency)
        except ValueError:
            return None
    month = MONTH_SPELLING.match(text)
    if month is None or frequency not in MONTHS or frequency == Frequency.YEAR:
        return None  # a year is not written as a month, nor a week: a month holds several
    number = int(month.group(2) or month.group(3))
    if not 1 <= number <= 12 or (number - 1) % MONTHS[frequency]:
        return None  # a period is written as its first month, never another
    return period_of(date(int(month.group(1)), number, 1), frequency)


# Periods DHIS2 writes that start on another day than Commun's: six months from April or
# November ("2024AprilS1", "2024NovS1"), weeks from another weekday ("2024WedW5").
DHIS2_HALF_YEAR = re.compile(r"^[0-9]{4}(Apr|April|Nov|November)S[12]$", re.IGNORECASE)
DHIS2_WEEK = re.compile(r"^[0-9]{4}(Wed|Thu|Sat|Sun)W[0-9]{1,2}$", re.IGNORECASE)
# A day of each weekday, to name the weekday in the reader's language.
WEEKDAYS = {
    "wed": date(2024, 1, 3),
    "thu": date(2024, 1, 4),
    "sat": date(2024, 1, 6),
    "sun": date(2024, 1, 7),
}


def other_calendar(text: str, frequency: str) -> str | None:
    """Why a period DHIS2 writes cannot be one of Commun's, or None."""
    if frequency == Frequency.HALF_YEAR and (match := DHIS2_HALF_YEAR.match(text)):
        first = 4 if match.group(1).lower().startswith("apr") else 11
        return _(
            "“%(text)s” is six months from %(month)s (as DHIS2 writes it): Commun's half-years "
            "start in January and July. Export the values by calendar half-year (2024S1), by "
            "quarter or by month instead."
        ) % {"text": text, "month": formats.date_format(date(2024, first, 1), "F")}
    if frequency == Frequency.WEEK and (match := DHIS2_WEEK.match(text)):
        return _(
            "“%(text)s” is a week starting on %(day)s (as DHIS2 writes it): Commun's weeks are "
            "ISO weeks, from Monday to Sunday. Export the values by ISO week (2024W5) or by day "
            "instead."
        ) % {"text": text, "day": formats.date_format(WEEKDAYS[match.group(1).lower()], "l")}
    return None


def normalize_period(text: str, frequency: str, fiscal_start: int | None = None) -> str:
    """The canonical key of a period as people and systems write it ("2025-t3", "T3 2025",
    "2025-07-01" → "2025-Q3"), or PeriodError. `fiscal_start`, the first month of the
    initiative's fiscal year, reads fiscal years ("2023-24" → "2023-F04"); without it, only
    fiscal spellings that name their month are read ("2023-F04", DHIS2's "2023April")."""
    cleaned = text.strip()
    if frequency in FISCAL:
        try:
            cleaned = read_fiscal(cleaned, MONTHS[frequency], fiscal_start) or cleaned
        except FiscalSpellingError as error:
            raise PeriodError(str(error)) from None
    else:
        if not PATTERNS[frequency].match(cleaned):
            cleaned = spelled_key(cleaned, frequency) or cleaned
        if not PATTERNS[frequency].match(cleaned):
            cleaned = spelled_as_day_or_month(cleaned, frequency) or cleaned
    if not PATTERNS[frequency].match(cleaned) and frequency in FISCAL:
        raise PeriodError(
            _("“%(text)s” is not a %(frequency)s (e.g. %(example)s).")
            % {
                "text": text,
                "frequency": Frequency(frequency).label.lower(),
                "example": example(frequency, fiscal_start),
            }
        )
    if not PATTERNS[frequency].match(cleaned):
        raise PeriodError(
            other_calendar(text.strip(), frequency)
            or _("“%(text)s” is not a %(frequency)s period (e.g. %(example)s).")
            % {
                "text": text,
                "frequency": Frequency(frequency).label.lower(),
                "example": example(frequency),
            }
        )
    year = int(cleaned[:4])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodError(
            _("“%(text)s” is outside the years Commun measures: years from %(first)d to %(last)d.")
            % {"text": text, "first": FIRST_YEAR, "last": LAST_YEAR}
        )
    if frequency == Frequency.WEEK and cleaned.endswith("-W53") and not has_week_53(year):
        raise PeriodError(
            _("“%(text)s” is not a week: %(year)d has 52 ISO weeks (Monday to Sunday).")
            % {"text": text, "year": year}
        )
    return cleaned


def has_week_53(year: int) -> bool:
    """ISO years with a Thursday on 1 January, or on 31 December, have 53 weeks (2026, 2032)."""
    return date(year, 12, 28).isocalendar().week == 53


EXAMPLES = {
    Frequency.YEAR: "2025",
    Frequency.FISCAL_YEAR: "2025-F04",
    Frequency.FISCAL_HALF_YEAR: "2025-F04H1",
    Frequency.HALF_YEAR: "2025-H1",
    Frequency.QUARTER: "2025-Q3",
    Frequency.MONTH: "2025-07",
    Frequency.WEEK: "2025-W05",
}


def example_key(frequency: str, fiscal_start: int | None = None) -> str:
    """A period of `frequency` in 2025, a fiscal one from the initiative's first month."""
    if frequency in FISCAL:
        return period_of(date(2025, fiscal_start or 4, 1), frequency, fiscal_start or 4)
    return EXAMPLES[frequency]


def example(frequency: str, fiscal_start: int | None = None) -> str:
    """A period of `frequency` as a key, and as the reader writes it when that reads back:
    "2025-Q3 ou T3 2025", "2025-F04 ou Exercice 2025-2026"."""
    key = example_key(frequency, fiscal_start)
    written = format_period(key)
    if written != key and (frequency in FISCAL or spelled_key(written, frequency) == key):
        return _("%(key)s or %(written)s") % {"key": key, "written": written}
    return key


def period_start(key: str, frequency: str) -> date:
    match = PATTERNS[frequency].match(key)
    if not match:
        raise PeriodError(key)
    year = int(match.group(1))
    if frequency == Frequency.WEEK:
        try:
            return date.fromisocalendar(year, int(match.group(2)), 1)
        except ValueError:
            raise PeriodError(key) from None
    if frequency == Frequency.YEAR:
        return date(year, 1, 1)
    if frequency in FISCAL:
        first = int(match.group(2)) - 1 + (6 if key.endswith("H2") else 0)
        return date(year + first // 12, first % 12 + 1, 1)
    return date(year, MONTHS[frequency] * (int(match.group(2)) - 1) + 1, 1)


def period_of(day: date, frequency: str, fiscal_start: int = 1) -> str:
    """The key of the period that holds `day` (a week in its ISO year: 2024-12-30 is 2025-W01;
    a fiscal year from the initiative's `fiscal_start` month)."""
    if frequency in FISCAL:
        return fiscal_key(day, MONTHS[frequency], fiscal_start)
    if frequency == Frequency.WEEK:
        year, week, _weekday = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if frequency == Frequency.YEAR:
        return f"{day.year:04d}"
    if frequency == Frequency.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    number = (day.month - 1) // MONTHS[frequency] + 1
    return f"{day.year:04d}-{KEY_LETTER[frequency]}{number}"


def shift_period(key: str, frequency: str, steps: int) -> str:
    """The period `steps` periods after `key` (before it when negative); PeriodError past the
    years a date can hold (1 to 9999)."""
    start = period_start(key, frequency)
    if frequency == Frequency.WEEK:
        try:
            return period_of(start + timedelta(weeks=steps), frequency)
        except OverflowError:
            raise PeriodError(key) from None
    month_index = start.year * 12 + start.month - 1 + steps * MONTHS[frequency]
    if not date.min.year <= month_index // 12 <= date.max.year:
        raise PeriodError(key)
    day = date(month_index // 12, month_index % 12 + 1, 1)
    return period_of(day, frequency, fiscal_start_of(key) or 1)


def period_index(key: str, frequency: str) -> int:
    """The period's place on a line where each period is one step: consecutive periods differ
    by one."""
    start = period_start(key, frequency)
    if frequency == Frequency.WEEK:
        return (start.toordinal() - 1) // 7  # 1 January of year 1 is a Monday
    offset = (fiscal_start_of(key) or 1) - 1  # a fiscal year's first month is its first step
    return (start.year * 12 + start.month - 1 - offset) // MONTHS[frequency]


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
