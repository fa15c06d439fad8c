"""Published versions of a body's terms of reference and its members' endorsements, by the same
rules as the common agenda's (`commun.versioning`)."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from commun.governance.models import TermsEndorsement, TermsVersion
from commun.governance.rules import seats_on
from commun.governance.terms import snapshot_terms
from commun.initiatives.models import GovernanceBody
from commun.versioning import EndorsementSummary, Versioning, decision_counts

TERMS = Versioning(TermsVersion, "body", TermsEndorsement, "person")

__all__ = [
    "TERMS",
    "decision_counts",
    "endorsement_summary",
    "latest_version",
    "publish_terms",
    "record_endorsement",
    "voting_people",
]


def publish_terms(body: GovernanceBody, by, note_fr: str = "", note_en: str = "") -> TermsVersion:
    """Freeze the terms as they read today as the next version; NothingToPublish when nothing
    changed since the latest one."""
    return TERMS.publish(body, snapshot_terms, by, note_fr, note_en)


def latest_version(body: GovernanceBody) -> TermsVersion | None:
    return TERMS.latest(body)


def record_endorsement(version: TermsVersion, person, decision: str, reservation: str):
    """A member's answer to the latest version (NotEndorsable for an older one)."""
    return TERMS.record(version, person, decision, reservation)


def voting_people(body: GovernanceBody):
    """The people who sit on the body today: who may endorse its terms."""
    return (
        get_user_model()
        .objects.filter(body_seats__in=seats_on(body, timezone.localdate()))
        .distinct()
    )


def endorsement_summary(
    body: GovernanceBody, version: TermsVersion | None = None
) -> EndorsementSummary:
    """ "Endorsed by 7 of 12 members": the current members' answers to the version (the latest)."""
    return TERMS.summary(body, voting_people(body), version)
