"""The common agenda as a PDF a partner can take to its board, in French or in English."""

from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML

from commun.agenda.models import AgendaVersion
from commun.agenda.readable import readable_agenda
from commun.initiatives.models import Initiative
from commun.renders import Rendering


def agenda_pdf_rendering(
    initiative: Initiative, snapshot: dict, version: AgendaVersion | None, language: str
) -> Rendering:
    """The PDF of the snapshot (a version's, or today's text) in `language`, as a file made once
    for everything printed in it: the name, the texts, the version, the day it is printed."""
    return Rendering(
        renderer="commun.agenda.pdf.agenda_pdf",
        arguments={
            "name": initiative.name,
            "snapshot": snapshot,
            "version": published(version, language),
            "language": language,
            "printed_on": timezone.localdate().isoformat(),
        },
        content_type="application/pdf",
        filename=pdf_filename(version, language),
        label=translation.gettext("The common agenda as a PDF"),
    )


def agenda_pdf(
    name: str, snapshot: dict, version: dict | None, language: str, printed_on: str
) -> bytes:
    """Render the snapshot as a PDF in `language` (`version`: number, published_on, note)."""
    if version is not None:
        version = {**version, "published_at": date.fromisoformat(version["published_on"])}
    with translation.override(language):
        html = render_to_string(
            "agenda/pdf.html",
            {
                "initiative": {"name": name},
                "canvases": [c for c in readable_agenda(snapshot) if c.filled],
                "version": version,
                "printed_at": date.fromisoformat(printed_on),
                "language": language,
                "footer": css_string(name),
            },
        )
    return HTML(string=html).write_pdf()


def published(version, language: str) -> dict | None:
    """What a PDF prints of a published version (any document's): number, day, note."""
    if version is None:
        return None
    with translation.override(language):
        return {
            "number": version.number,
            "published_on": timezone.localdate(version.published_at).isoformat(),
            "note": version.note,
        }


def css_string(text: str) -> str:
    """Text made safe inside a double-quoted CSS string in a <style> element."""
    cleaned = "".join(ch for ch in text if ch not in "<>\n\r")
    return cleaned.replace("\\", "\\\\").replace('"', '\\"')


def pdf_filename(version: AgendaVersion | None, language: str) -> str:
    with translation.override(language):
        stem = translation.gettext("common-agenda")
    suffix = f"-v{version.number}" if version else ""
    return f"{stem}{suffix}-{language}.pdf"
