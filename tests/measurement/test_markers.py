"""What a statistics agency writes beside a value: missing-value markers, quality flags, scales."""

from decimal import Decimal

import pytest
from django.utils import translation

from commun.measurement.markers import read_value, scale_of, status_of


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("..", "not_available"),
        ("...", "not_applicable"),
        ("x", "confidential"),
        ("X", "confidential"),
        ("F", "unreliable"),
        ("nd", "not_available"),
        ("n.d.", "not_available"),
        ("NA", "not_available"),
        ("n/a", "not_applicable"),
        ("-", "not_applicable"),
        ("s", "confidential"),
        (" x ", "confidential"),
    ],
)
def test_a_marker_in_the_value_cell_is_a_missing_value_with_its_reason(written, reason):
    assert read_value(written, "", "") == (None, "", reason, written.strip(), [])


def test_an_empty_value_with_a_marker_for_status_is_missing_with_the_status_as_its_symbol():
    assert read_value("", "..", "units") == (None, "", "not_available", "..", [])
    assert read_value("", "F", "") == (None, "", "unreliable", "F", [])


@pytest.mark.parametrize("flag", ["A", "B", "C", "D", "E", "e"])
def test_a_letter_for_status_is_a_quality_flag_kept_with_the_value(flag):
    assert read_value("12.5", flag, "") == (Decimal("12.5"), flag.upper(), "", "", [])


def test_a_value_beside_a_missing_marker_is_a_problem_not_a_guess():
    with translation.override("en"):
        _value, _quality, reason, _symbol, problems = read_value("3", "x", "")
    assert reason == "confidential"
    assert problems == ["The value 3 has the status “x”, which says it is missing."]


@pytest.mark.parametrize(
    ("scale", "factor"),
    [
        ("", 1),
        ("units", 1),
        ("unités", 1),
        ("tens", 10),
        ("dizaines", 10),
        ("hundreds", 100),
        ("centaines", 100),
        ("thousands", 1000),
        ("Milliers", 1000),
        ("millions", 10**6),
        ("billions", 10**9),
        ("milliards", 10**9),
        ("0", 1),
        ("3", 1000),
        ("6", 10**6),
        ("9", 10**9),
    ],
)
def test_a_scale_in_english_french_or_as_statcans_scalar_id(scale, factor):
    assert scale_of(scale) == (Decimal(factor), None)


def test_a_value_in_thousands_is_stored_in_units():
    assert read_value("123.4", "", "thousands")[0] == Decimal(123400)
    assert read_value("1 234,5", "E", "3")[:2] == (Decimal(1234500), "E")


def test_an_unknown_status_or_scale_is_named():
    with translation.override("fr"):
        assert status_of("Z")[2].startswith("« Z » n'est pas un statut que Commun connaît")
        assert scale_of("dozens")[1].startswith("« dozens » n'est pas une échelle")
        assert scale_of("5")[1].startswith("« 5 » n'est pas une échelle")
