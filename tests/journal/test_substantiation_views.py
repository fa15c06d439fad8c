"""Substantiation and statuses through the pages, per role: staff ask, the person answers on the
public page in their language (and changes it), an expired or bad link writes nothing, the
reporter submits, staff conclude and publish; a partner never reaches another's draft."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commun.initiatives.models import Membership
from commun.journal.models import Agreement, Substantiation
from commun.journal.substantiation import signed_value
from tests.helpers import client_for
from tests.journal.harvest_factory import make_outcome, make_request, two_partners


def url(initiative, name, *args):
    return reverse(f"journal:{name}", args=[initiative.slug, *args])


@pytest.fixture
def partners(initiative, people):
    editor = Membership.objects.get(user=people["partner_editor"], initiative=initiative)
    return two_partners(initiative, editor.partner_id)


ANSWER = {
    "description_agreement": Agreement.FULLY,
    "significance_agreement": Agreement.PARTLY,
    "contribution_agreement": Agreement.DISAGREE,
    "comment": "J'étais là.",
}


def test_staff_ask_a_person_outside_commun_who_gets_a_link(
    initiative, people, mailoutbox, django_capture_on_commit_callbacks
):
    outcome = make_outcome(initiative)
    client = client_for(people["backbone_staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(initiative, "substantiation_request", outcome.pk),
            {
                "name": "Louise Témoin",
                "email": "louise@example.org",
                "language": "en",
                "expires_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
            },
        )
    assert response.status_code == 302
    asked = Substantiation.objects.get(outcome=outcome)
    assert asked.language == "en" and timezone.localtime(asked.expires_at).date() == (
        timezone.localdate() + timedelta(days=10)
    )
    outcome.refresh_from_db()
    assert outcome.status == "review"
    assert signed_value(asked) in mailoutbox[0].body
    page = client.get(url(initiative, "substantiation_request", outcome.pk)).content.decode()
    assert "Louise Témoin" in page


def test_a_request_without_whom_or_with_a_past_day_is_refused(initiative, people):
    outcome = make_outcome(initiative)
    client = client_for(people["backbone_staff"])
    response = client.post(
        url(initiative, "substantiation_request", outcome.pk),
        {"language": "fr", "expires_on": (timezone.localdate() - timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() and "expires_on" in form.errors
    assert not Substantiation.objects.filter(outcome=outcome).exists()


@pytest.mark.parametrize("role", ["partner_editor", "partner_member", "observer"])
def test_only_staff_ask(initiative, people, role, partners):
    outcome = make_outcome(initiative, partner=partners[0], status="published")
    response = client_for(people[role]).post(
        url(initiative, "substantiation_request", outcome.pk),
        {"name": "X", "email": "x@example.org", "language": "fr"},
    )
    assert response.status_code == 403
    assert not Substantiation.objects.filter(outcome=outcome).exists()


def test_the_person_answers_in_their_language_and_may_change_it(initiative):
    outcome = make_outcome(initiative, status="review")
    asked = make_request(outcome, language="en")
    address = url(initiative, "substantiate", signed_value(asked))
    client = Client(enforce_csrf_checks=True)
    page = client.get(address)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Description in English" in html and "Significance in English" in html
    assert "I fully agree" in html
    csrf = page.cookies["csrftoken"].value
    client.post(address, {**ANSWER, "csrfmiddlewaretoken": csrf})
    asked.refresh_from_db()
    assert asked.contribution_agreement == Agreement.DISAGREE and asked.answered
    client.post(
        address, {**ANSWER, "contribution_agreement": Agreement.FULLY, "csrfmiddlewaretoken": csrf}
    )
    asked.refresh_from_db()
    assert asked.contribution_agreement == Agreement.FULLY


def test_a_french_speaker_reads_the_outcome_in_french(initiative):
    asked = make_request(make_outcome(initiative, status="review"), language="fr")
    html = Client().get(url(initiative, "substantiate", signed_value(asked))).content.decode()
    assert "Description en français" in html and "Je suis tout à fait d" in html


def test_the_answer_form_is_protected_against_cross_site_posts(initiative):
    asked = make_request(make_outcome(initiative, status="review"))
    response = Client(enforce_csrf_checks=True).post(
        url(initiative, "substantiate", signed_value(asked)), ANSWER
    )
    assert response.status_code == 403
    asked.refresh_from_db()
    assert not asked.answered


def test_an_answer_missing_an_agreement_is_refused_clearly(initiative):
    asked = make_request(make_outcome(initiative, status="review"))
    response = Client().post(
        url(initiative, "substantiate", signed_value(asked)),
        {**ANSWER, "significance_agreement": ""},
    )
    assert "Say how far you agree." in response.content.decode()
    asked.refresh_from_db()
    assert not asked.answered


def test_an_expired_link_says_so_and_whom_to_ask_and_writes_nothing(initiative, people):
    asked = make_request(make_outcome(initiative, status="review"), by=people["backbone_staff"])
    address = url(initiative, "substantiate", signed_value(asked))
    Substantiation.objects.filter(pk=asked.pk).update(
        expires_at=timezone.now() - timedelta(hours=1)
    )
    response = Client().post(address, ANSWER)
    assert response.status_code == 410
    assert people["backbone_staff"].email in response.content.decode()
    asked.refresh_from_db()
    assert not asked.answered


def test_a_bad_or_replaced_link_is_not_found(initiative, people):
    asked = make_request(make_outcome(initiative, status="review"))
    old = signed_value(asked)
    assert Client().get(url(initiative, "substantiate", old[:-3] + "abc")).status_code == 404
    client_for(people["backbone_staff"]).post(
        url(initiative, "substantiation_again", asked.pk),
        {"expires_on": (timezone.localdate() + timedelta(days=5)).isoformat()},
    )
    response = Client().post(url(initiative, "substantiate", old), ANSWER)
    assert response.status_code == 404
    asked.refresh_from_db()
    assert not asked.answered


def test_staff_withdraw_a_request(initiative, people):
    asked = make_request(make_outcome(initiative, status="review"))
    client_for(people["backbone_staff"]).post(url(initiative, "substantiation_withdraw", asked.pk))
    assert not Substantiation.objects.filter(pk=asked.pk).exists()


def test_the_partner_submits_its_own_draft_but_never_reaches_anothers(initiative, people, partners):
    own, other = partners
    mine = make_outcome(initiative, partner=own)
    theirs = make_outcome(initiative, partner=other)
    client = client_for(people["partner_editor"])
    assert client.post(url(initiative, "outcome_submit", mine.pk)).status_code == 302
    mine.refresh_from_db()
    assert mine.status == "review"
    assert client.post(url(initiative, "outcome_submit", theirs.pk)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "draft"


def test_a_step_from_the_wrong_status_says_why(initiative, people):
    outcome = make_outcome(initiative, status="draft")
    staff = people["backbone_staff"]
    staff.language = "en"
    staff.save(update_fields=["language"])
    response = client_for(staff).post(url(initiative, "outcome_publish", outcome.pk), follow=True)
    assert "Only a substantiated or disputed outcome can be published" in response.content.decode()
    outcome.refresh_from_db()
    assert outcome.status == "draft"


def test_staff_conclude_as_proposed_publish_and_the_answers_show_it_disputed(initiative, people):
    outcome = make_outcome(initiative, status="review")
    make_request(outcome, answered_at=timezone.now(), **ANSWER)
    client = client_for(people["backbone_staff"])
    page = client.get(url(initiative, "outcome_conclude", outcome.pk))
    assert page.context["form"].initial["status"] == "disputed"
    client.post(url(initiative, "outcome_conclude", outcome.pk), {"status": "disputed"})
    client.post(url(initiative, "outcome_publish", outcome.pk))
    outcome.refresh_from_db()
    assert outcome.status == "published"
    html = client.get(url(initiative, "substantiation_request", outcome.pk)).content.decode()
    assert "J&#x27;étais là." in html or "J'étais là." in html
    assert 'class="flag"' in html


def test_observers_cannot_change_a_status(initiative, people):
    outcome = make_outcome(initiative, status="substantiated")
    client = client_for(people["observer"])
    assert client.post(url(initiative, "outcome_publish", outcome.pk)).status_code == 403
    outcome.refresh_from_db()
    assert outcome.status == "substantiated"


def test_staff_return_to_draft_needs_a_reason(initiative, people):
    outcome = make_outcome(initiative, status="review")
    client = client_for(people["backbone_staff"])
    response = client.post(url(initiative, "outcome_return_to_draft", outcome.pk), {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors
    client.post(url(initiative, "outcome_return_to_draft", outcome.pk), {"reason": "Préciser"})
    outcome.refresh_from_db()
    assert outcome.status == "draft"
    page = client.get(url(initiative, "substantiation_request", outcome.pk)).content.decode()
    assert "Préciser" in page


def test_another_initiatives_outcome_is_not_found(initiative, other_initiative, people):
    outcome = make_outcome(initiative, status="review")
    client = client_for(people["other_initiative_admin"])
    for name in ("substantiation_request", "outcome_conclude", "outcome_return_to_draft"):
        assert client.get(url(other_initiative, name, outcome.pk)).status_code == 404
    asked = make_request(outcome)
    assert (
        Client().get(url(other_initiative, "substantiate", signed_value(asked))).status_code == 404
    )


def test_a_person_of_the_initiative_is_asked_in_their_own_language(
    initiative, people, mailoutbox, django_capture_on_commit_callbacks
):
    member = people["partner_member"]
    member.language = "en"
    member.save(update_fields=["language"])
    outcome = make_outcome(initiative)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(people["backbone_staff"]).post(
            url(initiative, "substantiation_request", outcome.pk),
            {
                "person": member.pk,
                "language": "fr",
                "expires_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
            },
        )
    asked = Substantiation.objects.get(outcome=outcome)
    assert (asked.person, asked.email, asked.language) == (member, member.email, "en")
    assert mailoutbox[0].subject.startswith("Can you confirm this change?")


def test_an_unknown_link_names_no_address(initiative, people):
    html = Client().get(url(initiative, "substantiate", "n-importe:quoi")).content.decode()
    staff_emails = [people["backbone_staff"].email, people["backbone_admin"].email]
    assert not any(address in html for address in staff_emails)


def test_concluding_a_draft_is_refused_on_the_page_and_changes_nothing(initiative, people):
    outcome = make_outcome(initiative, status="draft")
    people["backbone_staff"].language = "en"
    people["backbone_staff"].save(update_fields=["language"])
    client = client_for(people["backbone_staff"])
    page = client.post(url(initiative, "outcome_conclude", outcome.pk), {"status": "disputed"})
    assert page.status_code == 200 and page.context["form"].non_field_errors()
    outcome.refresh_from_db()
    assert outcome.status == "draft"
