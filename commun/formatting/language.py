"""Which language a text is written for, and the CLDR locale behind it."""

from django.conf import settings
from django.utils.translation import get_language

# Commun's readers are in Canada first: fr_CA writes "37 000 $", en_CA "$37,000".
CLDR_LOCALES = {"fr": "fr_CA", "en": "en_CA"}


def reader_language(language: str | None = None) -> str:
    """The language asked for, else the active one, as a two-letter code Commun speaks."""
    code = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    return code if code in CLDR_LOCALES else settings.LANGUAGE_CODE[:2]


def cldr_locale(language: str | None = None) -> str:
    return CLDR_LOCALES[reader_language(language)]
