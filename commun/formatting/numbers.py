"""Numbers, percentages and amounts of money, written (Babel, CLDR) and read the reader's way."""

import re
from decimal import Decimal, InvalidOperation
from functools import cache

from babel import Locale
from babel import numbers as babel_numbers
from django.utils.translation import gettext as _

from commun.formatting.language import cldr_locale, reader_language

Number = Decimal | int | float

# Every space a person or a spreadsheet may put between thousands (space, no-break, narrow
# no-break, thin, figure space) and the apostrophe some systems use.
GROUP_MARKS = re.compile(r"[\s\u00a0\u202f\u2009\u2007\u2008'\u2019]")
MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})
ENGLISH_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+$")
# Past 10^100 a number is no measurement, and sums or ratios of it overflow Python's decimal
# context; below 10^-100 it is zero at any precision Commun keeps.
LARGEST_EXPONENT = 100


@cache
def _pattern(locale: str, kind: str, decimals: int | None) -> str:
    """The locale's own pattern ("#,##0 %", "¤#,##0.00") with exactly `decimals` decimals."""
    cldr = Locale.parse(locale)
    pattern = {
        "decimal": lambda: cldr.decimal_formats[None].pattern,
        "percent": lambda: cldr.percent_formats[None].pattern,
        "money": lambda: cldr.currency_formats["standard"].pattern,
    }[kind]()
    pattern = pattern.split(";")[0]
    integer = re.sub(r"0(\.[0#]+)?", "0", pattern, count=1)
    if decimals is None or decimals <= 0:
        return integer
    return integer.replace("0", "0." + "0" * decimals, 1)


def _as_decimal(value: Number) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def format_number(value: Number | None, decimals: int | None = None, language=None) -> str:
    """3640 → "3 640" (fr) / "3,640" (en); `decimals` fixes the decimals, None keeps them all."""
    if value is None:
        return ""
    locale = cldr_locale(language)
    if decimals is None:
        return babel_numbers.format_decimal(
            _as_decimal(value).normalize(), locale=locale, decimal_quantization=False
        )
    return babel_numbers.format_decimal(
        _as_decimal(value), format=_pattern(locale, "decimal", decimals), locale=locale
    )


def format_percent(points: Number | None, decimals: int | None = 1, language=None) -> str:
    """28.4 (percentage points) → "28,4 %" (fr) / "28.4%" (en)."""
    if points is None:
        return ""
    locale = cldr_locale(language)
    fraction = _as_decimal(points) / 100
    if decimals is None:
        return babel_numbers.format_percent(
            fraction.normalize(), locale=locale, decimal_quantization=False
        )
    return babel_numbers.format_percent(
        fraction, format=_pattern(locale, "percent", decimals), locale=locale
    )


def format_money(amount: Number | None, decimals: int = 0, language=None) -> str:
    """37000 → "37 000 $" (fr) / "$37,000" (en), in Canadian dollars."""
    if amount is None:
        return ""
    locale = cldr_locale(language)
    return babel_numbers.format_currency(
        _as_decimal(amount),
        "CAD",
        format=_pattern(locale, "money", decimals),
        locale=locale,
        currency_digits=False,
    )


def format_figure(value: Number | None, unit: str, decimals: int | None = 0, language=None) -> str:
    """A figure of an indicator, by its unit: "28,4 %", "37 000 $", "3 640"."""
    if unit == "percent":
        return format_percent(value, decimals, language)
    if unit == "amount":
        return format_money(value, decimals or 0, language)
    return format_number(value, decimals, language)


def parse_number(text: str | None, language: str | None = None) -> Decimal | None:
    """A number typed in either language's way: "28,9", "28.9", "3 640", "3,640.5", "6,8 %".

    A lone comma is a decimal comma ("3,5"), except for an English reader when it groups
    thousands ("3,640"); without a language (files), a lone comma is always decimal.
    Blank text is None; anything else raises ValueError with a translated message.
    """
    if text is None:
        return None
    if text.isdigit() and text.isascii():
        return within_measure(Decimal(text))  # most cells of a file: plain digits, nothing to clean
    whole, mark, decimals = text.partition("," if language is None else ".")
    if mark and whole.isdigit() and decimals.isdigit() and text.isascii():
        # The next most: "28,9" in a file, "28.9" anywhere; one mark, a decimal one.
        return within_measure(Decimal(f"{whole}.{decimals}"))
    cleaned = GROUP_MARKS.sub("", text.translate(MINUS_SIGNS))
    cleaned = cleaned.removesuffix("%").removesuffix("$").removeprefix("$")
    if not cleaned:
        return None
    commas, points = cleaned.count(","), cleaned.count(".")
    if commas and points:
        decimal_mark = "." if cleaned.rfind(".") > cleaned.rfind(",") else ","
        grouping = "," if decimal_mark == "." else "."
        cleaned = cleaned.replace(grouping, "").replace(decimal_mark, ".")
    elif commas > 1 or (
        commas
        and language is not None
        and reader_language(language) == "en"
        and ENGLISH_THOUSANDS.match(cleaned)
    ):
        cleaned = cleaned.replace(",", "")
    elif points > 1:
        cleaned = cleaned.replace(".", "")
    else:
        cleaned = cleaned.replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("“%(text)s” is not a number.") % {"text": text}) from None
    if not number.is_finite():
        raise ValueError(_("“%(text)s” is not a number.") % {"text": text})
    return within_measure(number)


def within_measure(number: Decimal) -> Decimal:
    """The number, refused past 10^100 (ValueError) and zero below 10^-100."""
    if number.adjusted() > LARGEST_EXPONENT:
        raise ValueError(_("This number is too large."))
    if number.adjusted() < -LARGEST_EXPONENT:
        return Decimal(0)
    return number


def plain_number(value: Decimal) -> str:
    """12.500000 → "12.5", 1E+2 → "100": the form an <input type="number"> reads."""
    return format(value.normalize(), "f")
