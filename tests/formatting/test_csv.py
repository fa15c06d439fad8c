"""CSV files a French or an English spreadsheet opens as its reader expects: columns split,
numbers read as numbers, accents right, and no cell run as a formula."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from commun.formatting.csv import SpreadsheetCsv


def written(rows, language):
    out = io.StringIO()
    with translation.override(language):
        SpreadsheetCsv(out).rows(rows)
    return out.getvalue()


def opened(text, delimiter):
    """The cells as a spreadsheet program set to the file's language reads them."""
    assert text.startswith("\ufeff")  # without it, Excel reads UTF-8 accents as Latin-1
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


@pytest.mark.parametrize(
    ("language", "delimiter", "cells"),
    [
        ("fr", ";", ["Rivière-Nord", "3640", "28,4", "1234,50", "0,5", "2026-12-03", ""]),
        ("en", ",", ["Rivière-Nord", "3640", "28.4", "1234.50", "0.5", "2026-12-03", ""]),
    ],
)
def test_each_language_gets_its_separator_and_decimal_mark_without_grouping(
    language, delimiter, cells
):
    row = ["Rivière-Nord", 3640, Decimal("28.4"), Decimal("1234.50"), 0.5, date(2026, 12, 3), None]
    assert opened(written([row], language), delimiter) == [cells]


def test_a_text_holding_the_separator_or_a_quote_stays_in_its_cell():
    text = written([['Loyer > 30 % ; "ménages"', "a,b"]], "fr")
    assert opened(text, ";") == [['Loyer > 30 % ; "ménages"', "a,b"]]


@pytest.mark.parametrize(
    "typed",
    ['=HYPERLINK("http://x","clic")', "+1 514 555", "-2+3", "@SUM(A1)", "\tcaché", "\rfin"],
)
def test_a_text_a_spreadsheet_would_run_as_a_formula_is_written_as_text(typed):
    [[cell]] = opened(written([[typed]], "en"), ",")
    assert cell == "'" + typed


def test_numbers_and_number_texts_keep_their_sign():
    [cells] = opened(written([[Decimal("-12.5"), -3, "-4", "+5,5", "Sud-Ouest"]], "fr"), ";")
    assert cells == ["-12,5", "-3", "-4", "+5,5", "Sud-Ouest"]
