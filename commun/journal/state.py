"""What the journal's home card, steps and to-dos read: outcomes by status as the viewer sees
them, those waiting for substantiation, the boundary partners' markers, the last learning session
and the actions it gave, the harvest open now. A fixed number of queries."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from commun.journal.models import (
    HarvestCampaign,
    ObservedOutcome,
    ProgressMarker,
    SocialActor,
    Substantiation,
)
from commun.journal.visibility import outcomes_seen, sessions_seen

RECENT_DAYS = 183  # a journal fed, or a session held, within half a year is kept up
Status = ObservedOutcome.Status


@dataclass(frozen=True)
class JournalState:
    outcomes: int  # that the viewer sees
    published: int
    observed_lately: int  # observed within RECENT_DAYS
    under_review: int
    waiting: int  # under review, a substantiation asked and not yet answered
    to_conclude: int  # under review, every request answered
    boundary_partners: int
    with_markers: int  # boundary partners with markers at every level
    last_session: date | None
    sessions_lately: int
    actions_adopted: int  # "now what" lines that became shared actions
    open_harvest: HarvestCampaign | None


def journal_state(initiative, viewer, today: date | None = None) -> JournalState:
    today = today or timezone.localdate()
    recent = today - timedelta(days=RECENT_DAYS)
    asked = Substantiation.objects.filter(outcome=OuterRef("pk"))
    unanswered = asked.filter(answered_at__isnull=True, expires_at__gt=timezone.now())
    counts = (
        outcomes_seen(viewer, initiative)
        .annotate(asked=Exists(asked), unanswered=Exists(unanswered))
        .aggregate(
            outcomes=Count("pk"),
            published=Count("pk", filter=Q(status=Status.PUBLISHED)),
            lately=Count("pk", filter=Q(observed_on__gte=recent)),
            review=Count("pk", filter=Q(status=Status.UNDER_REVIEW)),
            waiting=Count("pk", filter=Q(status=Status.UNDER_REVIEW, unanswered=True)),
            conclude=Count(
                "pk", filter=Q(status=Status.UNDER_REVIEW, asked=True, unanswered=False)
            ),
        )
    )
    levels = ProgressMarker.objects.filter(actor=OuterRef("pk"))
    actors = SocialActor.objects.filter(initiative=initiative, boundary_partner=True).aggregate(
        boundary=Count("pk"),
        marked=Count(
            "pk",
            filter=Q(
                Exists(levels.filter(level=1)),
                Exists(levels.filter(level=2)),
                Exists(levels.filter(level=3)),
            ),
        ),
    )
    sessions = sessions_seen(viewer, initiative).aggregate(
        last=Max("held_on", filter=Q(held_on__lte=today)),
        lately=Count("pk", filter=Q(held_on__gte=recent), distinct=True),
        adopted=Count("actions", filter=Q(actions__shared_action__isnull=False)),
    )
    harvest = (
        HarvestCampaign.objects.filter(initiative=initiative, deadline__gte=today)
        .order_by("deadline", "pk")
        .first()
    )
    return JournalState(
        outcomes=counts["outcomes"],
        published=counts["published"],
        observed_lately=counts["lately"],
        under_review=counts["review"],
        waiting=counts["waiting"],
        to_conclude=counts["conclude"],
        boundary_partners=actors["boundary"],
        with_markers=actors["marked"],
        last_session=sessions["last"],
        sessions_lately=sessions["lately"],
        actions_adopted=sessions["adopted"],
        open_harvest=harvest,
    )
