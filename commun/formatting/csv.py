"""CSV files written for the reader's spreadsheet program, the one writer every export uses.

A French spreadsheet (Excel, LibreOffice set to French) splits columns at `;` and reads `12,5`
as a number; an English one splits at `,` and reads `12.5`. Numbers are written with the
reader's decimal mark and no thousands grouping, so that the spreadsheet reads them as numbers.
The file starts with a byte order mark, without which Excel reads UTF-8 accents as Latin-1.
A text cell that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first)
is written as text, behind an apostrophe, which reading it back removes (`from_csv_text`).
"""

import csv
import re
from datetime import date
from decimal import Decimal

from babel.numbers import get_decimal_symbol

from commun.formatting.language import cldr_locale, reader_language

BOM = "\ufeff"
DELIMITERS = {"fr": ";", "en": ","}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_TEXT = re.compile(r"^[-+]?\d+([.,]\d+)?$")


def csv_number(value: Decimal | int | float, language: str | None = None) -> str:
    """12.50 → "12,50" (fr) / "12.50" (en): every digit given, no grouping, the reader's mark."""
    if isinstance(value, int):
        return str(value)
    number = value if isinstance(value, Decimal) else Decimal(repr(value))
    return format(number, "f").replace(".", get_decimal_symbol(cldr_locale(language)))


def looks_like_formula(text) -> bool:
    """Whether a spreadsheet would run this text as a formula (=, +, -, @, tab or carriage
    return first, and not a plain number such as "-12,5"): the one rule of every export, CSV
    (`csv_text`) and Excel (`commun.measurement.spreadsheets`)."""
    return isinstance(text, str) and text.startswith(FORMULA_STARTS) and not NUMBER_TEXT.match(text)


def csv_text(text: str) -> str:
    """Text a spreadsheet keeps as text: a would-be formula gets an apostrophe first."""
    if looks_like_formula(text):
        return "'" + text
    return text


def from_csv_text(text: str) -> str:
    """The text `csv_text` was given: "'=Îlot 4" → "=Îlot 4"; any other text as it is (a file
    written by Commun's exports imports back as it was)."""
    if text.startswith("'") and looks_like_formula(text[1:]):
        return text[1:]
    return text


class SpreadsheetCsv:
    """`SpreadsheetCsv(out).row([...])`: rows of text, numbers, dates or None for a spreadsheet."""

    def __init__(self, out, language: str | None = None, *, bom: bool = True):
        self.language = reader_language(language)
        self.delimiter = DELIMITERS[self.language]
        if bom:
            out.write(BOM)
        self._writer = csv.writer(out, delimiter=self.delimiter, lineterminator="\r\n")

    def cell(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            raise TypeError("write yes / no in the reader's words, not a boolean")
        if isinstance(value, int | float | Decimal):
            return csv_number(value, self.language)
        if isinstance(value, date):
            return value.isoformat()  # the one written date every spreadsheet reads alike
        return csv_text(str(value))

    def row(self, cells) -> None:
        self._writer.writerow([self.cell(value) for value in cells])

    def rows(self, rows) -> None:
        for cells in rows:
            self.row(cells)
