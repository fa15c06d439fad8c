"""Numbers, percentages and money are written and read as a French or an English reader does."""

from decimal import Decimal

import pytest
from django.utils import translation

from commun.formatting import (
    format_figure,
    format_money,
    format_number,
    format_percent,
    parse_number,
)

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "number", "percent", "money"),
    [
        ("fr", f"3{NBSP}640", f"28,4{NBSP}%", f"37{NBSP}000{NBSP}$"),
        ("en", "3,640", "28.4%", "$37,000"),
    ],
)
def test_figures_are_written_the_readers_way(language, number, percent, money):
    with translation.override(language):
        assert format_number(3640) == number
        assert format_percent(Decimal("28.4")) == percent
        assert format_money(37000) == money


def test_decimals_are_fixed_when_asked_and_kept_otherwise():
    assert format_number(Decimal("28.40"), 1, language="fr") == "28,4"
    assert format_number(Decimal("2.5"), 0, language="en") == "2"  # half to even, as the API
    assert format_number(Decimal("12.500000"), language="en") == "12.5"
    assert format_number(Decimal("1E+2"), language="fr") == "100"
    assert format_percent(Decimal("7"), 0, language="fr") == f"7{NBSP}%"


def test_a_figure_follows_its_indicators_unit():
    assert format_figure(Decimal("12.5"), "percent", 1, language="fr") == f"12,5{NBSP}%"
    assert format_figure(Decimal("1500"), "amount", 0, language="en") == "$1,500"
    assert format_figure(Decimal("1500"), "count", 0, language="fr") == f"1{NBSP}500"
    assert format_figure(None, "count", 0) == ""


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("28,9", "fr", "28.9"),
        ("28.9", "fr", "28.9"),
        ("28,9", "en", "28.9"),
        ("3 640", "fr", "3640"),
        (f"3{NBSP}640", "fr", "3640"),
        ("3\u202f640,5", "fr", "3640.5"),
        ("3\u2009640", "en", "3640"),
        ("3,640", "en", "3640"),
        ("3,640", "fr", "3.640"),
        ("3,640.25", "fr", "3640.25"),
        ("1.234.567,5", "fr", "1234567.5"),
        ("6,8 %", "fr", "6.8"),
        ("$37,000", "en", "37000"),
        ("\u22125", "fr", "-5"),
        ("", "fr", None),
    ],
)
def test_numbers_typed_either_way_are_read(text, language, expected):
    value = parse_number(text, language)
    assert value == (None if expected is None else Decimal(expected))


def test_a_file_without_a_language_reads_a_lone_comma_as_decimal():
    assert parse_number("3,640") == Decimal("3.640")


@pytest.mark.parametrize("text", ["douze", "1,2,3.4.5", "NaN", "Infinity", "--3"])
def test_what_is_not_a_number_is_refused_in_the_readers_language(text):
    with translation.override("fr"), pytest.raises(ValueError, match="n'est pas un nombre"):
        parse_number(text, "fr")
    with translation.override("en"), pytest.raises(ValueError, match="is not a number"):
        parse_number(text, "en")


@pytest.mark.parametrize("text", ["1e999999999", "-1e101", "9" * 102])
def test_a_number_past_any_measure_is_refused_as_too_large(text):
    with translation.override("en"), pytest.raises(ValueError, match="too large"):
        parse_number(text, "en")


@pytest.mark.parametrize("text", ["1e-999999999", "-1e-101"])
def test_a_number_below_any_precision_reads_as_zero(text):
    assert parse_number(text, "en") == 0


def test_written_numbers_read_back_to_the_same_value():
    for language in ("fr", "en"):
        for value in [Decimal("3640"), Decimal("28.4"), Decimal("-1234567.25"), Decimal("0.5")]:
            written = format_number(value, language=language)
            assert parse_number(written, language) == value, (language, written)
