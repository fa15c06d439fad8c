"""A meeting's minutes through their life: drafted, opened to the attendees' amendments until a
date, approved at a later meeting of the body, then locked. Each save is a version."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from commun.governance.models import Amendment, Meeting, Minutes
from commun.people.models import User


class MinutesError(Exception):
    """A translated reason why the minutes cannot change so."""


def minutes_of(meeting: Meeting) -> Minutes:
    minutes, _created = Minutes.objects.get_or_create(meeting=meeting)
    return minutes


def check_unlocked(minutes: Minutes) -> None:
    if minutes.locked:
        raise MinutesError(_("These minutes are approved and locked: they can no longer change."))


def open_for_amendments(minutes: Minutes, until: date) -> None:
    check_unlocked(minutes)
    if until < timezone.localdate():
        raise MinutesError(_("The end of the amendments cannot be in the past."))
    minutes.status = Minutes.Status.AMENDING
    minutes.amend_until = until
    minutes.save(update_fields=["status", "amend_until"])


def propose_amendment(minutes: Minutes, author: User, text: str) -> Amendment:
    if not minutes.open_for_amendments():
        raise MinutesError(_("These minutes are not open for amendments."))
    return Amendment.objects.create(minutes=minutes, author=author, text=text.strip())


def decide_amendment(amendment: Amendment, accepted: bool) -> None:
    check_unlocked(amendment.minutes)
    amendment.status = Amendment.Status.ACCEPTED if accepted else Amendment.Status.DECLINED
    amendment.save(update_fields=["status"])


def approval_meetings(minutes: Minutes):
    """The meetings that may approve the minutes: the body's later meetings, not cancelled."""
    meeting = minutes.meeting
    return Meeting.objects.filter(body_id=meeting.body_id, starts_at__gt=meeting.starts_at).exclude(
        status=Meeting.Status.CANCELLED
    )


@transaction.atomic
def approve_minutes(minutes: Minutes, at: Meeting) -> None:
    """Approved at `at`, a later meeting of the same body: the minutes are locked from now on;
    amendments nobody decided on are declined."""
    check_unlocked(minutes)
    if not approval_meetings(minutes).filter(pk=at.pk).exists():
        raise MinutesError(_("Minutes are approved at a later meeting of the same body."))
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_at = at
    minutes.save(update_fields=["status", "approved_at"])
    minutes.amendments.filter(status=Amendment.Status.PROPOSED).update(
        status=Amendment.Status.DECLINED
    )


def set_published(minutes: Minutes, published: bool) -> None:
    if minutes.published != published:
        minutes.published = published
        minutes.save(update_fields=["published"])


def versions_of(minutes: Minutes):
    """Every saved state of the minutes, newest first, with who saved it."""
    return minutes.history.select_related("history_user").order_by("-history_date")


def status_label(status: str) -> str:
    return {
        Minutes.Status.DRAFT: pgettext("minutes", "Draft"),
        Minutes.Status.AMENDING: pgettext("minutes", "Open for amendments"),
        Minutes.Status.APPROVED: pgettext("minutes", "Approved"),
    }.get(status, status)
