"""The translation check: every interface string has a French translation, compiled and current."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command

FRENCH_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def extract_strings() -> None:
    """Refresh the French catalogue from the code and templates (needs GNU gettext's xgettext)."""
    call_command(
        "makemessages",
        locale=["fr"],
        ignore_patterns=["static/vendor/*", ".venv/*", "tests/*", "benchmarks/*"],
        no_obsolete=True,
        verbosity=0,
    )


def missing_translations(path: Path = FRENCH_CATALOGUE) -> list[str]:
    """Messages with no French text, or marked fuzzy (a guess nobody checked)."""
    catalogue = polib.pofile(str(path))
    problems = [f"untranslated: {entry.msgid!r}" for entry in catalogue.untranslated_entries()]
    problems += [f"fuzzy: {entry.msgid!r}" for entry in catalogue.fuzzy_entries()]
    for entry in catalogue.translated_entries():
        if entry.msgid_plural and not all(entry.msgstr_plural.values()):
            problems.append(f"plural form missing: {entry.msgid!r}")
    return problems


def stale_compiled_catalogue(path: Path = FRENCH_CATALOGUE) -> list[str]:
    """Messages whose compiled (.mo) text differs from the catalogue (.po)."""
    mo_path = path.with_suffix(".mo")
    if not mo_path.exists():
        return [f"{mo_path} is missing: run `commun compilemessages`"]
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in polib.mofile(str(mo_path))
    }
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in polib.pofile(str(path)).translated_entries()
    }
    stale = [
        msgid for key, value in source.items() if compiled.get(key) != value for msgid in [key[1]]
    ]
    return [f"not compiled: {msgid!r} (run `commun compilemessages`)" for msgid in stale]
