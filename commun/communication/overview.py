"""What the condition's page and its home card read: the next meetings, the decisions due for
review, the plan's audiences below the level sought, what was communicated lately. A fixed number
of queries."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from commun.communication.models import Communication
from commun.communication.plan import wheel
from commun.governance.models import Decision, Meeting, Minutes
from commun.initiatives.models import Initiative

RECENT_DAYS = 365
HELD_LATELY_DAYS = 92  # a body that met within a quarter meets regularly


def upcoming_meetings(initiative: Initiative, limit: int = 5):
    return (
        Meeting.objects.filter(
            body__initiative=initiative,
            status=Meeting.Status.PLANNED,
            starts_at__gte=timezone.now(),
        )
        .select_related("body")
        .order_by("starts_at", "pk")[:limit]
    )


def decisions_to_review(initiative: Initiative, today: date | None = None):
    today = today or timezone.localdate()
    return Decision.objects.filter(
        body__initiative=initiative,
        status=Decision.Status.DECIDED,
        review_on__lte=today,
        reviewed_on__isnull=True,
    )


@dataclass(frozen=True)
class CommunicationState:
    next_meeting: Meeting | None
    meetings_held: int  # over the last year
    held_lately: bool
    decisions: int  # recorded over the last year
    to_review: int
    open_decisions: int
    audiences: int
    below_sought: int
    communications: int  # logged over the last year


def communication_state(initiative: Initiative) -> CommunicationState:
    now, today = timezone.now(), timezone.localdate()
    since = now - timedelta(days=RECENT_DAYS)
    held = Meeting.objects.filter(
        body__initiative=initiative, status=Meeting.Status.HELD, starts_at__gte=since
    ).aggregate(
        year=Count("pk"),
        lately=Count("pk", filter=Q(starts_at__gte=now - timedelta(days=HELD_LATELY_DAYS))),
    )
    decisions = Decision.objects.filter(body__initiative=initiative).aggregate(
        year=Count("pk", filter=Q(created_at__gte=since) & ~Q(status=Decision.Status.DRAFT)),
        open=Count("pk", filter=Q(status=Decision.Status.OPEN)),
        review=Count(
            "pk",
            filter=Q(
                status=Decision.Status.DECIDED, review_on__lte=today, reviewed_on__isnull=True
            ),
        ),
    )
    rows = wheel(initiative, today, assessed=False)
    return CommunicationState(
        next_meeting=next(iter(upcoming_meetings(initiative, 1)), None),
        meetings_held=held["year"],
        held_lately=bool(held["lately"]),
        decisions=decisions["year"],
        to_review=decisions["review"],
        open_decisions=decisions["open"],
        audiences=len(rows),
        below_sought=sum(row.below for row in rows),
        communications=Communication.objects.filter(
            initiative=initiative, sent_on__gte=since.date()
        ).count(),
    )


def published_decisions(initiative: Initiative):
    """Decisions a body published, with their outcome, latest first (the public page)."""
    return (
        Decision.objects.filter(
            body__initiative=initiative, published=True, status=Decision.Status.DECIDED
        )
        .select_related("body")
        .order_by("-closed_at", "-pk")
    )


def published_minutes(initiative: Initiative):
    """Approved minutes a body published, latest meeting first (the public page)."""
    return (
        Minutes.objects.filter(
            meeting__body__initiative=initiative,
            published=True,
            status=Minutes.Status.APPROVED,
        )
        .select_related("meeting__body")
        .order_by("-meeting__starts_at")
    )
