"""Opening rounds, saving and handing in answers: all checked first, then all written or nothing."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django.utils.translation import override

from commun.assessments.instruments import InstrumentError, shipped
from commun.assessments.models import Answer, InstrumentCopy, Respondent, Response
from commun.assessments.rounds import (
    DONT_KNOW,
    AnswerRejected,
    Available,
    copy_instrument,
    open_round,
    reword_copy,
    save_response,
)
from commun.initiatives.models import GovernanceBody, Membership, Partner
from commun.initiatives.roles import PARTNER_ROLES
from tests.assessments.factories import people_of, scale_round


def _open(initiative, key="preconditions", **kwargs):
    return open_round(
        initiative,
        Available(key, key, shipped()[key]),
        title_fr=kwargs.pop("title", "Tour"),
        title_en="Round",
        closes_on=timezone.localdate() + timedelta(days=5),
        anonymous=kwargs.pop("anonymous", False),
        **kwargs,
    )


def test_a_round_asks_the_people_of_the_partners_and_bodies_chosen(initiative):
    partner = (
        Membership.objects.filter(initiative=initiative, partner__isnull=False).first().partner
    )
    body = GovernanceBody.objects.filter(initiative=initiative).order_by("pk").first()
    the_round = _open(initiative, partners=[partner], bodies=[body])
    asked = set(the_round.respondents.values_list("user_id", flat=True))
    of_partner = set(
        Membership.objects.filter(partner=partner, role__in=sorted(PARTNER_ROLES)).values_list(
            "user_id", flat=True
        )
    )
    seated = set(
        Membership.objects.filter(initiative=initiative, user__body_seats__body=body).values_list(
            "user_id", flat=True
        )
    )
    assert asked == of_partner | seated
    respondent = the_round.respondents.get(user_id=next(iter(of_partner)))
    assert respondent.partner == partner


def test_a_continuum_round_asks_only_people_who_act_for_a_partner_and_is_never_anonymous(
    initiative,
):
    staff = Membership.objects.filter(initiative=initiative, partner__isnull=True)
    with pytest.raises(AnswerRejected) as caught:
        _open(initiative, "continuum", memberships=list(staff), anonymous=True)
    assert "anonymous" in caught.value.errors
    with pytest.raises(AnswerRejected):
        _open(initiative, "continuum", memberships=list(staff))  # nobody left to ask
    the_round = _open(initiative, "continuum", memberships=people_of(initiative, 2))
    assert the_round.kind == "network" and the_round.respondents.count() == 2


def test_a_respondent_saves_comes_back_and_hands_in(initiative):
    the_round = scale_round(initiative, people=people_of(initiative, 1))
    respondent = the_round.respondents.get()
    save_response(
        respondent, {"q-champions-convene": "2", "c-champions-keep": "À voir"}, submit=False
    )
    response = Response.objects.get(respondent=respondent)
    assert not response.submitted
    assert {(a.question_key, a.value, a.comment) for a in response.answers.all()} == {
        ("champions-convene", 2, ""),
        ("champions-keep", None, "À voir"),
    }
    save_response(respondent, {"q-champions-convene": "3", "q-urgency-shared": ""}, submit=True)
    response.refresh_from_db()
    respondent.refresh_from_db()
    assert response.submitted and respondent.submitted_on == timezone.localdate()
    assert [(a.question_key, a.value) for a in response.answers.all()] == [("champions-convene", 3)]
    with pytest.raises(AnswerRejected):
        save_response(respondent, {"q-champions-convene": "1"}, submit=True)


def test_i_dont_know_is_kept_as_an_answer_and_no_choice_is_not(initiative):
    from commun.assessments.results import round_results

    the_round = scale_round(initiative, people=people_of(initiative, 1))
    respondent = the_round.respondents.get()
    save_response(
        respondent,
        {"q-champions-convene": "2", "q-champions-keep": DONT_KNOW, "q-urgency-shared": ""},
        submit=True,
    )
    answers = Response.objects.get(round=the_round).answers.values_list("question_key", "value")
    assert sorted(answers) == [("champions-convene", 2), ("champions-keep", None)]
    by_key = {
        q.question.key: q.dont_know for s in round_results(the_round).sections for q in s.questions
    }
    assert (by_key["champions-keep"], by_key["urgency-shared"]) == (1, 0)


def test_handing_in_an_anonymous_round_cuts_the_link_to_the_person(initiative):
    the_round = scale_round(initiative, anonymous=True, people=people_of(initiative, 1))
    respondent = the_round.respondents.get()
    save_response(respondent, {"q-champions-convene": "2"}, submit=False)
    assert Response.objects.filter(respondent=respondent).exists()  # a draft to come back to
    save_response(respondent, {"q-champions-convene": "2"}, submit=True)
    response = the_round.responses.get()
    assert response.respondent is None and response.partner is None and response.submitted
    assert Respondent.objects.get(pk=respondent.pk).submitted_on is not None


def test_a_second_hand_in_sent_before_the_first_was_seen_is_refused(initiative):
    """Two tabs (or a double click) loaded the questionnaire before either was handed in."""
    the_round = scale_round(initiative, anonymous=True, people=people_of(initiative, 1))
    first_tab = the_round.respondents.get()
    second_tab = Respondent.objects.get(pk=first_tab.pk)
    save_response(first_tab, {"q-champions-convene": "2"}, submit=True)
    with override("fr"), pytest.raises(AnswerRejected) as caught:
        save_response(second_tab, {"q-champions-convene": "4"}, submit=True)
    assert caught.value.errors[""] == "Vous avez déjà remis vos réponses à ce tour."
    with pytest.raises(AnswerRejected):  # nor can a draft be started again after the hand-in
        save_response(second_tab, {"q-champions-convene": "3"}, submit=False)
    response = the_round.responses.get()
    assert list(response.answers.values_list("value", flat=True)) == [2]


HAND_INS_AT_ONCE = 6


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite runs one writer at a time; the sequential test above covers it",
)
@pytest.mark.django_db(transaction=True)
def test_parallel_hand_ins_by_one_person_store_one_answer(initiative):
    """The same person hands in from several requests at once: one answer counts, the others are
    told it was already handed in (on PostgreSQL, where requests really run side by side)."""
    people = people_of(initiative, 2)
    the_round = scale_round(initiative, anonymous=True, people=people)
    respondent = the_round.respondents.get(user=people[0].user)
    start = threading.Barrier(HAND_INS_AT_ONCE, timeout=20)
    outcomes = []

    def hand_in(value):
        stale = Respondent.objects.select_related("round").get(pk=respondent.pk)
        try:
            start.wait()
            with override("en"):
                save_response(stale, {"q-champions-convene": str(value)}, submit=True)
            outcomes.append("stored")
        except AnswerRejected as refused:
            with override("en"):
                outcomes.append(str(refused.errors.get("")))
        finally:
            connection.close()

    threads = [threading.Thread(target=hand_in, args=(1 + n % 4,)) for n in range(HAND_INS_AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    assert outcomes.count("stored") == 1, outcomes
    assert outcomes.count("You have already handed in your answers to this round.") == (
        HAND_INS_AT_ONCE - 1
    )
    assert the_round.responses.count() == 1
    assert the_round.responses.get().respondent is None


def test_a_value_off_the_scale_is_refused_in_french_and_nothing_changes(initiative):
    the_round = scale_round(initiative, people=people_of(initiative, 1))
    respondent = the_round.respondents.get()
    save_response(respondent, {"q-champions-convene": "2"}, submit=False)
    before = list(Answer.objects.values_list("question_key", "value", "comment"))
    with override("fr"), pytest.raises(AnswerRejected) as caught:
        save_response(
            respondent,
            {"q-champions-convene": "3", "q-champions-keep": "9", "c-urgency-shared": "x" * 2001},
            submit=True,
        )
    assert caught.value.errors["q-champions-keep"] == "« 9 » n'est pas sur l'échelle (1 à 4)."
    assert "2000" in caught.value.errors["c-urgency-shared"]
    assert list(Answer.objects.values_list("question_key", "value", "comment")) == before
    respondent.refresh_from_db()
    assert respondent.submitted_on is None


def test_handing_in_nothing_or_after_closing_is_refused(initiative):
    the_round = scale_round(initiative, people=people_of(initiative, 1))
    respondent = the_round.respondents.get()
    with pytest.raises(AnswerRejected) as caught:
        save_response(respondent, {"q-champions-convene": ""}, submit=True)
    assert "" in caught.value.errors
    the_round.closed_at = timezone.now()
    the_round.save()
    respondent.round = the_round
    with pytest.raises(AnswerRejected):
        save_response(respondent, {"q-champions-convene": "2"}, submit=False)
    assert not Response.objects.filter(round=the_round).exists()


def test_a_continuum_answer_rates_the_other_partners(initiative):
    person = people_of(initiative, 1)[0]
    the_round = _open(initiative, "continuum", memberships=[person])
    respondent = the_round.respondents.get()
    other = Partner.objects.filter(initiative=initiative).exclude(pk=person.partner_id).first()
    with pytest.raises(AnswerRejected) as caught:
        save_response(respondent, {f"now-{other.pk}": "8"}, submit=False)
    assert f"now-{other.pk}" in caught.value.errors
    data = {
        f"now-{other.pk}": "4",
        f"wanted-{other.pk}": "6",
        f"openness-{other.pk}": "3",
        f"c-{other.pk}": "Bon partenaire",
        f"now-{person.partner_id}": "7",  # one's own partner is not rated: ignored
    }
    save_response(respondent, data, submit=True)
    rating = the_round.responses.get().ratings.get()
    assert (rating.about, rating.level_now, rating.level_wanted) == (other, 4, 6)
    assert rating.scores == {"openness": 3}
    assert the_round.responses.get().partner_id == person.partner_id


def test_an_adapted_copy_is_reworded_as_a_new_version_and_checked(initiative, people):
    adapted = copy_instrument(initiative, "preconditions", by=people["backbone_admin"])
    assert adapted.based_on == "preconditions" and adapted.version == 1
    path = ("sections", 0, "title")
    reword_copy(adapted, {path: {"fr": "Des leaders", "en": "Leaders"}}, by=None)
    adapted.refresh_from_db()
    assert adapted.version == 2 and adapted.content["sections"][0]["title"]["fr"] == "Des leaders"
    assert adapted.history.count() == 2
    with pytest.raises(InstrumentError):
        reword_copy(adapted, {path: {"fr": "", "en": "Leaders"}}, by=None)
    assert InstrumentCopy.objects.get(pk=adapted.pk).version == 2
    again = copy_instrument(initiative, "preconditions", by=None)
    assert again.key != adapted.key
