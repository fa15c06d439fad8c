"""The demo's meetings: a year of the steering committee's, monthly, and two action teams';
minutes approved at the next meeting, the last ones open for amendments; attendance with
excuses and proxies; actions arising done, open and overdue."""

from datetime import datetime, time

from django.utils import timezone

from commun.activities.models import SharedAction
from commun.governance.models import ActionOrigin, Attendance, Meeting, Minutes
from tests.governance.meeting_factory import steering


def test_a_year_of_meetings_with_minutes_attendance_and_actions(initiative):
    body = steering(initiative)
    today = timezone.make_aware(datetime.combine(timezone.localdate(), time()))
    held = Meeting.objects.filter(body=body, starts_at__lt=today).order_by("starts_at")
    assert held.count() == 12
    assert Meeting.objects.filter(body=body, starts_at__gte=today).exists()  # the next one
    minutes = Minutes.objects.filter(meeting__in=held)
    assert minutes.filter(status="approved", published=True).count() == 11
    last = Minutes.objects.get(meeting=held.last())
    assert last.status == "amending" and last.amend_until >= timezone.localdate()
    for approved in minutes.filter(status="approved"):
        assert approved.approved_at.starts_at > approved.meeting.starts_at
    attendance = Attendance.objects.filter(meeting__in=held)
    assert attendance.filter(presence="excused").exists()
    assert attendance.filter(presence="proxy", proxy__isnull=False).exists()
    teams = Meeting.objects.filter(body__initiative=initiative).exclude(body=body)
    assert teams.values("body").distinct().count() == 2
    arising = SharedAction.objects.filter(
        pk__in=ActionOrigin.objects.filter(meeting__body__initiative=initiative).values(
            "shared_action"
        )
    )
    assert arising.filter(status="done").exists()
    assert arising.filter(status__in=SharedAction.OPEN, due__lt=timezone.localdate()).exists()
