"""Substantiation: staff ask people who know about an outcome to confirm it, each by an e-mail in
their language carrying a signed link that expires; the answer is kept with the outcome."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from commun.journal import statuses
from commun.journal.models import ObservedOutcome, Substantiation
from commun.journal.models.substantiation import new_token
from commun.mail import email, html_part, send_later

SALT = "commun.journal.substantiation"
DEFAULT_DAYS = 21


class LinkExpired(Exception):
    """The link was right but its time is over (410)."""

    def __init__(self, substantiation: Substantiation | None):
        super().__init__("expired")
        self.substantiation = substantiation


class LinkUnknown(Exception):
    """A link never given, tampered with, or replaced by a newer one (404)."""


def default_expiry(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + timedelta(days=DEFAULT_DAYS)


def signed_value(substantiation: Substantiation) -> str:
    """What the link carries: the token, signed with the time it was signed."""
    return signing.TimestampSigner(salt=SALT).sign(substantiation.token)


def link_of(substantiation: Substantiation) -> str:
    slug = substantiation.outcome.initiative.slug
    return settings.SITE_URL + reverse(
        "journal:substantiate", args=[slug, signed_value(substantiation)]
    )


def substantiation_from_link(initiative, signed: str) -> Substantiation:
    """The request a link names, or LinkUnknown / LinkExpired."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        token = signer.unsign(signed)
    except signing.BadSignature as bad:
        raise LinkUnknown from bad
    found = (
        Substantiation.objects.select_related("outcome__initiative", "requested_by")
        .filter(token=token, outcome__initiative=initiative)
        .first()
    )
    if found is None:
        raise LinkUnknown
    # The link's own age, so that it expires even if the row's date were moved.
    try:
        signer.unsign(signed, max_age=found.expires_at - found.requested_at)
    except signing.SignatureExpired as expired:
        raise LinkExpired(found) from expired
    if timezone.now() > found.expires_at:
        raise LinkExpired(found)
    return found


def send_request(substantiation: Substantiation) -> None:
    """The e-mail asking the person, in their language, with the link."""
    outcome = substantiation.outcome
    with translation.override(substantiation.language or settings.LANGUAGE_CODE):
        context = {
            "substantiation": substantiation,
            "outcome": outcome,
            "initiative": outcome.initiative,
            "asked_by": substantiation.requested_by,
            "url": link_of(substantiation),
            "expires_at": substantiation.expires_at,
        }
        subject = _("Can you confirm this change? %(title)s") % {"title": outcome.title}
        text = render_to_string("email/journal_substantiation.txt", context)
        html = html_part("email/journal_substantiation.html", context)
    send_later([email(subject, text, [substantiation.email], html=html)])


@transaction.atomic
def request_substantiation(
    outcome: ObservedOutcome,
    by,
    *,
    name: str,
    email_address: str,
    language: str,
    person=None,
    expires_at: datetime | None = None,
) -> Substantiation:
    """Ask one person; a draft outcome goes under review. The e-mail leaves after the commit."""
    substantiation = Substantiation.objects.create(
        outcome=outcome,
        name=name,
        email=email_address,
        language=language,
        person=person,
        requested_by=by,
        expires_at=expires_at or default_expiry(),
    )
    statuses.start_review(outcome)
    transaction.on_commit(lambda: send_request(substantiation))
    return substantiation


@transaction.atomic
def ask_again(substantiation: Substantiation, by, expires_at: datetime | None = None) -> None:
    """A new link (the old one stops working), a new time limit, the e-mail again."""
    substantiation.token = new_token()
    substantiation.requested_at = timezone.now()
    substantiation.requested_by = by
    substantiation.expires_at = expires_at or default_expiry(substantiation.requested_at)
    substantiation.save(update_fields=["token", "requested_at", "requested_by", "expires_at"])
    transaction.on_commit(lambda: send_request(substantiation))


def withdraw(substantiation: Substantiation) -> None:
    """The request is taken back: its link stops working, its answer (if any) goes with it."""
    substantiation.delete()


def record_answer(substantiation: Substantiation, answer: dict, now=None) -> Substantiation:
    """The person's answer, which they may change until the link expires."""
    for key in (
        "description_agreement",
        "significance_agreement",
        "contribution_agreement",
        "comment",
    ):
        setattr(substantiation, key, answer[key])
    substantiation.answered_at = now or timezone.now()
    substantiation.save()
    return substantiation


def asked_of(user, initiative) -> list[Substantiation]:
    """The requests addressed to a person of the initiative that wait for their answer: one
    query."""
    return list(
        Substantiation.objects.filter(
            person=user,
            outcome__initiative=initiative,
            answered_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("outcome__initiative")
        .order_by("expires_at", "pk")
    )
