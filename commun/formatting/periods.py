"""Reporting periods written for the reader: "2026-Q3" → "T3 2026" / "Q3 2026", "2026-H1" →
"S1 2026" / "H1 2026", "2026-W05" → "semaine 5 de 2026" / "week 5, 2026", a fiscal year
"2023-F04" → "Exercice 2023-2024" / "FY 2023-24" with an en dash (as Quebec's and Canada's
governments write them; one that is the calendar year: "Exercice 2023" / "FY 2023"), its halves
"S1 exercice 2023-2024" / "H1 FY 2023-24"."""

import re
from datetime import date

from django.utils import formats
from django.utils.translation import override, pgettext

from commun.formatting.language import reader_language

HALF_YEAR = re.compile(r"^(\d{4})-H([12])$")
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
FISCAL = re.compile(r"^(\d{4})-F(0[1-9]|1[0-2])(?:H([12]))?$")


def fiscal_year(year: int, first_month: int) -> str:
    """ "Exercice 2023-2024" / "FY 2023-24" (en dash); "Exercice 2023" / "FY 2023" from January."""
    if first_month == 1:
        return pgettext("fiscal year that is a calendar year", "FY %(year)s") % {"year": year}
    # How many digits of the second year are written: "2" in English, "4" in French.
    digits = int(pgettext("digits written of a fiscal year's second year", "2"))
    # An en dash, written as itself: the catalogue's tools read no \N{…} escape.
    spelled = pgettext("fiscal year over two years", "FY %(first)s–%(last)s")  # noqa: RUF001
    return spelled % {
        "first": year,
        "last": f"{year + 1:04d}"[-digits:],
    }


def format_period(key: str | None, language: str | None = None) -> str:
    """A period key as the reader writes it: "T3 2026", "juillet 2026", "2026"."""
    if not key:
        return ""
    with override(reader_language(language)):
        if match := QUARTER.match(key):
            return pgettext("quarter of a year", "Q%(quarter)s %(year)s") % {
                "quarter": match.group(2),
                "year": match.group(1),
            }
        if match := HALF_YEAR.match(key):
            return pgettext("half of a year", "H%(half)s %(year)s") % {
                "half": match.group(2),
                "year": match.group(1),
            }
        if match := FISCAL.match(key):
            year = fiscal_year(int(match.group(1)), int(match.group(2)))
            if match.group(3):
                return pgettext("half of a fiscal year", "H%(half)s %(year)s") % {
                    "half": match.group(3),
                    "year": year,
                }
            return year
        if match := WEEK.match(key):
            # The ISO year: week 1 of 2025 starts on 30 December 2024.
            return pgettext("ISO week of a year", "week %(week)d, %(year)s") % {
                "week": int(match.group(2)),
                "year": match.group(1),
            }
        if match := MONTH.match(key):
            day = date(int(match.group(1)), int(match.group(2)), 1)
            return formats.date_format(day, "YEAR_MONTH_FORMAT")
    return key
