"""Results under the body's rule: a proposal's quorum and rule, a consent's objection as a
block, a choice's winner or tie, scores' totals and means, ranks' Borda count."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commun.governance.decision_results import results_of
from commun.governance.decisions import add_option, open_decision, take_stance
from commun.governance.models import Decision
from commun.governance.rules import Result, terms_of
from commun.initiatives.models import GovernanceBody


@pytest.fixture
def food(initiative):
    return GovernanceBody.objects.get(
        initiative=initiative, name_fr="Chantier sécurité alimentaire"
    )


def voters(body):
    return [seat.user for seat in body.members.order_by("pk")]


def opened(body, kind, names=(), **fields):
    decision = Decision.objects.create(body=body, kind=kind, title_fr="Essai", **fields)
    for name in names:
        add_option(decision, name)
    open_decision(decision, timezone.now() + timedelta(days=2))
    return decision


def vote(decision, people, *values):
    options = list(decision.options.values_list("pk", "key"))
    for person, value in zip(people, values, strict=False):
        if isinstance(value, str):
            take_stance(decision, person, {next(pk for pk, key in options if key == value): 1})
        elif isinstance(value, int):
            take_stance(decision, person, {options[value][0]: 1})
        else:
            take_stance(
                decision, person, {pk: v for (pk, _k), v in zip(options, value, strict=True)}
            )


def test_the_demos_consent_is_blocked_by_an_objection(initiative):
    decision = Decision.objects.get(title_fr__startswith="Déplacer le marché")
    results = results_of(decision)
    assert results.result == Result.BLOCKED and results.quorum.met


def test_a_proposal_without_quorum_is_not_decided_and_abstentions_count_for_quorum(food):
    decision = opened(food, "proposal")
    people = voters(food)
    vote(decision, people[:1], "agree")
    assert results_of(decision).result == Result.NO_QUORUM
    vote(decision, people[1:4], "abstain", "abstain", "agree")
    results = results_of(decision)
    assert results.voters == 4 and results.quorum.met
    assert results.result == Result.ADOPTED  # consensus: nobody disagrees


def test_majority_rule_counts_a_block_as_disagreement(food):
    terms = terms_of(food)
    terms.decision_rule = "majority"
    terms.save()
    decision = opened(food, "proposal")
    vote(decision, voters(food), "agree", "agree", "disagree", "block", "agree")
    assert results_of(decision).result == Result.ADOPTED
    decision = opened(food, "proposal")
    vote(decision, voters(food), "agree", "agree", "disagree", "block", "abstain")
    assert results_of(decision).result == Result.REJECTED


def test_a_choice_names_its_winner_or_a_tie(food):
    decision = opened(food, "choice", ["A", "B", "C"])
    vote(decision, voters(food), 0, 1, 0, 1)
    results = results_of(decision)
    assert results.tie and {r.option.name for r in results.winners} == {"A", "B"}
    assert [r.share for r in results.options] == [Decimal("50.0"), Decimal("50.0"), Decimal("0.0")]
    vote(decision, voters(food)[4:], 1)
    assert [r.option.name for r in results_of(decision).winners] == ["B"]


def test_scores_give_totals_and_means(food):
    decision = opened(food, "score", ["A", "B"], max_score=5)
    vote(decision, voters(food), (5, 1), (4, 2), (3, 5))
    results = results_of(decision)
    assert [(r.total, r.mean) for r in results.options] == [
        (12, Decimal("4.0")),
        (8, Decimal("2.7")),
    ]
    assert [r.option.name for r in results.winners] == ["A"]


def test_ranks_are_counted_by_borda(food):
    decision = opened(food, "ranked", ["A", "B", "C"])
    vote(decision, voters(food), (1, 2, 3), (2, 1, 3), (2, 1, 3), (1, 3, 2))
    results = results_of(decision)
    # points: first 2, second 1, third 0
    assert [r.points for r in results.options] == [6, 5, 1]
    assert [r.option.name for r in results.winners] == ["A"]
    assert "Borda" in results.method
