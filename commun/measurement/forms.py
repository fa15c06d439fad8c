"""The fields measurement's forms share: a period and a number, typed either language's way.

The forms are beside the pages that show them: `indicator_forms` (an indicator's definition and
targets), `entry_forms` (the entry grid), `review_forms`, `structure_forms` (territories and
disaggregations), `import_forms` (a file to import).
"""

from decimal import Decimal

from django import forms
from django.utils.translation import get_language

from commun.formatting import format_number, format_period
from commun.formatting.numbers import parse_number
from commun.measurement.periods import (
    PATTERNS,
    Frequency,
    PeriodError,
    fiscal_start_of,
    normalize_period,
)


def period_key(
    text: str, frequency: str | None = None, fiscal_start: int | None = None
) -> str | None:
    """The canonical key of a period typed by a person, for `frequency` or, without one, for
    whichever frequency reads it (a key as itself: "2024-04" is April, not the second quarter;
    fiscal years from `fiscal_start`); None when none does."""
    exact = [f for f in Frequency if PATTERNS[f].match(text.strip())]
    for candidate in [frequency] if frequency else exact + list(Frequency):
        try:
            return normalize_period(text, candidate, fiscal_start)
        except PeriodError:
            continue
    return None


def shown_period(key: str) -> str:
    """What a period input shows: the reader's way ("T3 2026") when it reads back as the same
    period, else the key itself ("2026-Q3")."""
    written = format_period(key)
    readable = written and period_key(written, fiscal_start=fiscal_start_of(key)) == key
    return written if readable else key


class PeriodField(forms.CharField):
    """A period, shown the reader's way and read in either language's spelling; the key it
    stands for is checked against the indicator's frequency by the form."""

    def __init__(self, **kwargs):
        # What people type is longer than the key it is stored as ("semaine 53 de 2026" is
        # 2026-W53): the stored column's length does not bound the box.
        kwargs["max_length"] = 40
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return shown_period(value) if value and period_key(value) == value else value

    def has_changed(self, initial, data):
        typed = (data or "").strip()
        # A fiscal year shown the reader's way reads back with the month its key names.
        start = fiscal_start_of(initial or "")
        return (period_key(typed, fiscal_start=start) or typed) != (initial or "")


class NumberField(forms.DecimalField):
    """A number typed either language's way ("28,5", "28.5", "3 640"), shown the reader's way."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "size": 10})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            number = parse_number(str(value), get_language())
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None
        return number

    def prepare_value(self, value):
        return format_number(value) if isinstance(value, Decimal) else value

    def widget_attrs(self, widget):
        return {}  # no "step" or "min": the box is text, read by `to_python`
