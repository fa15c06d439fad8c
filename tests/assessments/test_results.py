"""Figures of a round on constructed answers: mean, spread, shares, comparison, anonymity."""

from datetime import timedelta

import pytest
from django.utils import timezone

from commun.assessments.instruments import shipped
from commun.assessments.results import MIN_GROUP, describe, round_results, summary
from tests.assessments.factories import answered, people_of, scale_round

SCALE = shipped()["preconditions"].scale


def test_describe_gives_the_mean_spread_range_and_share_of_each_answer():
    stats = describe([1, 2, 2, 4, None], SCALE)  # "I don't know" is left out
    assert stats.n == 4
    assert stats.mean == 2.25
    # population standard deviation: deviations -1.25, -0.25, -0.25, 1.75 → sqrt(4.75 / 4)
    assert stats.sd == pytest.approx(1.09, abs=0.005)
    assert (stats.low, stats.high) == (1, 4)
    assert [(s.level.value, s.count, s.percent) for s in stats.shares] == [
        (1, 1, 25),
        (2, 2, 50),
        (3, 0, 0),
        (4, 1, 25),
    ]
    assert stats.disagreement  # from 1 to 4 on a 1-4 scale, sd over 0.75


def test_agreement_is_not_flagged_as_disagreement():
    stats = describe([3, 3, 3, 4], SCALE)
    assert stats.sd == pytest.approx(0.43, abs=0.005)
    assert not stats.disagreement


def test_no_answer_gives_no_figures():
    stats = describe([None], SCALE)
    assert stats.n == 0 and stats.mean is None and stats.sd is None
    assert all(share.percent == 0 for share in stats.shares)


def _round_with(initiative, values_by_person, *, anonymous, comments=None, title="R"):
    people = people_of(initiative, len(values_by_person))
    the_round = scale_round(initiative, anonymous=anonymous, people=people, title=title)
    respondents = {r.user_id: r for r in the_round.respondents.all()}
    for membership, values in zip(people, values_by_person, strict=True):
        answered(
            the_round,
            respondents[membership.user_id],
            values,
            comments=(comments or {}).get(membership.user_id),
        )
    return the_round, people


def test_section_figures_pool_the_answers_of_its_questions(initiative):
    the_round, _people = _round_with(
        initiative,
        [
            {"champions-convene": 1, "champions-keep": 2},
            {"champions-convene": 3, "champions-keep": 4, "urgency-shared": 2},
        ],
        anonymous=False,
    )
    results = round_results(the_round)
    champions = results.sections[0]
    assert champions.series[0].stats.mean == 2.5  # (1 + 2 + 3 + 4) / 4
    assert champions.series[0].people == 2
    convene = champions.questions[0]
    assert convene.stats.mean == 2.0 and convene.stats.n == 2
    urgency = results.sections[1]
    assert urgency.questions[0].stats.n == 1
    assert urgency.questions[1].stats.n == 0
    assert results.submitted == 2 and results.invited == 2


def test_an_anonymous_round_hides_figures_from_fewer_than_three_people(initiative):
    the_round, _people = _round_with(
        initiative,
        [
            {"champions-convene": 1, "urgency-shared": 4},
            {"champions-convene": 2, "urgency-shared": 4},
            {"champions-convene": 4},
        ],
        anonymous=True,
        comments={},
    )
    results = round_results(the_round)
    convene = results.sections[0].questions[0]
    urgency = results.sections[1].questions[0]
    assert convene.stats is not None and convene.stats.n == MIN_GROUP
    assert urgency.stats is None and urgency.answered == 2  # two people: only the count shows
    assert results.sections[1].series[0].stats is None


def test_an_anonymous_round_shows_comments_unsigned_and_only_from_three_people(initiative):
    people = people_of(initiative, 3)
    comments = {
        people[0].user_id: {"champions-convene": "Zèle"},
        people[1].user_id: {"champions-convene": "Assez bien"},
    }
    the_round = scale_round(initiative, anonymous=True, people=people[:2], title="Deux")
    respondents = {r.user_id: r for r in the_round.respondents.all()}
    for membership in people[:2]:
        answered(
            the_round,
            respondents[membership.user_id],
            {"champions-convene": 3},
            comments=comments[membership.user_id],
        )
    results = round_results(the_round)
    assert results.comments_hidden
    assert results.comment_count == 0

    the_round, _people = _round_with(
        initiative,
        [{"champions-convene": 3}] * 3,
        anonymous=True,
        comments=comments,
        title="Trois",
    )
    results = round_results(the_round)
    remarks = results.sections[0].questions[0].comments
    assert [r.text for r in remarks] == ["Assez bien", "Zèle"]  # alphabetical, not by who
    assert all(r.author == "" for r in remarks)


def test_an_anonymous_round_keeps_no_link_from_answers_to_people(initiative):
    the_round, _people = _round_with(initiative, [{"champions-convene": 3}] * 3, anonymous=True)
    assert not the_round.responses.filter(respondent__isnull=False).exists()
    assert not the_round.responses.filter(partner__isnull=False).exists()


def test_a_signed_round_signs_its_comments(initiative):
    people = people_of(initiative, 1)
    the_round, _people = _round_with(
        initiative,
        [{"champions-convene": 3}],
        anonymous=False,
        comments={people[0].user_id: {"champions-convene": "Oui"}},
    )
    remark = round_results(the_round).sections[0].questions[0].comments[0]
    assert remark.text == "Oui"
    assert people[0].user.full_name in remark.author
    assert people[0].partner.name in remark.author


def test_results_compare_with_the_previous_round_of_the_same_instrument(initiative):
    today = timezone.localdate()
    earlier, _ = _round_with(
        initiative, [{"champions-convene": 2, "champions-keep": 2}], anonymous=False, title="Avant"
    )
    earlier.closes_on = today - timedelta(days=1)
    earlier.opens_on = today - timedelta(days=30)
    earlier.save()
    later, _ = _round_with(
        initiative, [{"champions-convene": 4, "champions-keep": 3}], anonymous=False, title="Après"
    )
    results = round_results(later)
    assert results.previous == earlier
    section = results.sections[0]
    assert section.series[0].previous_mean == 2.0
    assert section.series[0].change == 1.5
    assert section.questions[0].change == 2.0
    later.closed_at = timezone.now()
    later.save()
    latest, means = summary(initiative, ("preconditions",)).latest["preconditions"]
    assert latest == later
    assert means[0][1] == 3.5
