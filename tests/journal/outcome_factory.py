"""Observed outcomes for the tests of outcomes, the journal, duplicates and exports."""

from datetime import date

import pytest

from commun.initiatives.models import Partner
from commun.journal.models import ActorKind, ObservedOutcome, SocialActor


def actor(initiative, name="Conseil d'arrondissement", kind=ActorKind.INSTITUTION, **fields):
    found = SocialActor.objects.filter(initiative=initiative, name_fr=name).first()
    return found or SocialActor.objects.create(
        initiative=initiative, name_fr=name, kind=kind, **fields
    )


def outcome(
    initiative,
    title_fr="Le conseil ouvre ses séances aux résidents",
    *,
    who: SocialActor | None = None,
    partner: Partner | None = None,
    status=ObservedOutcome.Status.PUBLISHED,
    observed_on=date(2026, 5, 12),
    kind="policy",
    **fields,
) -> ObservedOutcome:
    return ObservedOutcome.objects.create(
        initiative=initiative,
        actor=who or actor(initiative),
        title_fr=title_fr,
        partner=partner,
        status=status,
        observed_on=observed_on,
        kind=kind,
        **fields,
    )


@pytest.fixture
def empty_journal(initiative):
    """The demo's outcomes set aside (rolled back after the test): counts and lists start at 0."""
    ObservedOutcome.objects.filter(initiative=initiative).delete()
