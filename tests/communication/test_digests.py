"""Digests: what concerns each person, in their language, sent only when due and when there is
something, once per period; none for those who chose none."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from commun.activities.models import SharedAction
from commun.communication.digests import digest_for, send_digests
from commun.governance.models import Decision, Meeting, Stance
from commun.initiatives.models import BodyMember, GovernanceBody
from commun.people.models import Digest, User


@pytest.fixture
def member(initiative):
    """A person seated on a body of the initiative, with nothing else waiting for them."""
    body = GovernanceBody.objects.filter(initiative=initiative).order_by("pk").first()
    seat = BodyMember.objects.filter(body=body, term_end__isnull=True).select_related("user")
    user = seat.first().user
    SharedAction.objects.filter(owner_person=user).update(owner_person=None)
    return user, body


def test_a_digest_gathers_meetings_votes_and_actions(initiative, member):
    user, body = member
    now = timezone.now()
    meeting = Meeting.objects.create(
        body=body,
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=3, hours=2),
        uid="digest-test@commun",
    )
    later = Meeting.objects.create(  # too far ahead for this week's digest
        body=body,
        starts_at=now + timedelta(days=30),
        ends_at=now + timedelta(days=30, hours=2),
        uid="digest-later@commun",
    )
    waiting = Decision.objects.create(
        body=body,
        kind="proposal",
        title_fr="Adopter le budget",
        status="open",
        closes_at=now + timedelta(days=2),
    )
    voted = Decision.objects.create(
        body=body,
        kind="proposal",
        title_fr="Déjà votée",
        status="open",
        closes_at=now + timedelta(days=2),
    )
    Stance.objects.create(decision=voted, person=user)
    action = SharedAction.objects.create(
        initiative=initiative,
        title_fr="Envoyer le bilan",
        owner_person=user,
        status="todo",
        due=timezone.localdate() + timedelta(days=2),
    )
    (part,) = [p for p in digest_for(user, now) if p.initiative == initiative]
    assert meeting in part.meetings and later not in part.meetings
    assert waiting in part.votes and voted not in part.votes
    assert part.actions == [action]


def test_digests_go_once_per_period_in_the_persons_language(initiative, member):
    user, body = member
    User.objects.exclude(pk=user.pk).update(digest=Digest.NONE)
    user.digest, user.language, user.digest_sent_at = Digest.WEEKLY, "en", None
    user.save()
    Decision.objects.create(
        body=body,
        kind="proposal",
        title_fr="Adopter le budget",
        title_en="Adopt the budget",
        status="open",
        closes_at=timezone.now() + timedelta(days=10),
    )
    now = timezone.now()
    assert send_digests(now) == 1
    (message,) = mail.outbox
    assert message.to == [user.email]
    assert message.subject == "Your weekly summary on Commun"
    assert "Adopt the budget" in message.body
    assert "Votes waiting for you" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert send_digests(now + timedelta(days=1)) == 0  # weekly: not again the next day
    assert send_digests(now + timedelta(days=7)) == 1
    user.digest = Digest.NONE
    user.save()
    assert send_digests(now + timedelta(days=30)) == 0


def test_nothing_to_tell_sends_nothing(people, initiative):
    observer = people["observer"]
    User.objects.update(digest=Digest.NONE)
    User.objects.filter(pk=observer.pk).update(digest=Digest.DAILY)
    BodyMember.objects.filter(user=observer).delete()
    SharedAction.objects.filter(owner_person=observer).update(owner_person=None)
    assert digest_for(observer) == []
    call_command("send_digests")
    assert not mail.outbox
    observer.refresh_from_db()
    assert observer.digest_sent_at is not None  # looked at again tomorrow, not every hour
