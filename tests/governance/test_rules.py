"""A body's rules applied: quorum from its terms and the members whose term covers the day, and a
proposal's result under each decision rule."""

from datetime import date

import pytest
from django.utils import translation

from commun.governance.models import DecisionRule, QuorumKind, Terms
from commun.governance.rules import (
    Result,
    proposal_result,
    quorum_needed,
    quorum_of,
    seats_on,
    terms_of,
)
from commun.initiatives.models import BodyMember, GovernanceBody


def terms(**fields) -> Terms:
    return Terms(**fields)


@pytest.mark.parametrize(
    ("kind", "value", "members", "needed"),
    [
        (QuorumKind.MAJORITY, None, 12, 7),
        (QuorumKind.MAJORITY, None, 11, 6),
        (QuorumKind.SHARE, 40, 12, 5),  # 4.8 rounds up
        (QuorumKind.SHARE, 50, 12, 6),
        (QuorumKind.COUNT, 5, 12, 5),
        (QuorumKind.COUNT, 15, 12, 12),  # never more than the members
        (QuorumKind.NONE, None, 12, 0),
        (QuorumKind.MAJORITY, None, 0, 0),
    ],
)
def test_quorum_needed(kind, value, members, needed):
    assert quorum_needed(terms(quorum_kind=kind, quorum_value=value), members) == needed


def test_quorum_met_counts_those_present_or_represented():
    rules = terms(quorum_kind=QuorumKind.MAJORITY)
    assert not quorum_of(rules, 12, 6).met
    assert quorum_of(rules, 12, 7).met
    with translation.override("en"):
        assert "7 of 12" in quorum_of(rules, 12, 7).text()


@pytest.mark.parametrize(
    ("rule", "votes", "result"),
    [
        (DecisionRule.CONSENSUS, (8, 0, 0), Result.ADOPTED),
        (DecisionRule.CONSENSUS, (8, 1, 0), Result.REJECTED),
        (DecisionRule.CONSENSUS, (8, 0, 1), Result.BLOCKED),
        (DecisionRule.CONSENT, (8, 2, 0), Result.ADOPTED),
        (DecisionRule.CONSENT, (8, 0, 1), Result.BLOCKED),
        (DecisionRule.MAJORITY, (5, 4, 0), Result.ADOPTED),
        (DecisionRule.MAJORITY, (4, 4, 0), Result.REJECTED),
        (DecisionRule.MAJORITY, (5, 3, 2), Result.REJECTED),  # a block is a vote against
        (DecisionRule.QUALIFIED, (6, 3, 0), Result.ADOPTED),  # 66.7 % ≥ 66 %
        (DecisionRule.QUALIFIED, (5, 3, 0), Result.REJECTED),  # 62.5 %
    ],
)
def test_proposal_result_under_each_rule(rule, votes, result):
    rules = terms(decision_rule=rule, qualified_share=66, quorum_kind=QuorumKind.NONE)
    quorum = quorum_of(rules, 12, sum(votes))
    assert proposal_result(rules, quorum, *votes) == result


def test_no_quorum_decides_nothing():
    rules = terms(decision_rule=DecisionRule.MAJORITY, quorum_kind=QuorumKind.MAJORITY)
    assert proposal_result(rules, quorum_of(rules, 12, 5), 5, 0, 0) == Result.NO_QUORUM


@pytest.mark.django_db
def test_seats_on_a_day_follow_the_members_terms(initiative):
    body = GovernanceBody.objects.filter(initiative=initiative).first()
    seat = BodyMember.objects.filter(body=body).first()
    seat.term_start, seat.term_end = date(2025, 1, 1), date(2025, 12, 31)
    seat.save()
    assert seats_on(body, date(2025, 6, 1)).filter(pk=seat.pk).exists()
    assert not seats_on(body, date(2026, 1, 1)).filter(pk=seat.pk).exists()
    assert terms_of(body).quorum_kind == QuorumKind.MAJORITY  # made with the defaults
    assert terms_of(body).pk == Terms.objects.get(body=body).pk
