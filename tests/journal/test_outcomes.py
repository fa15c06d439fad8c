"""Writing outcomes: actors named on the way, drafts deleted, evidence added and removed."""

import pytest
from django.core.files.base import ContentFile

from commun.journal.models import Evidence, ObservedOutcome, SocialActor
from commun.journal.outcomes import (
    OutcomeError,
    actor_named,
    add_evidence,
    delete_evidence,
    delete_outcome,
)
from tests.journal.outcome_factory import outcome


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_an_actor_named_again_in_another_case_is_the_same_actor(initiative):
    first = actor_named(initiative, "Comité  Logement", "residents")
    assert first.name_fr == "Comité Logement"
    assert actor_named(initiative, "comité logement", "organization") == first
    assert SocialActor.objects.filter(initiative=initiative, pk=first.pk).count() == 1


def test_a_published_outcome_is_not_deleted(initiative):
    published = outcome(initiative)
    with pytest.raises(OutcomeError):
        delete_outcome(published)
    assert ObservedOutcome.objects.filter(pk=published.pk).exists()


def test_deleting_a_draft_removes_its_documents(initiative, tmp_path):
    draft = outcome(initiative, status=ObservedOutcome.Status.DRAFT)
    evidence = add_evidence(
        draft, None, kind="document", document=ContentFile(b"pv", name="pv.txt")
    )
    stored = tmp_path / evidence.document.name
    assert stored.exists()
    delete_outcome(draft)
    assert not stored.exists()
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


def test_a_document_over_10_mb_is_refused(initiative):
    target = outcome(initiative)
    big = ContentFile(b"0" * (10 * 1024 * 1024 + 1), name="big.bin")
    with pytest.raises(OutcomeError):
        add_evidence(target, None, kind="document", document=big)
    assert not Evidence.objects.filter(outcome=target).exists()


def test_removing_evidence_removes_its_file(initiative, tmp_path):
    evidence = add_evidence(
        outcome(initiative), None, kind="document", document=ContentFile(b"x", name="x.txt")
    )
    stored = tmp_path / evidence.document.name
    delete_evidence(evidence)
    assert not stored.exists()
