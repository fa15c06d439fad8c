"""Numbers, percentages, money, periods, dates and times written and read the reader's way.

One set of functions for every output: templates (the `formatting` filters), charts (the Vega
locale in `vega_locale`), PDFs, e-mails and exports. French reads `3 640`, `28,4 %`, `37 000 $`,
`T3 2026`, `3 décembre 2026`, `11 h 13`; English `3,640`, `28.4%`, `$37,000`, `Q3 2026`,
`December 3, 2026`, `11:13 a.m.`. Numbers follow CLDR through Babel (fr_CA, en_CA); dates follow
Django's format modules in `fr/formats.py` and `en/formats.py`.
"""

from commun.formatting.dates import format_date, format_datetime, format_time
from commun.formatting.numbers import (
    format_figure,
    format_money,
    format_number,
    format_percent,
    parse_number,
)
from commun.formatting.periods import format_period
from commun.formatting.sorting import dictionary_key, dictionary_order

__all__ = [
    "dictionary_key",
    "dictionary_order",
    "format_date",
    "format_datetime",
    "format_figure",
    "format_money",
    "format_number",
    "format_percent",
    "format_period",
    "format_time",
    "parse_number",
]
