"""Dates and times written out in the reader's language, from Django's format modules here."""

from datetime import date, datetime, time

from django.utils import formats, timezone
from django.utils.translation import override

from commun.formatting.language import reader_language


def _local(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_date(value: date | datetime | None, language: str | None = None) -> str:
    """ "3 décembre 2026" / "December 3, 2026"."""
    if value is None:
        return ""
    with override(reader_language(language)):
        return formats.date_format(_local(value), "DATE_FORMAT")


def format_time(value: time | datetime | None, language: str | None = None) -> str:
    """ "11 h 13" / "11:13 a.m."."""
    if value is None:
        return ""
    with override(reader_language(language)):
        return formats.time_format(_local(value), "TIME_FORMAT")


def format_datetime(value: datetime | None, language: str | None = None) -> str:
    """ "3 décembre 2026, 11 h 13" / "December 3, 2026, 11:13 a.m."."""
    if value is None:
        return ""
    with override(reader_language(language)):
        return formats.date_format(_local(value), "DATETIME_FORMAT")
