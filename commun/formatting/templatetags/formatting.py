"""Template filters: {{ value|number:1 }}, {{ p|percent }}, {{ a|money }}, {{ key|period }},
{{ value|figure:indicator }}, {{ day|day }}, {{ moment|moment }} — the reader's way."""

from decimal import Decimal

from django import template

from commun import formatting

register = template.Library()
EMPTY = "—"


def _or_dash(text: str) -> str:
    return text or EMPTY


@register.filter
def number(value, decimals=None):
    """`|number:1` one decimal; `|number:"-2"` at most two, trailing zeros dropped; `|number` all."""
    if decimals in (None, ""):
        return _or_dash(formatting.format_number(value))
    places = int(decimals)
    if places < 0 and value is not None:
        rounded = round(Decimal(str(value)), -places)
        return _or_dash(formatting.format_number(rounded.normalize()))
    return _or_dash(formatting.format_number(value, places))


@register.filter
def percent(value, decimals=1):
    return _or_dash(formatting.format_percent(value, int(decimals)))


@register.filter
def money(value, decimals=0):
    return _or_dash(formatting.format_money(value, int(decimals)))


@register.filter
def figure(value, indicator):
    """A value of `indicator`, by its unit and decimals."""
    return _or_dash(formatting.format_figure(value, indicator.unit, indicator.decimals))


@register.filter
def period(key):
    return formatting.format_period(key)


@register.filter
def day(value):
    return _or_dash(formatting.format_date(value))


@register.filter
def moment(value):
    return _or_dash(formatting.format_datetime(value))


@register.filter
def clock(value):
    return _or_dash(formatting.format_time(value))
