"""An outcome's statuses: each step from the right status, refused with a reason otherwise; a
disputed outcome published stays shown as disputed and goes back to disputed; counts."""

import pytest
from django.utils import translation

from commun.journal import statuses
from commun.journal.models import Agreement
from commun.journal.state import journal_state
from tests.journal.harvest_factory import make_outcome, make_request


def test_a_draft_goes_under_review_then_concluded_then_published(initiative):
    outcome = make_outcome(initiative)
    statuses.submit(outcome)
    assert outcome.status == "review"
    statuses.conclude(outcome, "substantiated")
    statuses.publish(outcome)
    outcome.refresh_from_db()
    assert outcome.status == "published"


@pytest.mark.parametrize(
    "status, step",
    [
        ("review", statuses.submit),
        ("draft", statuses.publish),
        ("review", statuses.publish),
        ("draft", statuses.unpublish),
        ("substantiated", statuses.unpublish),
    ],
)
def test_a_step_from_the_wrong_status_is_refused_and_changes_nothing(initiative, status, step):
    outcome = make_outcome(initiative, status=status)
    with pytest.raises(statuses.StatusError) as refused:
        step(outcome)
    assert str(refused.value)
    outcome.refresh_from_db()
    assert outcome.status == status


def test_only_an_outcome_under_review_is_concluded(initiative):
    outcome = make_outcome(initiative, status="draft")
    with translation.override("en"), pytest.raises(statuses.StatusError, match="under review"):
        statuses.conclude(outcome, "substantiated")
    outcome.status = "review"
    with pytest.raises(statuses.StatusError):
        statuses.conclude(outcome, "published")


def test_any_disagreement_proposes_disputed(initiative):
    outcome = make_outcome(initiative, status="review")
    make_request(outcome, description_agreement=Agreement.FULLY)
    assert statuses.proposed_conclusion(outcome) == "substantiated"
    make_request(
        outcome, email="b@example.org", token="t2", contribution_agreement=Agreement.DISAGREE
    )
    assert statuses.proposed_conclusion(outcome) == "disputed"


def test_a_disputed_outcome_published_is_still_known_as_disputed_and_unpublished_back(initiative):
    outcome = make_outcome(initiative, status="review")
    statuses.conclude(outcome, "disputed")
    statuses.publish(outcome)
    assert statuses.concluded_as(outcome) == "disputed"
    statuses.unpublish(outcome)
    outcome.refresh_from_db()
    assert outcome.status == "disputed"


def test_staff_return_an_outcome_to_draft_with_a_reason_kept_in_history(initiative):
    outcome = make_outcome(initiative, status="substantiated")
    with pytest.raises(statuses.StatusError):
        statuses.return_to_draft(outcome, "  ")
    statuses.return_to_draft(outcome, "Préciser la date")
    outcome.refresh_from_db()
    assert outcome.status == "draft"
    assert statuses.returned_because(outcome) == "Préciser la date"
    with pytest.raises(statuses.StatusError):
        statuses.return_to_draft(outcome, "encore")


def test_a_published_outcome_is_taken_off_publication_before_returning_to_draft(initiative):
    outcome = make_outcome(initiative, status="published")
    with pytest.raises(statuses.StatusError):
        statuses.return_to_draft(outcome, "Erreur")


def test_the_home_card_counts_by_status(initiative, people):
    make_outcome(initiative, status="draft")
    make_outcome(initiative, status="review")
    make_outcome(initiative, status="review")
    read = journal_state(initiative, people["backbone_staff"])
    assert read.under_review == 2 and read.outcomes == 3 and read.published == 0


def test_a_draft_never_sent_back_has_no_reason(initiative):
    outcome = make_outcome(initiative)
    assert statuses.returned_because(outcome) == ""
    statuses.submit(outcome)
    assert statuses.returned_because(outcome) == ""
