"""Decisions step by step: options, opening, stances (a change keeps the history), closing at
the closing time or early, the outcome and its review, actions arising, and reminders."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from commun.activities.models import SharedAction
from commun.agenda.models import Strategy
from commun.governance.decision_reminders import not_voted, remind_closing_soon
from commun.governance.decisions import (
    ActionArising,
    DecisionError,
    add_action,
    add_option,
    close_due_decisions,
    open_decision,
    take_stance,
    to_review,
)
from commun.governance.models import Decision, RoleArea, Stance
from commun.governance.roles import save_roles
from commun.governance.rules import seats_on
from commun.initiatives.models import GovernanceBody
from commun.people.models import User


@pytest.fixture
def food(initiative):
    return GovernanceBody.objects.get(
        initiative=initiative, name_fr="Chantier sécurité alimentaire"
    )


@pytest.fixture
def open_proposal(food):
    return Decision.objects.get(body=food, status="open")


def member(body, email_part):
    return User.objects.get(email__startswith=email_part + "@", body_seats__body=body)


def soon(**delta):
    return timezone.now() + timedelta(**delta)


def test_a_proposal_gets_its_four_options_when_opened(food):
    decision = Decision.objects.create(body=food, kind="proposal", title_fr="Charte")
    open_decision(decision, soon(days=3))
    assert list(decision.options.values_list("key", flat=True)) == [
        "agree",
        "abstain",
        "disagree",
        "block",
    ]
    assert decision.is_open


def test_a_choice_needs_two_options_and_a_future_close(food):
    decision = Decision.objects.create(body=food, kind="choice", title_fr="Lieu")
    add_option(decision, "Salle A")
    with pytest.raises(DecisionError):
        open_decision(decision, soon(days=3))
    add_option(decision, "Salle B")
    with pytest.raises(DecisionError):
        open_decision(decision, soon(days=-1))
    open_decision(decision, soon(days=3))
    with pytest.raises(DecisionError):
        add_option(decision, "Salle C")  # no longer a draft


def test_changing_a_stance_keeps_the_earlier_one(open_proposal):
    person = member(open_proposal.body, "repondante")
    agree, disagree = (open_proposal.options.get(key=k).pk for k in ("agree", "disagree"))
    first = take_stance(open_proposal, person, {agree: 1}, "Oui")
    second = take_stance(open_proposal, person, {disagree: 1}, "Finalement non")
    first.refresh_from_db()
    assert not first.latest and second.latest
    assert Stance.objects.filter(decision=open_proposal, person=person).count() == 2


def test_only_members_vote_and_only_while_open(open_proposal, people):
    agree = open_proposal.options.get(key="agree").pk
    with pytest.raises(DecisionError):
        take_stance(open_proposal, people["observer"], {agree: 1})
    Decision.objects.filter(pk=open_proposal.pk).update(closes_at=soon(minutes=-1))
    open_proposal.refresh_from_db()
    assert open_proposal.state == "closed"
    with pytest.raises(DecisionError):
        take_stance(open_proposal, member(open_proposal.body, "repondante"), {agree: 1})


def test_a_stance_must_fit_the_kind(food):
    decision = Decision.objects.create(body=food, kind="ranked", title_fr="Ordre")
    for name in ("A", "B", "C"):
        add_option(decision, name)
    open_decision(decision, soon(days=1))
    a, b, c = decision.options.values_list("pk", flat=True)
    person = member(food, "repondante")
    for values in ({a: 1, b: 1, c: 2}, {a: 1, b: 2}, {a: 1, b: 2, c: 4}):
        with pytest.raises(DecisionError):
            take_stance(decision, person, values)
    assert not Stance.objects.filter(decision=decision).exists()
    take_stance(decision, person, {a: 2, b: 1, c: 3})


def test_due_decisions_close_at_their_closing_time(open_proposal):
    closes = soon(minutes=-5)
    Decision.objects.filter(pk=open_proposal.pk).update(closes_at=closes)
    assert close_due_decisions() == 1
    open_proposal.refresh_from_db()
    assert open_proposal.status == "closed" and open_proposal.closed_at == closes
    assert close_due_decisions() == 0


def test_decisions_to_review_are_those_due_and_not_reviewed(initiative):
    decisions = Decision.objects.filter(body__initiative=initiative)
    due = to_review(decisions, day=timezone.localdate())
    titles = set(due.values_list("title_fr", flat=True))
    assert "Déplacer le marché solidaire au sous-sol de l'église" in titles
    assert "Adopter le budget 2025 de l'infrastructure de soutien" not in titles  # reviewed


def test_an_action_arising_takes_its_owner_from_the_strategys_roles(open_proposal, initiative):
    strategy = Strategy.objects.filter(initiative=initiative).first()
    person = member(open_proposal.body, "repondante")
    save_roles(
        RoleArea(initiative=initiative, strategy=strategy)
        if not RoleArea.objects.filter(strategy=strategy).exists()
        else RoleArea.objects.get(strategy=strategy),
        {f"body:{open_proposal.body.pk}": "A", f"person:{person.pk}": "R"},
    )
    wanted = ActionArising(
        "Imprimer la charte", "Print the charter", soon(days=30).date(), strategy
    )
    action, said = add_action(open_proposal, wanted)
    action.refresh_from_db()
    assert action.owner_person == person and said
    assert action.origin.decision == open_proposal
    plain = add_action(open_proposal, ActionArising("Afficher", "", soon(days=9).date()))[0]
    assert SharedAction.objects.get(pk=plain.pk).owner_body == open_proposal.body


def test_reminders_go_once_to_those_who_have_not_voted_in_their_language(open_proposal):
    Decision.objects.filter(pk=open_proposal.pk).update(closes_at=soon(hours=20))
    waiting = not_voted(open_proposal)
    seated = seats_on(open_proposal.body, timezone.localdate()).count()
    voted = Stance.objects.filter(decision=open_proposal, latest=True).count()
    assert len(waiting) == seated - voted > 0
    User.objects.filter(pk=waiting[0].pk).update(language="en")
    call_command("remind_votes")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in waiting)
    by_person = {m.to[0]: m for m in mail.outbox}
    assert "Your stance is awaited" in by_person[waiting[0].email].subject
    if len(waiting) > 1:
        assert "Votre position est attendue" in by_person[waiting[1].email].subject
    assert remind_closing_soon() == 0  # once per decision
    assert len(mail.outbox) == len(waiting)
