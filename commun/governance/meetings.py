"""A body's meetings: planned with an agenda filled from what the body carries (its open actions,
its decisions due for review or still open, the last minutes to approve), attended by the members
seated that day, with the quorum counted by the body's rules."""

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from commun.activities.models import SharedAction
from commun.formatting import format_date
from commun.governance.models import (
    Attendance,
    Decision,
    Meeting,
    MeetingItem,
    Minutes,
    RoleArea,
)
from commun.governance.roles import owner_from_roles, roles_of, save_roles
from commun.governance.rules import Quorum, quorum_of, seats_on, terms_of
from commun.initiatives.models import GovernanceBody

COUNTED = (Attendance.Presence.PRESENT, Attendance.Presence.PROXY)


def new_uid() -> str:
    """The calendar event's UID (RFC 5545): unique, and the same through every update."""
    return f"{uuid.uuid4()}@commun"


def meeting_day(meeting: Meeting):
    return timezone.localdate(meeting.starts_at)


@dataclass(frozen=True)
class BodyMeetings:
    upcoming: list[Meeting]
    past: list[Meeting]


def meetings_of(body: GovernanceBody) -> BodyMeetings:
    now = timezone.now()
    meetings = list(Meeting.objects.filter(body=body).select_related("minutes"))
    return BodyMeetings(
        upcoming=[m for m in meetings if m.ends_at >= now],
        past=[m for m in reversed(meetings) if m.ends_at < now],
    )


def next_meeting(body: GovernanceBody) -> Meeting | None:
    return (
        Meeting.objects.filter(body=body, ends_at__gte=timezone.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .first()
    )


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(body_id=meeting.body_id, starts_at__lt=meeting.starts_at)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at", "-pk")
        .first()
    )


@transaction.atomic
def create_meeting(meeting: Meeting) -> Meeting:
    """Save a new meeting with its calendar UID, its agenda and its attendance filled in."""
    meeting.uid = meeting.uid or new_uid()
    meeting.save()
    prefill_agenda(meeting)
    prefill_attendance(meeting)
    return meeting


def titled(message: str, values: dict[str, dict[str, str]]) -> dict[str, str]:
    """`{"title_fr": …, "title_en": …}`: `message` translated in each language, filled with the
    values given per language (`{"fr": {...}, "en": {...}}`)."""
    titles = {}
    for language in ("fr", "en"):
        with translation.override(language):
            titles[f"title_{language}"] = (_(message) % values[language])[:300]
    return titles


def carried_items(meeting: Meeting) -> list[MeetingItem]:
    """What the agenda carries from before: the last minutes to approve, the body's open
    actions (until done), its decisions due for review, and its decisions still open."""
    day = meeting_day(meeting)
    items = []
    last = previous_meeting(meeting)
    if last is not None and not Minutes.objects.filter(meeting=last, status="approved").exists():
        dates = {}
        for language in ("fr", "en"):
            with translation.override(language):
                dates[language] = {"date": format_date(meeting_day(last))}
        # Translators: an agenda item.
        items.append(
            MeetingItem(**titled(gettext_noop("Approval of the minutes of %(date)s"), dates))
        )
    open_actions = SharedAction.objects.filter(
        owner_body_id=meeting.body_id, status__in=SharedAction.OPEN
    ).order_by("due", "pk")
    for action in open_actions:
        names = named(action.title_fr, action.title_en, "action")
        # Translators: an agenda item.
        items.append(
            MeetingItem(
                shared_action=action, **titled(gettext_noop("Follow-up: %(action)s"), names)
            )
        )
    review = list(
        Decision.objects.filter(
            body_id=meeting.body_id, review_on__lte=day, reviewed_on__isnull=True
        ).order_by("review_on", "pk")
    )
    for decision in review:
        names = named(decision.title_fr, decision.title_en, "title")
        # Translators: an agenda item.
        message = gettext_noop("Review of the decision: %(title)s")
        items.append(MeetingItem(decision=decision, **titled(message, names)))
    still_open = Decision.objects.filter(body_id=meeting.body_id, status=Decision.Status.OPEN)
    for decision in still_open.exclude(pk__in=[d.pk for d in review]).order_by("closes_at"):
        names = named(decision.title_fr, decision.title_en, "title")
        # Translators: an agenda item.
        items.append(
            MeetingItem(decision=decision, **titled(gettext_noop("Decision: %(title)s"), names))
        )
    return items


def named(french: str, english: str, key: str) -> dict[str, dict[str, str]]:
    return {"fr": {key: french or english}, "en": {key: english or french}}


def prefill_agenda(meeting: Meeting) -> None:
    items = carried_items(meeting)
    for order, item in enumerate(items, start=1):
        item.meeting = meeting
        item.order = order
    MeetingItem.objects.bulk_create(items)


def prefill_attendance(meeting: Meeting) -> None:
    """Every member seated on the meeting's day, present until said otherwise."""
    seats = seats_on(meeting.body, meeting_day(meeting)).select_related("user")
    known = set(meeting.attendance.values_list("person_id", flat=True))
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            person=seat.user,
            partner_id=seat.partner_id,
            presence=Attendance.Presence.PRESENT,
        )
        for seat in seats
        if seat.user_id not in known
    )


def meeting_quorum(meeting: Meeting) -> Quorum:
    """The quorum of the meeting under the body's terms: voting members present or represented."""
    members = seats_on(meeting.body, meeting_day(meeting)).count()
    counted = meeting.attendance.filter(voting=True, presence__in=COUNTED).count()
    return quorum_of(terms_of(meeting.body), members, counted)


@dataclass(frozen=True)
class AgendaTime:
    planned: int  # minutes of the items that say their duration
    length: int  # minutes between the meeting's start and end

    @property
    def over(self) -> bool:
        return self.planned > self.length


def agenda_time(meeting: Meeting, items) -> AgendaTime:
    length = int((meeting.ends_at - meeting.starts_at).total_seconds() // 60)
    return AgendaTime(sum(item.minutes or 0 for item in items), length)


def next_item_order(meeting: Meeting) -> int:
    return (meeting.items.aggregate(top=Max("order"))["top"] or 0) + 1


@transaction.atomic
def move_item(item: MeetingItem, step: int) -> bool:
    """Move an agenda item one place up (-1) or down (+1); False at either end."""
    items = list(item.meeting.items.select_for_update())
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other = index + step
    if not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    for order, it in enumerate(items, start=1):
        if it.order != order:
            it.order = order
            it.save(update_fields=["order"])
    return True


def members_choices(meeting: Meeting):
    """People who may attend as guests or hold a proxy: the initiative's people."""
    from commun.people.models import User

    return User.objects.filter(memberships__initiative_id=meeting.body.initiative_id).order_by(
        "full_name"
    )


def roles_for_action(action: SharedAction, like: RoleArea) -> str | None:
    """The action arising takes the roles of an area of the RACI; its owner follows them (the one
    responsible). What the person is told of the owner, or None."""
    area = RoleArea(initiative_id=action.initiative_id, shared_action=action)
    save_roles(area, roles_of(like))
    return owner_from_roles(area)
