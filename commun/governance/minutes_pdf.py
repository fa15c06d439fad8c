"""Minutes to print, or as a PDF (WeasyPrint, made by the background worker), in French or in
English: the meeting, who attended, the minutes' text and their status."""

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from weasyprint import HTML

from commun.formatting import format_date, format_time
from commun.governance.meetings import meeting_quorum
from commun.governance.minutes import status_label
from commun.governance.models import Minutes
from commun.renders import Rendering


def minutes_content(minutes: Minutes, language: str) -> dict:
    """Everything printed, as plain values in `language` (the PDF's cache key is made of them)."""
    meeting = minutes.meeting
    with translation.override(language):
        attendance = meeting.attendance.select_related("person", "partner", "proxy")
        approved = ""
        if minutes.locked:
            approved = translation.gettext("Approved at the meeting of %(date)s") % {
                "date": format_date(timezone.localdate(minutes.approved_at.starts_at))
            }
        return {
            "initiative": meeting.body.initiative.name,
            "body": meeting.body.name,
            "title": meeting.title or meeting.body.name,
            "when": when(meeting),
            "place": meeting.place or meeting.link,
            "attendance": [
                {
                    "name": a.person.full_name,
                    "partner": a.partner.name if a.partner else "",
                    "presence": a.get_presence_display(),
                    "proxy": a.proxy.full_name if a.proxy else "",
                    "guest": not a.voting,
                }
                for a in attendance
            ],
            "quorum": meeting_quorum(meeting).text(),
            "status": status_label(minutes.status) if minutes.pk else "",
            "approved": approved,
            "text": (minutes.text_fr if language == "fr" else minutes.text_en) or minutes.text,
            "language": language,
        }


def when(meeting) -> str:
    day = format_date(timezone.localdate(meeting.starts_at))
    return f"{day} {format_time(meeting.starts_at)}–{format_time(meeting.ends_at)}"  # noqa: RUF001


def minutes_print_context(minutes: Minutes, language: str) -> dict:
    content = minutes_content(minutes, language)
    return {**content, "text": mark_safe(content["text"]), "printable": True}  # sanitised on save


def minutes_pdf_rendering(minutes: Minutes, language: str) -> Rendering:
    with translation.override(language):
        stem = translation.gettext("minutes")
        label = translation.gettext("The minutes as a PDF")
    day = timezone.localdate(minutes.meeting.starts_at).isoformat()
    return Rendering(
        renderer="commun.governance.minutes_pdf.minutes_pdf",
        arguments={"content": minutes_content(minutes, language)},
        content_type="application/pdf",
        filename=f"{stem}-{day}-{language}.pdf",
        label=label,
    )


def minutes_pdf(content: dict) -> bytes:
    with translation.override(content["language"]):
        html = render_to_string(
            "governance/minutes_print.html",
            {**content, "text": mark_safe(content["text"]), "printable": False},
        )
    return HTML(string=html).write_pdf()
