"""Invitations by e-mail: each member in their language, plain text and HTML, a calendar file
whose UID stays and whose SEQUENCE rises with each update; a cancelled meeting is cancelled in
calendars."""

from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from commun.governance.invitations import send_invitations
from commun.governance.meetings import meeting_day
from commun.governance.models import Meeting
from commun.governance.rules import seats_on
from tests.governance.meeting_factory import plan_meeting, steering
from tests.helpers import client_for


def calendar_of(message) -> Calendar:
    (ics,) = [a for a in message.attachments if a[0] == "invitation.ics"]
    assert ics[2].startswith("text/calendar")
    return Calendar.from_ical(ics[1])


def test_each_member_gets_the_invitation_in_their_language(people, initiative):
    meeting = plan_meeting(steering(initiative), title_en="Meeting", place="Salle 2")
    seated = seats_on(meeting.body, meeting_day(meeting)).select_related("user")
    english = seated.first().user
    english.language = "en"
    english.save()
    url = reverse("governance:invitations_send", args=[initiative.slug, meeting.pk])
    response = client_for(people["backbone_staff"]).post(url)
    assert response.status_code == 302
    assert len(mail.outbox) == seated.count()
    by_address = {m.to[0]: m for m in mail.outbox}
    to_english = by_address[english.email]
    assert to_english.subject.startswith("Invitation: Meeting")
    assert "You are invited" in to_english.body
    french = next(m for m in mail.outbox if m.to[0] != english.email)
    assert french.subject.startswith("Invitation : Rencontre")
    assert "Vous êtes invité" in french.body
    assert french.alternatives[0][1] == "text/html"
    calendar = calendar_of(french)
    assert calendar["method"] == "REQUEST"
    event = calendar.events[0]
    assert str(event["uid"]) == meeting.uid
    assert int(event["sequence"]) == 0
    assert str(event["location"]) == "Salle 2"
    meeting.refresh_from_db()
    assert meeting.invitations_sent == 1


def test_a_changed_meeting_sends_an_update_then_a_cancellation(initiative):
    meeting = plan_meeting(steering(initiative))
    send_invitations(meeting)
    mail.outbox.clear()
    meeting.refresh_from_db()
    meeting.place = "Ailleurs"
    meeting.save()
    send_invitations(meeting)
    update = calendar_of(mail.outbox[0])
    assert int(update.events[0]["sequence"]) == 1
    assert str(update.events[0]["uid"]) == meeting.uid
    assert mail.outbox[0].subject.startswith("Mise à jour")
    mail.outbox.clear()
    meeting.refresh_from_db()
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    send_invitations(meeting)
    cancel = calendar_of(mail.outbox[0])
    assert cancel["method"] == "CANCEL"
    assert int(cancel.events[0]["sequence"]) == 2
    assert str(cancel.events[0]["status"]) == "CANCELLED"


def test_only_staff_send_invitations(people, initiative):
    meeting = plan_meeting(steering(initiative))
    url = reverse("governance:invitations_send", args=[initiative.slug, meeting.pk])
    assert client_for(people["partner_editor"]).post(url).status_code == 403
    assert mail.outbox == []
