"""Invitations to a meeting, by e-mail with a calendar file: each member in their language, the
event's UID kept through every update, its SEQUENCE raised at each sending, a cancellation sent
as such (RFC 5546: METHOD:REQUEST, METHOD:CANCEL)."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from commun.formatting import format_date
from commun.governance.meetings import meeting_day
from commun.governance.models import Meeting
from commun.governance.rules import seats_on
from commun.mail import email, html_part, send_later
from commun.people.models import User

PRODID = "-//Commun//Meetings//FR"


def meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse(
        "governance:meeting", args=[meeting.body.initiative.slug, meeting.pk]
    )


def meeting_title(meeting: Meeting) -> str:
    """The meeting's title in the active language, or the body's name."""
    return meeting.title or meeting.body.name


def meeting_event(meeting: Meeting, sequence: int, cancelled: bool = False) -> Event:
    event = Event()
    event.add("uid", meeting.uid)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("sequence", sequence)
    event.add("summary", meeting_title(meeting))
    if meeting.place or meeting.link:
        event.add("location", meeting.place or meeting.link)
    description = meeting_url(meeting)
    if meeting.link:
        description = f"{meeting.link}\n{description}"
    event.add("description", description)
    event.add("url", meeting_url(meeting))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def meeting_calendar(meeting: Meeting, sequence: int, method: str, attendee=None) -> bytes:
    """The .ics file of one meeting's invitation (`method`: REQUEST or CANCEL)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = meeting_event(meeting, sequence, cancelled=method == "CANCEL")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(meeting.body.initiative.name)
    event.add("organizer", organizer)
    if attendee is not None:
        address = vCalAddress(f"mailto:{attendee.email}")
        address.params["cn"] = vText(attendee.full_name or attendee.email)
        address.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", address)
    calendar.add_component(event)
    return calendar.to_ical()


def invitees(meeting: Meeting) -> list[User]:
    """The members seated on the meeting's day, and anyone listed as attending (guests)."""
    people = {
        seat.user for seat in seats_on(meeting.body, meeting_day(meeting)).select_related("user")
    }
    people |= {a.person for a in meeting.attendance.select_related("person")}
    return sorted((p for p in people if p.email and p.is_active), key=lambda p: p.email)


def invitation_email(meeting: Meeting, person: User, sequence: int, method: str):
    language = person.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "meeting": meeting,
            "language": language,
            "title": meeting_title(meeting),
            "person": person,
            "url": meeting_url(meeting),
            "cancelled": method == "CANCEL",
            "update": sequence > 0 and method != "CANCEL",
            "day": format_date(meeting_day(meeting)),
            "starts": timezone.localtime(meeting.starts_at),
            "ends": timezone.localtime(meeting.ends_at),
        }
        if method == "CANCEL":
            subject = _("Cancelled: %(title)s, %(day)s")
        elif sequence > 0:
            subject = _("Updated: %(title)s, %(day)s")
        else:
            subject = _("Invitation: %(title)s, %(day)s")
        subject = subject % {"title": context["title"], "day": context["day"]}
        text = render_to_string("governance/email/meeting_invitation.txt", context)
        html = html_part("governance/email/meeting_invitation.html", context)
        ics = meeting_calendar(meeting, sequence, method, attendee=person)
    message = email(subject, text, [person.email], html)
    message.attach("invitation.ics", ics, f"text/calendar; charset=utf-8; method={method}")
    return message


@transaction.atomic
def send_invitations(meeting: Meeting) -> int:
    """Send the invitation (an update when sent before; a cancellation when the meeting is
    cancelled) to every invitee; returns how many were sent."""
    meeting = (
        Meeting.objects.select_for_update().select_related("body__initiative").get(pk=meeting.pk)
    )
    method = "CANCEL" if meeting.status == Meeting.Status.CANCELLED else "REQUEST"
    sequence = meeting.invitations_sent
    messages = [invitation_email(meeting, p, sequence, method) for p in invitees(meeting)]
    send_later(messages)
    Meeting.objects.filter(pk=meeting.pk).update(invitations_sent=sequence + 1)
    return len(messages)
