"""Each person's digest: what concerns them in every initiative they belong to — meetings to come
of the bodies they sit on, votes waiting for them, their actions due, minutes they may amend,
their organization's values to report — sent daily or weekly as they chose, only when there is
something, in their language. `commun send_digests` sends those due (cron: every hour)."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from commun.access import Action, can, partner_of
from commun.activities.models import SharedAction
from commun.governance.models import Attendance, Decision, Meeting, Minutes, Stance
from commun.governance.rules import term_covers
from commun.initiatives.models import Initiative, Membership
from commun.mail import email, html_part, send_later
from commun.measurement.completeness import completeness
from commun.people.models import Digest, User

AHEAD = {Digest.DAILY: timedelta(days=2), Digest.WEEKLY: timedelta(days=8)}  # meetings shown
EVERY = {Digest.DAILY: timedelta(hours=20), Digest.WEEKLY: timedelta(days=6, hours=20)}
ACTIONS_DUE_WITHIN = timedelta(days=7)
PRESENT = (Attendance.Presence.PRESENT, Attendance.Presence.PROXY)
DIGESTS_PER_TASK = 50  # e-mails handed to the background worker at once


@dataclass
class InitiativeDigest:
    initiative: Initiative
    meetings: list = field(default_factory=list)
    votes: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    minutes: list = field(default_factory=list)
    values_late: int = 0

    @property
    def empty(self) -> bool:
        return not (self.meetings or self.votes or self.actions or self.minutes or self.values_late)


def seated(user: User, day: date) -> Q:
    """Bodies where `user` holds a seat whose term covers `day` (a filter on a body relation)."""
    return Q(members__user=user) & term_covers(day, through="members__")


def initiative_digest(user: User, initiative: Initiative, now: datetime, often: str):
    today = timezone.localdate(now)
    bodies = initiative.bodies.filter(seated(user, today)).values("pk")
    found = InitiativeDigest(initiative)
    found.meetings = list(
        Meeting.objects.filter(
            body__in=bodies,
            status=Meeting.Status.PLANNED,
            starts_at__gte=now,
            starts_at__lt=now + AHEAD[often],
        )
        .select_related("body")
        .order_by("starts_at")
    )
    voted = Stance.objects.filter(decision=OuterRef("pk"), person=user, latest=True)
    found.votes = list(
        Decision.objects.filter(body__in=bodies, status=Decision.Status.OPEN, closes_at__gt=now)
        .exclude(Exists(voted))
        .select_related("body")
        .order_by("closes_at")
    )
    found.actions = list(
        SharedAction.objects.filter(
            initiative=initiative,
            owner_person=user,
            status__in=SharedAction.OPEN,
            due__lte=today + ACTIONS_DUE_WITHIN,
        ).order_by("due")
    )
    attended = Attendance.objects.filter(
        meeting=OuterRef("meeting"), person=user, presence__in=PRESENT
    )
    found.minutes = list(
        Minutes.objects.filter(
            meeting__body__initiative=initiative,
            status=Minutes.Status.AMENDING,
            amend_until__gte=today,
        )
        .filter(Exists(attended))
        .select_related("meeting__body")
    )
    partner = partner_of(user, initiative)
    if partner is not None and can(user, Action.ENTER_DATA, initiative):
        found.values_late = sum(
            cell.status in ("late", "returned")
            for _indicator, _periods, lines in completeness(initiative, today, partner)
            for _who, cells in lines
            for cell in cells
        )
    return found


def digest_for(user: User, now: datetime | None = None) -> list[InitiativeDigest]:
    """What concerns the person, per initiative, leaving out the initiatives with nothing."""
    now = now or timezone.now()
    often = user.digest if user.digest != Digest.NONE else Digest.WEEKLY
    initiatives = Initiative.objects.filter(
        pk__in=Membership.objects.filter(user=user).values("initiative")
    ).order_by("pk")
    found = [initiative_digest(user, initiative, now, often) for initiative in initiatives]
    return [one for one in found if not one.empty]


def due_for_digest(now: datetime):
    """People who chose a digest and whose last one is old enough."""
    due = Q()
    for often, every in EVERY.items():
        due |= Q(digest=often) & (
            Q(digest_sent_at__isnull=True) | Q(digest_sent_at__lte=now - every)
        )
    return User.objects.filter(due, is_active=True).exclude(digest=Digest.NONE)


def digest_message(user: User, parts: list[InitiativeDigest]) -> EmailMultiAlternatives:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "parts": parts,
            "site": settings.SITE_URL,
            "preferences": settings.SITE_URL + reverse("people:preferences"),
            "often": user.get_digest_display(),
        }
        subject = (
            _("Your daily summary on Commun")
            if user.digest == Digest.DAILY
            else _("Your weekly summary on Commun")
        )
        text = render_to_string("communication/email/digest.txt", context)
        html = html_part("communication/email/digest.html", context)
    return email(subject, text, [user.email], html)


def send_digests(now: datetime | None = None) -> int:
    """Queue every digest that is due and has something in it for the background worker; how
    many. A person with nothing to tell is counted as served too, so they are looked at again
    next period only."""
    now = now or timezone.now()
    messages, sent = [], 0
    for user in due_for_digest(now).order_by("pk"):
        parts = digest_for(user, now)
        if parts:
            messages.append(digest_message(user, parts))
            sent += 1
        User.objects.filter(pk=user.pk).update(digest_sent_at=now)
        if len(messages) == DIGESTS_PER_TASK:
            send_later(messages)
            messages = []
    send_later(messages)
    return sent
