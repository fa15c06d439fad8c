"""Meetings for the tests: one of the demo's steering committee, planned as staff would."""

from datetime import datetime, timedelta

from django.utils import timezone

from commun.governance.meetings import create_meeting
from commun.governance.models import Meeting
from commun.initiatives.models import GovernanceBody


def steering(initiative) -> GovernanceBody:
    return GovernanceBody.objects.get(initiative=initiative, name_fr="Comité directeur")


def plan_meeting(body, days_from_now: int = 7, hour: int = 18, **fields) -> Meeting:
    day = timezone.localdate() + timedelta(days=days_from_now)
    starts = timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))
    meeting = Meeting(
        body=body, starts_at=starts, ends_at=starts + timedelta(hours=2), title_fr="Rencontre"
    )
    for name, value in fields.items():
        setattr(meeting, name, value)
    return create_meeting(meeting)
