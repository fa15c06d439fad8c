"""The common agenda as a PDF a partner can take to its board, in French or in English."""

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML

from commun.agenda.models import AgendaVersion
from commun.agenda.readable import readable_agenda
from commun.initiatives.models import Initiative


def agenda_pdf(
    initiative: Initiative, snapshot: dict, version: AgendaVersion | None, language: str
) -> bytes:
    """Render the snapshot (a version's, or today's text) as a PDF in `language`."""
    with translation.override(language):
        html = render_to_string(
            "agenda/pdf.html",
            {
                "initiative": initiative,
                "canvases": [c for c in readable_agenda(snapshot) if c.filled],
                "version": version,
                "printed_at": timezone.localtime(),
                "language": language,
                "footer": css_string(initiative.name),
            },
        )
    return HTML(string=html).write_pdf()


def css_string(text: str) -> str:
    """Text made safe inside a double-quoted CSS string in a <style> element."""
    cleaned = "".join(ch for ch in text if ch not in "<>\n\r")
    return cleaned.replace("\\", "\\\\").replace('"', '\\"')


def pdf_filename(version: AgendaVersion | None, language: str) -> str:
    with translation.override(language):
        stem = translation.gettext("common-agenda")
    suffix = f"-v{version.number}" if version else ""
    return f"{stem}{suffix}-{language}.pdf"
