"""Minutes: drafted, opened to the attendees' amendments until a date, approved at a later meeting
and then locked; versioned; printable and as PDF in both languages; observers read only the
published ones."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from commun.governance.minutes import MinutesError, approve_minutes, open_for_amendments
from commun.governance.models import Amendment, Attendance, Minutes
from tests.governance.meeting_factory import plan_meeting, steering
from tests.helpers import client_for


def url(meeting, name, *args):
    return reverse(f"governance:{name}", args=[meeting.body.initiative.slug, meeting.pk, *args])


@pytest.fixture
def meeting(initiative):
    return plan_meeting(steering(initiative), days_from_now=-3)


def write(client, meeting, fr, en=""):
    return client.post(url(meeting, "minutes_edit"), {"text_fr": fr, "text_en": en})


def test_staff_write_minutes_sanitised_and_versioned(people, meeting):
    client = client_for(people["backbone_staff"])
    page = client.get(url(meeting, "minutes_edit"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "data-django-prose-editor" in html
    # The editor's import map, and the empty <style> its library looks for, carry the nonce
    # the policy names: nothing else inline may run.
    policy = page.headers["Content-Security-Policy"]
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f"script-src 'self' 'nonce-{nonce}'" in policy
    assert f"style-src 'self' 'nonce-{nonce}'" in policy
    assert f'<script type="importmap" nonce="{nonce}">' in html
    assert f'<style data-tiptap-style nonce="{nonce}"></style>' in html
    write(client, meeting, "<p>Ouverture <script>alert(1)</script><strong>à 18 h</strong></p>")
    minutes = Minutes.objects.get(meeting=meeting)
    assert "<script>" not in minutes.text_fr and "<strong>à 18 h</strong>" in minutes.text_fr
    write(client, meeting, "<p>Ouverture à 18 h 05</p>", "<p>Opened at 6:05 pm</p>")
    write(client, meeting, "<p>Ouverture à 18 h 05</p>", "<p>Opened at 6:05 pm</p>")  # unchanged
    assert minutes.history.count() == 2
    page = client.get(url(meeting, "minutes")).content.decode()
    assert "Ouverture à 18 h 05" in page
    assert page.count("<li>") >= 2  # the versions


def test_attendees_amend_within_the_window_others_cannot(people, meeting):
    staff = client_for(people["backbone_staff"])
    write(staff, meeting, "<p>Texte</p>")
    until = (timezone.localdate() + timedelta(days=5)).isoformat()
    assert staff.post(url(meeting, "minutes_open"), {"until": until}).status_code == 302
    attendee = meeting.attendance.filter(presence="present").first().person
    absent = meeting.attendance.exclude(pk=meeting.attendance.filter(person=attendee).get().pk)
    absent_row = absent.first()
    absent_row.presence = Attendance.Presence.ABSENT
    absent_row.save()
    response = client_for(attendee).post(
        url(meeting, "amendment_new"), {"text": "Corriger l'heure"}
    )
    assert response.status_code == 302
    amendment = Amendment.objects.get(minutes__meeting=meeting)
    assert amendment.author == attendee and amendment.status == "proposed"
    assert client_for(absent_row.person).get(url(meeting, "amendment_new")).status_code == 403
    assert (
        client_for(people["partner_member"]).get(url(meeting, "amendment_new")).status_code == 403
    )
    staff.post(url(meeting, "amendment_decide", amendment.pk), {"decision": "accept"})
    amendment.refresh_from_db()
    assert amendment.status == "accepted"


def test_the_window_closes_after_its_last_day(people, meeting):
    minutes = Minutes.objects.create(meeting=meeting)
    open_for_amendments(minutes, timezone.localdate())
    Minutes.objects.filter(pk=minutes.pk).update(
        amend_until=timezone.localdate() - timedelta(days=1)
    )
    minutes.refresh_from_db()
    attendee = meeting.attendance.first().person
    assert client_for(attendee).get(url(meeting, "amendment_new")).status_code == 403
    with pytest.raises(MinutesError):
        open_for_amendments(minutes, timezone.localdate() - timedelta(days=1))


def test_approved_at_a_later_meeting_the_minutes_are_locked(people, meeting, initiative):
    staff = client_for(people["backbone_staff"])
    write(staff, meeting, "<p>Texte</p>")
    minutes = Minutes.objects.get(meeting=meeting)
    earlier = plan_meeting(meeting.body, days_from_now=-40)
    response = staff.post(url(meeting, "minutes_approve"), {"meeting": earlier.pk})
    minutes.refresh_from_db()
    assert response.status_code == 302 and minutes.status == "draft"
    later = plan_meeting(meeting.body, days_from_now=25)
    staff.post(url(meeting, "minutes_approve"), {"meeting": later.pk})
    minutes.refresh_from_db()
    assert minutes.status == "approved" and minutes.approved_at == later
    response = staff.post(url(meeting, "minutes_edit"), {"text_fr": "<p>Autre</p>"}, follow=True)
    assert "verrouillé" in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.text_fr == "<p>Texte</p>"
    with pytest.raises(MinutesError):
        approve_minutes(minutes, later)
    assert "Adopté à la rencontre du" in staff.get(url(meeting, "minutes")).content.decode()


def test_observers_read_only_published_minutes(people, meeting):
    staff = client_for(people["backbone_staff"])
    write(staff, meeting, "<p>Confidentiel</p>")
    observer = client_for(people["observer"])
    assert observer.get(url(meeting, "minutes")).status_code == 403
    assert observer.get(url(meeting, "minutes_print")).status_code == 403
    assert "Confidentiel" not in observer.get(url(meeting, "meeting")).content.decode()
    assert client_for(people["partner_member"]).get(url(meeting, "minutes")).status_code == 200
    staff.post(url(meeting, "minutes_publish"), {"published": "1"})
    assert "Confidentiel" in observer.get(url(meeting, "minutes")).content.decode()


def test_minutes_print_and_pdf_in_both_languages(people, meeting):
    staff = client_for(people["backbone_staff"])
    write(staff, meeting, "<p>Le budget est adopté.</p>", "<p>The budget is adopted.</p>")
    french = staff.get(url(meeting, "minutes_print"), {"lang": "fr"}).content.decode()
    english = staff.get(url(meeting, "minutes_print"), {"lang": "en"}).content.decode()
    assert "Le budget est adopté." in french and "Présences" in french
    assert "The budget is adopted." in english and "Attendance" in english
    pdf = staff.get(url(meeting, "minutes_pdf"), {"lang": "en"})
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    assert "The budget is adopted." in text
    assert staff.get(url(meeting, "minutes_print"), {"lang": "de"}).status_code == 404
