"""Versions of a body's terms and its members' endorsements, by the agenda's rules: nothing
changed is refused, only the latest version is answered, by current members only."""

from datetime import date

import pytest

from commun.access import Action, can
from commun.governance.models import TermsEndorsement
from commun.governance.rules import terms_of
from commun.governance.terms_versions import (
    endorsement_summary,
    latest_version,
    publish_terms,
    record_endorsement,
    voting_people,
)
from commun.initiatives.models import BodyMember, GovernanceBody
from commun.versioning import NotEndorsable, NothingToPublish


@pytest.fixture
def body(initiative):
    return GovernanceBody.objects.get(initiative=initiative, name_fr="Chantier logement")


@pytest.mark.django_db
def test_publishing_freezes_a_version_and_refuses_when_nothing_changed(body, people):
    first = publish_terms(body, people["backbone_admin"], "Premier", "First")
    assert first.number == 1 and first.snapshot["sections"][0]["key"] == "mandate"
    with pytest.raises(NothingToPublish):
        publish_terms(body, people["backbone_admin"])
    terms = terms_of(body)
    terms.cadence = "weekly"
    terms.save()
    assert publish_terms(body, people["backbone_admin"]).number == 2


@pytest.mark.django_db
def test_members_endorse_the_latest_version_only(body, people):
    first = publish_terms(body, people["backbone_admin"])
    member = voting_people(body).first()
    record_endorsement(first, member, "endorsed", "ignored")
    assert TermsEndorsement.objects.get(version=first, person=member).reservation == ""
    assert endorsement_summary(body).endorsed == 1
    terms = terms_of(body)
    terms.term_months = 12
    terms.save()
    publish_terms(body, people["backbone_admin"])
    with pytest.raises(NotEndorsable):
        record_endorsement(first, member, "declined", "No")
    assert TermsEndorsement.objects.filter(person=member, version__body=body).count() == 1
    summary = endorsement_summary(body)
    assert (summary.version, summary.endorsed, summary.eligible) == (
        latest_version(body),
        0,
        voting_people(body).count(),
    )


@pytest.mark.django_db
def test_only_a_current_member_may_endorse(body, people, initiative):
    version = publish_terms(body, people["backbone_admin"])
    member = BodyMember.objects.filter(body=body).select_related("user").first()
    assert can(member.user, Action.ENDORSE_TERMS, initiative, version)
    assert not can(people["observer"], Action.ENDORSE_TERMS, initiative, version)
    assert not can(people["superuser"], Action.ENDORSE_TERMS, initiative, version)
    BodyMember.objects.filter(pk=member.pk).update(
        term_start=date(2020, 1, 1), term_end=date(2021, 1, 1)
    )
    assert not can(member.user, Action.ENDORSE_TERMS, initiative, version)


@pytest.mark.django_db
def test_the_demo_committee_has_an_endorsed_version(initiative):
    steering = GovernanceBody.objects.get(initiative=initiative, kind="steering")
    summary = endorsement_summary(steering)
    assert summary.version.number == 1
    assert summary.endorsed >= 5 and summary.reservations == 1


@pytest.mark.django_db
def test_an_answer_is_changed_only_by_its_author_while_a_member(body, people, initiative):
    version = publish_terms(body, people["backbone_admin"])
    first, second = BodyMember.objects.filter(body=body).select_related("user")[:2]
    answer = record_endorsement(version, first.user, "endorsed", "")
    assert can(first.user, Action.ENDORSE_TERMS, initiative, answer)
    assert not can(second.user, Action.ENDORSE_TERMS, initiative, answer)
