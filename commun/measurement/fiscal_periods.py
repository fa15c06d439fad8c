"""Fiscal years and their halves: their keys, and the ways people and systems write them.

"2023-F04" is the fiscal year from April 2023 to March 2024, "2023-F04H2" its second half
(October 2023 to March 2024): a key names its first month, so it needs no initiative to be read.
For an initiative whose fiscal year starts in April, these are all 2023-F04:
- the two years it spans, Canada's way: "2023-24", "2023-2024", "2023/2024", "2023/24" (or an
  en or em dash), with or without "FY", "exercice (financier)" or "année financière" before;
- one year after "FY" or "exercice": the year it **ends** in ("FY 2024", "FY24", "exercice
  2024"), as the U.S. and Australian governments and most companies name theirs;
- DHIS2's financial years, named by the year and month they start ("2023April", "2023July",
  "2023Oct", "2023Nov", any month); DHIS2's six months from a month: "2023AprilS1" (April to
  September 2023), "2023AprilS2" (October 2023 to March 2024);
- a day (the fiscal year that holds it) or the fiscal year's first month ("2023-04").
A spelling that names another first month than the initiative's is refused, naming both; a year
alone ("2024") is a fiscal year only where it is the calendar year (January).
Halves: the year's spelling with "S1"/"H2" before or after it ("S1 2023-2024", "H2 FY 2023-24").
"""

import re
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

KEY = re.compile(r"^([0-9]{4})-F(0[1-9]|1[0-2])$")
# "FY", "exercice financier", "année financière" before a fiscal year (optional with two years).
NAMED = r"(?:fy|f\.y\.|fiscal\s+year|exercice(?:\s+financier)?|ann[ée]e\s+financi[èe]re)"
DASHES = "-/\N{EN DASH}\N{EM DASH}"
TWO_YEARS = re.compile(
    rf"^(?:{NAMED}\s*)?([0-9]{{4}})\s*[{DASHES}]\s*([0-9]{{4}}|[0-9]{{2}})$", re.IGNORECASE
)
ENDING = re.compile(rf"^{NAMED}\s*([0-9]{{4}}|[0-9]{{2}})$", re.IGNORECASE)
DHIS2 = re.compile(r"^([0-9]{4})([a-z]{3,9})$", re.IGNORECASE)
YEAR = re.compile(r"^([0-9]{4})$")
DAY = re.compile(r"^([0-9]{4})(?:[-/]([0-9]{1,2})[-/]([0-9]{1,2})|([0-9]{2})([0-9]{2}))$")
MONTH = re.compile(r"^([0-9]{4})[-/]([0-9]{1,2})$")
# A half before or after its fiscal year: "S1 2023-2024", "2023-24 H2", DHIS2's "2023AprilS1".
HALF_BEFORE = re.compile(r"^[HS]([12])\s*[-/ ]?\s*(.+)$", re.IGNORECASE)
HALF_AFTER = re.compile(r"^(.+?)\s*[-/ ]?\s*[HS]([12])$", re.IGNORECASE)
MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ["jan", "january"],
            ["feb", "february"],
            ["mar", "march"],
            ["apr", "april"],
            ["may"],
            ["jun", "june"],
            ["jul", "july"],
            ["aug", "august"],
            ["sep", "sept", "september"],
            ["oct", "october"],
            ["nov", "november"],
            ["dec", "december"],
        ],
        start=1,
    )
    for name in names
}


class FiscalSpellingError(ValueError):
    """A fiscal period that cannot be read, with the reason for the person who wrote it."""


def month_name(month: int) -> str:
    return formats.date_format(date(2024, month, 1), "F")


def fiscal_key(day: date, months: int, fiscal_start: int) -> str:
    """The key of the fiscal year (`months` 12) or half-year (6) that holds `day`."""
    year = day.year if day.month >= fiscal_start else day.year - 1
    key = f"{year:04d}-F{fiscal_start:02d}"
    if months == 6:
        key += f"H{(day.month - fiscal_start) % 12 // 6 + 1}"
    return key


def fiscal_start_of(key: str) -> int | None:
    """The first month of the fiscal year a key names ("2025-F04H2" → 4); None for other keys."""
    match = re.match(r"^[0-9]{4}-F(0[1-9]|1[0-2])(?:H[12])?$", key)
    return int(match.group(1)) if match else None


def read_fiscal(text: str, months: int, fiscal_start: int | None) -> str | None:
    """The key of a fiscal year (`months` 12) or half-year (6) as written, None when `text` is
    no fiscal spelling, FiscalSpellingError when it is one that cannot be this initiative's.
    `fiscal_start` None (the initiative unknown) reads only spellings that name their month."""
    half = None
    if months == 6:
        if re.match(r"^[0-9]{4}-F(0[1-9]|1[0-2])H[12]$", text):
            return _checked(text, text, int(text[6:8]), fiscal_start)
        match = HALF_BEFORE.match(text)
        if match and not DAY.match(text):
            half, text_of_year = int(match.group(1)), match.group(2)
        elif match := HALF_AFTER.match(text):
            text_of_year, half = match.group(1), int(match.group(2))
        else:
            return _by_date(text, months, fiscal_start)
    else:
        text_of_year = text
    found = _fiscal_year(text_of_year.strip(), text, fiscal_start)
    if found is None:
        return None if half else _by_date(text, months, fiscal_start)
    return found + (f"H{half}" if half else "")


