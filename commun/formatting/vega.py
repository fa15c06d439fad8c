"""The reader's number and time locale for Vega charts (`config.locale` of a spec).

The same spec is drawn by the browser (vega-embed) and turned into an image for PDFs
(vl-convert), so both write "28,4 %" and "déc. 2026" for a French reader.
"""

from functools import cache

from babel import Locale
from babel import numbers as babel_numbers

from commun.formatting.language import cldr_locale


@cache
def _vega_locale(locale: str) -> dict:
    cldr = Locale.parse(locale)
    percent = babel_numbers.format_percent(0, locale=locale).replace("0", "", 1)
    symbol = babel_numbers.get_currency_symbol("CAD", locale)
    currency_after = cldr.currency_formats["standard"].pattern.strip().endswith("¤")
    sunday_first = [cldr.days["format"]["wide"][(i + 6) % 7] for i in range(7)]
    short_days = [cldr.days["format"]["abbreviated"][(i + 6) % 7] for i in range(7)]
    return {
        "number": {
            "decimal": babel_numbers.get_decimal_symbol(locale),
            "thousands": babel_numbers.get_group_symbol(locale),
            "grouping": [3],
            "currency": ["", "\u00a0" + symbol] if currency_after else [symbol, ""],
            "percent": percent,
        },
        "time": {
            "dateTime": "%e %B %Y, %X" if locale.startswith("fr") else "%B %e, %Y, %X",
            "date": "%Y-%m-%d",
            "time": "%H h %M" if locale.startswith("fr") else "%I:%M %p",
            "periods": ["AM", "PM"] if locale.startswith("fr") else ["a.m.", "p.m."],
            "days": sunday_first,
            "shortDays": short_days,
            "months": [cldr.months["format"]["wide"][m] for m in range(1, 13)],
            "shortMonths": [cldr.months["format"]["abbreviated"][m] for m in range(1, 13)],
        },
    }


def vega_locale(language: str | None = None) -> dict:
    """{"number": …, "time": …} for `config.locale`, in the reader's language."""
    return _vega_locale(cldr_locale(language))
