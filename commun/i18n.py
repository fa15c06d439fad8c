"""Content written in two languages: a field pair `<name>_fr` / `<name>_en`, read in the reader's."""

from django.conf import settings
from django.utils.translation import get_language

LANGUAGE_CODES = [code for code, _label in settings.LANGUAGES]


def reader_languages() -> list[str]:
    """The active language first, then the others, as the fallback order for bilingual content."""
    active = (get_language() or settings.LANGUAGE_CODE)[:2]
    return [active] + [code for code in LANGUAGE_CODES if code != active]


class TranslatedField:
    """Model attribute that returns `<name>_<lang>` in the reader's language, or the other one."""

    def __set_name__(self, owner, name):
        self.base = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        for code in reader_languages():
            value = getattr(obj, f"{self.base}_{code}", "")
            if value:
                return value
        return ""


def translated_names(base: str) -> list[str]:
    """The column names behind one bilingual field, French first: ["name_fr", "name_en"]."""
    return [f"{base}_{code}" for code in LANGUAGE_CODES]