def _fiscal_year(text: str, written: str, fiscal_start: int | None) -> str | None:
    """The key of a fiscal year written in `text` (part of `written`), or None."""
    if KEY.match(text):
        return _checked(written, text, int(text[6:8]), fiscal_start)
    if match := DHIS2.match(text):
        month = MONTH_NAMES.get(match.group(2).lower())
        if month is None:
            return None
        return _checked(written, f"{match.group(1)}-F{month:02d}", month, fiscal_start)
    first = None
    if match := TWO_YEARS.match(text):
        first, last = int(match.group(1)), match.group(2)
        if int(last) != (first + 1 if len(last) == 4 else (first + 1) % 100):
            if len(last) == 2 and 1 <= int(last) <= 12:
                return None  # a month ("2023-04"), read by `_by_date`
            raise FiscalSpellingError(
                _("“%(text)s” is not one fiscal year: its two years must follow each other.")
                % {"text": written}
            )
        if fiscal_start == 1:
            raise FiscalSpellingError(
                _(
                    "“%(text)s” spans two years, but this initiative's fiscal year starts in "
                    "January: write the year alone, or set the month its fiscal year starts in "
                    "on the initiative's settings."
                )
                % {"text": written}
            )
    elif match := ENDING.match(text):
        end = int(match.group(1)) + (2000 if len(match.group(1)) == 2 else 0)
        first = end if fiscal_start == 1 else end - 1
    elif YEAR.match(text) and fiscal_start is not None:
        if fiscal_start != 1:
            year = int(text)
            raise FiscalSpellingError(
                _(
                    "“%(text)s” is a calendar year, and this initiative's fiscal year starts in "
                    "%(month)s: write the fiscal year as %(before)s or %(after)s."
                )
                % {
                    "text": written,
                    "month": month_name(fiscal_start),
                    "before": f"{year - 1}-{year}",
                    "after": f"{year}-{year + 1}",
                }
            )
        first = int(text)
    if first is None:
        return None
    if fiscal_start is None:
        raise FiscalSpellingError(
            _("“%(text)s” does not say which month its fiscal year starts in: write %(key)s.")
            % {"text": written, "key": f"{first}-F04"}
        )
    return f"{first:04d}-F{fiscal_start:02d}"


def _checked(written: str, key: str, month: int, fiscal_start: int | None) -> str:
    """`key`, unless it starts in another month than the initiative's fiscal year."""
    if fiscal_start is not None and month != fiscal_start:
        raise FiscalSpellingError(
            _(
                "“%(text)s” is a fiscal year starting in %(written)s, but this initiative's "
                "fiscal year starts in %(month)s. Export the values by the initiative's fiscal "
                "year, or change the month it starts in on the initiative's settings."
            )
            % {"text": written, "written": month_name(month), "month": month_name(fiscal_start)}
        )
    return key


def _by_date(text: str, months: int, fiscal_start: int | None) -> str | None:
    """The fiscal period that holds a day, or that starts in a month, as written."""
    if fiscal_start is None:
        return None
    try:
        if match := DAY.match(text):
            day = date(*(int(part) for part in match.groups() if part))
            return fiscal_key(day, months, fiscal_start)
        if match := MONTH.match(text):
            day = date(int(match.group(1)), int(match.group(2)), 1)
            if (day.month - fiscal_start) % months == 0:
                return fiscal_key(day, months, fiscal_start)
    except ValueError:
        return None
    return None


# How DHIS2 names the fiscal years and six months it has (FinancialApril…, SixMonthlyApril/Nov).
DHIS2_YEARS = {2: "Feb", 4: "April", 7: "July", 9: "Sep", 10: "Oct", 11: "Nov"}
DHIS2_HALVES = {4: "April", 11: "Nov"}


def dhis2_fiscal_period(key: str) -> str | None:
    """A fiscal key as DHIS2 writes it ("2023-F04" → "2023April", "2023-F04H2" →
    "2023AprilS2"); None for keys DHIS2 has no period for."""
    match = re.match(r"^([0-9]{4})-F(0[1-9]|1[0-2])(?:H([12]))?$", key)
    if match is None:
        return None
    year, month, half = match.group(1), int(match.group(2)), match.group(3)
    name = (DHIS2_HALVES if half else DHIS2_YEARS).get(month)
    if name is None:
        return None
    return f"{year}{name}" + (f"S{half}" if half else "")


def names_a_fiscal_period(text: str) -> bool:
    """Whether `text` is written as a fiscal year or half-year, whatever its first month: a
    header cell naming a period ("2021-22"), read with the initiative's month row by row."""
    for months in (12, 6):
        try:
            if read_fiscal(text.strip(), months, None):
                return True
        except FiscalSpellingError:
            return True  # a fiscal spelling, refused for a reason the rows will give
    return False
