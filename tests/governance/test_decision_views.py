"""Decision pages per role: the log (search without case or accents in both languages,
filters, CSV), observers seeing published decisions only, a member taking and changing a stance,
staff drafting, opening, closing, recording the outcome and adding an action arising."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commun.governance.decisions import add_option, open_decision
from commun.governance.models import Decision, Stance
from commun.initiatives.models import GovernanceBody
from commun.people.models import User
from tests.helpers import client_for


def url(initiative, name, *args):
    return reverse(f"governance:{name}", args=[initiative.slug, *args])


@pytest.fixture
def open_proposal(initiative):
    return Decision.objects.get(body__initiative=initiative, status="open")


@pytest.mark.parametrize(
    "role, sees_unpublished",
    [("backbone_staff", True), ("partner_member", True), ("observer", False)],
)
def test_the_log_shows_observers_published_decisions_only(
    role, sees_unpublished, people, initiative
):
    page = client_for(people[role]).get(url(initiative, "decision_log")).content.decode()
    assert "Thèmes du forum annuel" in page
    assert ("Projets à soutenir" in page) == sees_unpublished
    assert ("Politique de remboursement" in page) == (role == "backbone_staff")  # a draft
    unpublished = Decision.objects.get(title_fr__startswith="Projets à soutenir")
    status = client_for(people[role]).get(url(initiative, "decision", unpublished.pk)).status_code
    assert status == (200 if sees_unpublished else 403)


@pytest.mark.parametrize(
    "words", ["deplacer MARCHE", "church basement", "fauteuil", "accessible place"]
)
def test_the_log_is_searched_in_both_languages_without_case_or_accents(words, people, initiative):
    response = client_for(people["backbone_staff"]).get(
        url(initiative, "decision_log"), {"text": words}
    )
    titles = [d.title_fr for d in response.context["page"]]
    if words == "fauteuil":  # a stance's reason is not searched
        assert titles == []
    else:
        assert titles == ["Déplacer le marché solidaire au sous-sol de l'église"]


def test_the_log_filters_by_body_kind_and_what_it_concerns(people, initiative):
    client = client_for(people["backbone_staff"])
    housing = GovernanceBody.objects.get(initiative=initiative, name_fr="Chantier logement")
    page = client.get(url(initiative, "decision_log"), {"body": housing.pk}).context["page"]
    assert [d.kind for d in page] == ["choice"]
    page = client.get(url(initiative, "decision_log"), {"concerns": "indicator"}).context["page"]
    assert {d.kind for d in page} == {"choice", "score"}
    page = client.get(url(initiative, "decision_log"), {"kind": "ranked"}).context["page"]
    assert [d.title_fr for d in page] == ["Thèmes du forum annuel"]


def test_the_log_exports_csv_in_the_readers_language(people, initiative):
    staff = people["backbone_staff"]
    User.objects.filter(pk=staff.pk).update(language="en")
    response = client_for(staff).get(url(initiative, "decision_log_csv"), {"kind": "consent"})
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Decision,Body,Kind")
    assert "Move the solidarity market to the church basement" in text
    assert "Proposal blocked" in text


def test_a_member_takes_and_changes_a_stance_and_sees_the_history(
    people, initiative, open_proposal
):
    editor = people["partner_editor"]  # sits on the food action team
    client = client_for(editor)
    assert client.get(url(initiative, "decision_vote", open_proposal.pk)).status_code == 200
    agree, block = (open_proposal.options.get(key=k).pk for k in ("agree", "block"))
    vote_url = url(initiative, "decision_vote", open_proposal.pk)
    assert client.post(vote_url, {"option": agree, "reason": "Bonne charte"}).status_code == 302
    assert client.post(vote_url, {"option": block, "reason": "Non"}).status_code == 302
    stances = Stance.objects.filter(decision=open_proposal, person=editor)
    assert [s.latest for s in stances.order_by("cast_at", "pk")] == [False, True]
    page = client.get(url(initiative, "decision", open_proposal.pk)).content.decode()
    assert "Bonne charte" in page and "changée depuis" in page


def test_a_bad_stance_is_refused_with_a_message_and_nothing_written(
    people, initiative, open_proposal
):
    client = client_for(people["partner_editor"])
    response = client.post(url(initiative, "decision_vote", open_proposal.pk), {"option": "999999"})
    assert response.status_code == 200 and response.context["form"].errors
    assert not Stance.objects.filter(
        decision=open_proposal, person=people["partner_editor"]
    ).exists()


@pytest.mark.parametrize("role", ["observer", "backbone_staff", "partner_member"])
def test_who_is_not_on_the_body_today_cannot_vote(role, people, initiative, open_proposal):
    client = client_for(people[role])
    user = people[role]
    seated = open_proposal.body.members.filter(user=user).exists()
    response = client.post(url(initiative, "decision_vote", open_proposal.pk), {"option": "1"})
    if seated:  # the partner member sits on the food action team
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 403
        assert not Stance.objects.filter(decision=open_proposal, person=user).exists()


def test_staff_draft_open_close_and_record_the_outcome(people, initiative):
    client = client_for(people["backbone_staff"])
    body = GovernanceBody.objects.get(initiative=initiative, name_fr="Chantier logement")
    response = client.post(
        url(initiative, "decision_new", body.pk),
        {"title_fr": "Lieu de l'assemblée", "kind": "choice", "proposal_fr": "<p>Où ?</p>"},
    )
    decision = Decision.objects.get(title_fr="Lieu de l'assemblée")
    assert response.status_code == 302 and decision.status == "draft"
    for name in ("Salle paroissiale", "Centre communautaire"):
        client.post(url(initiative, "decision_options", decision.pk), {"name_fr": name})
    assert decision.options.count() == 2
    response = client.post(
        url(initiative, "decision_open", decision.pk), {"closes_at": "2020-01-01T10:00"}
    )
    assert response.status_code == 200 and response.context["form"].errors
    client.post(url(initiative, "decision_open", decision.pk), {"closes_at": "2099-01-01T10:00"})
    decision.refresh_from_db()
    assert decision.status == "open"
    client.post(url(initiative, "decision_close", decision.pk))
    decision.refresh_from_db()
    assert decision.status == "closed"
    client.post(
        url(initiative, "decision_outcome", decision.pk),
        {"outcome_fr": "<p>Au centre</p>", "outcome_en": "", "review_on": "2027-06-01"},
    )
    decision.refresh_from_db()
    assert decision.status == "decided" and str(decision.review_on) == "2027-06-01"
    client.post(
        url(initiative, "decision_action_new", decision.pk),
        {"title_fr": "Réserver la salle", "due": "2027-01-15", "owner_body": body.pk},
    )
    page = client.get(url(initiative, "decision", decision.pk)).content.decode()
    assert "Réserver la salle" in page


def test_staff_see_who_has_not_voted_and_remind_them(people, initiative, open_proposal, mailoutbox):
    client = client_for(people["backbone_staff"])
    page = client.get(url(initiative, "decision", open_proposal.pk))
    waiting = page.context["waiting"]
    assert people["partner_editor"] in waiting
    client.post(url(initiative, "decision_remind", open_proposal.pk))
    assert len(mailoutbox) == len(waiting)


def test_the_review_list_and_marking_reviewed(people, initiative):
    client = client_for(people["backbone_staff"])
    due = client.get(url(initiative, "decisions_to_review")).context["decisions"]
    consent = Decision.objects.get(title_fr__startswith="Déplacer le marché")
    assert consent in list(due)
    client.post(url(initiative, "decision_reviewed", consent.pk))
    assert consent not in list(
        client.get(url(initiative, "decisions_to_review")).context["decisions"]
    )


def test_a_ranked_choice_is_voted_by_rank_and_a_repeated_rank_refused(people, initiative):
    food = GovernanceBody.objects.get(
        initiative=initiative, name_fr="Chantier sécurité alimentaire"
    )
    decision = Decision.objects.create(body=food, kind="ranked", title_fr="Ordre des ateliers")
    for name in ("Pain", "Conserves", "Compost"):
        add_option(decision, name)
    open_decision(decision, timezone.now() + timedelta(days=1))
    a, b, c = decision.options.values_list("pk", flat=True)
    client = client_for(people["partner_editor"])
    vote_url = url(initiative, "decision_vote", decision.pk)
    refused = client.post(vote_url, {f"option_{a}": 1, f"option_{b}": 1, f"option_{c}": 2})
    assert (
        refused.status_code == 200 and "Classez chaque option une fois" in refused.content.decode()
    )
    assert not Stance.objects.filter(decision=decision).exists()
    client.post(vote_url, {f"option_{a}": 2, f"option_{b}": 1, f"option_{c}": 3})
    stance = Stance.objects.get(decision=decision)
    assert {c.option_id: c.value for c in stance.choices.all()} == {a: 2, b: 1, c: 3}
    page = client.get(url(initiative, "decision", decision.pk)).content.decode()
    assert "Borda" in page


def test_the_log_runs_the_same_queries_however_many_decisions(people, initiative):
    client = client_for(people["backbone_staff"])
    log_url = url(initiative, "decision_log")
    client.get(log_url)  # warm the session and caches

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(log_url, {"text": "a"}).status_code == 200
        return len(captured)

    before = queries()
    body = GovernanceBody.objects.filter(initiative=initiative).first()
    for n in range(5):
        Decision.objects.create(body=body, kind="proposal", title_fr=f"Ajout {n}", status="closed")
    assert queries() == before


def test_a_decision_past_its_closing_time_is_closed_when_read_and_refuses_votes(
    people, initiative, open_proposal
):
    Decision.objects.filter(pk=open_proposal.pk).update(
        closes_at=timezone.now() - timedelta(minutes=1)
    )
    client = client_for(people["partner_editor"])
    page = client.get(url(initiative, "decision", open_proposal.pk))
    open_proposal.refresh_from_db()
    assert open_proposal.status == "closed" and open_proposal.closed_at is not None
    assert not page.context["may_vote"]
    agree = open_proposal.options.get(key="agree").pk
    response = client.post(url(initiative, "decision_vote", open_proposal.pk), {"option": agree})
    assert response.status_code == 403
    assert not Stance.objects.filter(
        decision=open_proposal, person=people["partner_editor"]
    ).exists()


def test_another_initiatives_decision_is_not_found(people, other_initiative, open_proposal):
    client = client_for(people["other_initiative_admin"])
    for name in ("decision", "decision_edit", "decision_vote"):
        response = client.get(url(other_initiative, name, open_proposal.pk))
        assert response.status_code == 404
