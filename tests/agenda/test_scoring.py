"""Ranking the candidate levers from the partners' scores."""

from types import SimpleNamespace

import pytest

from commun.agenda.scoring import rank_levers


def lever(pk, position=0):
    return SimpleNamespace(pk=pk, position=position)


IMPACT = SimpleNamespace(pk=1, weight=3)
FEASIBILITY = SimpleNamespace(pk=2, weight=1)


def test_weighted_score_is_the_mean_of_each_partners_weighted_score():
    # Partner 10: (3*5 + 1*1) / 4 = 4.0 ; partner 11: (3*3 + 1*3) / 4 = 3.0
    scores = [(1, 1, 10, 5), (1, 2, 10, 1), (1, 1, 11, 3), (1, 2, 11, 3)]
    [ranking] = rank_levers([lever(1)], [IMPACT, FEASIBILITY], scores)
    assert ranking.weighted == pytest.approx(3.5)
    assert ranking.spread == pytest.approx(0.5)
    assert ranking.respondents == 2
    assert ranking.by_criterion[1].mean == 4 and ranking.by_criterion[1].low == 3
    assert ranking.by_criterion[2].high == 3 and ranking.by_criterion[2].count == 2


def test_levers_rank_from_highest_to_lowest_and_unscored_ones_come_last_unranked():
    scores = [(1, 1, 10, 2), (2, 1, 10, 5), (2, 1, 11, 4)]
    ranking = rank_levers([lever(1), lever(2), lever(3)], [IMPACT], scores)
    assert [(r.lever.pk, r.rank) for r in ranking] == [(2, 1), (1, 2), (3, None)]
    assert ranking[2].agreement == "none"


def test_agreement_tells_consensus_from_division():
    agree = [(1, 1, p, 4) for p in range(10, 16)]
    divided = [(2, 1, p, 5 if p % 2 else 1) for p in range(10, 16)]
    mixed = [(3, 1, p, s) for p, s in zip(range(10, 16), [2, 3, 4, 5, 3, 4], strict=True)]
    by_lever = {
        r.lever.pk: r.agreement
        for r in rank_levers([lever(1), lever(2), lever(3)], [IMPACT], agree + divided + mixed)
    }
    assert by_lever == {1: "agree", 2: "divided", 3: "mixed"}


def test_a_partner_that_skipped_a_criterion_is_weighed_on_what_it_scored():
    scores = [(1, 1, 10, 2)]  # impact only
    [ranking] = rank_levers([lever(1)], [IMPACT, FEASIBILITY], scores)
    assert ranking.weighted == 2
    assert 2 not in ranking.by_criterion


def test_scores_on_a_criterion_that_no_longer_exists_are_ignored():
    [ranking] = rank_levers([lever(1)], [IMPACT], [(1, 99, 10, 5), (1, 1, 10, 1)])
    assert ranking.weighted == 1
