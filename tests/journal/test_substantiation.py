"""Substantiation: the request e-mail in the person's language with a signed link; the link
expires, is replaced by asking again, dies with a withdrawn request; the waiting count."""

import time
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from commun.journal import substantiation as asking
from commun.journal.models import Agreement
from commun.journal.state import journal_state
from tests.journal.harvest_factory import make_outcome, make_request


@pytest.fixture
def outcome(initiative):
    return make_outcome(initiative)


def ask(outcome, by, capture, **fields):
    fields.setdefault("name", "Louise Témoin")
    fields.setdefault("email_address", "louise@example.org")
    fields.setdefault("language", "en")
    with capture(execute=True):
        return asking.request_substantiation(outcome, by, **fields)


def test_asking_puts_a_draft_under_review_and_mails_the_person_in_their_language(
    outcome, people, mailoutbox, django_capture_on_commit_callbacks
):
    asked = ask(outcome, people["backbone_staff"], django_capture_on_commit_callbacks)
    outcome.refresh_from_db()
    assert outcome.status == "review"
    [message] = mailoutbox
    assert message.to == ["louise@example.org"]
    assert "Can you confirm this change?" in message.subject
    assert "The committee holds its meetings" in message.body
    assert asking.signed_value(asked).split(":")[0] == asked.token
    html = message.alternatives[0][0]
    assert "/substantiate/" in html and "Say how far you agree" in html


def test_a_french_speaker_is_asked_in_french(
    outcome, people, mailoutbox, django_capture_on_commit_callbacks
):
    ask(outcome, people["backbone_staff"], django_capture_on_commit_callbacks, language="fr")
    assert "Le comité tient ses rencontres" in mailoutbox[0].body
    assert "Pouvez-vous confirmer" in mailoutbox[0].subject


def test_a_good_link_finds_the_request(outcome, initiative):
    asked = make_request(outcome)
    assert asking.substantiation_from_link(initiative, asking.signed_value(asked)) == asked


def test_a_tampered_link_or_another_initiatives_is_unknown(outcome, initiative, other_initiative):
    asked = make_request(outcome)
    good = asking.signed_value(asked)
    with pytest.raises(asking.LinkUnknown):
        asking.substantiation_from_link(initiative, good[:-2] + "xx")
    with pytest.raises(asking.LinkUnknown):
        asking.substantiation_from_link(other_initiative, good)
    forged = signing.TimestampSigner(salt="another salt").sign(asked.token)
    with pytest.raises(asking.LinkUnknown):
        asking.substantiation_from_link(initiative, forged)


def test_a_link_past_its_day_has_expired(outcome, initiative):
    asked = make_request(outcome)
    signed = asking.signed_value(asked)
    asked.expires_at = timezone.now() - timedelta(minutes=1)
    asked.save()
    with pytest.raises(asking.LinkExpired):
        asking.substantiation_from_link(initiative, signed)


def test_a_link_older_than_its_time_has_expired_even_if_the_row_says_otherwise(
    outcome, initiative, monkeypatch
):
    asked = make_request(outcome, days=21)
    # A link signed 30 days ago for a request the row says was made today, for 21 days.
    monkeypatch.setattr(
        signing.TimestampSigner,
        "timestamp",
        lambda self: signing.b62_encode(int(time.time()) - 30 * 86400),
    )
    signed = asking.signed_value(asked)
    monkeypatch.undo()
    with pytest.raises(asking.LinkExpired):
        asking.substantiation_from_link(initiative, signed)


def test_asking_again_kills_the_old_link(
    outcome, initiative, people, mailoutbox, django_capture_on_commit_callbacks
):
    asked = make_request(outcome)
    old = asking.signed_value(asked)
    with django_capture_on_commit_callbacks(execute=True):
        asking.ask_again(asked, people["backbone_staff"])
    with pytest.raises(asking.LinkUnknown):
        asking.substantiation_from_link(initiative, old)
    assert asking.substantiation_from_link(initiative, asking.signed_value(asked)) == asked
    assert len(mailoutbox) == 1


def test_a_withdrawn_request_has_no_link(outcome, initiative):
    asked = make_request(outcome)
    signed = asking.signed_value(asked)
    asking.withdraw(asked)
    with pytest.raises(asking.LinkUnknown):
        asking.substantiation_from_link(initiative, signed)


def test_waiting_counts_outcomes_under_review_with_an_unanswered_request(initiative, people):
    staff = people["backbone_staff"]
    before = journal_state(initiative, staff).waiting
    waiting = make_outcome(initiative, status="review")
    make_request(waiting)
    answered = make_outcome(initiative, status="review")
    make_request(
        answered,
        token="answered",
        description_agreement=Agreement.FULLY,
        answered_at=timezone.now(),
    )
    make_request(make_outcome(initiative, status="draft"), token="draft")
    expired = make_outcome(initiative, status="review")
    late = make_request(expired, token="expired")
    late.expires_at = timezone.now() - timedelta(days=1)
    late.save()
    assert journal_state(initiative, staff).waiting == before + 1
