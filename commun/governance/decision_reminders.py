"""Reminders to the members who have not yet taken a stance, each in their own language: sent
by staff from the decision's page, or by `commun remind_votes` for decisions closing within a
day (once per decision: `Decision.reminded_at`)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from commun.governance.models import Decision, Stance
from commun.governance.rules import seats_on
from commun.mail import email, send_later
from commun.people.models import User


def not_voted(decision: Decision) -> list[User]:
    """Today's members of the body without a stance on the decision."""
    voted = Stance.objects.filter(decision=decision, latest=True).values("person")
    seated = seats_on(decision.body, timezone.localdate()).values("user")
    return list(User.objects.filter(pk__in=seated).exclude(pk__in=voted).order_by("full_name"))


def decision_url(decision: Decision) -> str:
    path = reverse("governance:decision", args=[decision.body.initiative.slug, decision.pk])
    return settings.SITE_URL + path


def send_reminder(decision: Decision, person: User) -> None:
    with translation.override(person.language or settings.LANGUAGE_CODE):
        context = {"decision": decision, "person": person, "url": decision_url(decision)}
        subject = _("Your stance is awaited: %(decision)s") % {"decision": decision.title}
        body = render_to_string("governance/email/vote_reminder.txt", context)
    send_later([email(subject, body, [person.email])])


def remind(decision: Decision, now: datetime | None = None) -> int:
    """E-mail every member who has not voted; how many were reminded."""
    if not decision.is_open:
        return 0
    people = not_voted(decision)
    for person in people:
        send_reminder(decision, person)
    decision.reminded_at = now or timezone.now()
    decision.save(update_fields=["reminded_at"])
    return len(people)


def remind_closing_soon(now: datetime | None = None) -> int:
    """Remind once for each open decision closing within 24 hours; how many e-mails."""
    now = now or timezone.now()
    due = Decision.objects.filter(
        status=Decision.Status.OPEN,
        closes_at__gt=now,
        closes_at__lte=now + timedelta(hours=24),
        reminded_at__isnull=True,
    ).select_related("body__initiative")
    return sum(remind(decision, now) for decision in due)
