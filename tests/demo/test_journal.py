"""The demo's outcomes journal: two years of observed outcomes from several partners, with
markers, evidence and substantiation answers, one disputed; three learning sessions whose actions
sit in the joint action plan."""

from datetime import timedelta

from django.utils import timezone

from commun.activities.models import SharedAction
from commun.journal.models import (
    LearningSession,
    NowWhat,
    ObservedOutcome,
    SocialActor,
    Substantiation,
)


def test_two_years_of_outcomes_from_several_partners(initiative):
    outcomes = ObservedOutcome.objects.filter(initiative=initiative)
    assert 35 <= outcomes.count() <= 45
    today = timezone.localdate()
    assert outcomes.filter(observed_on__lt=today - timedelta(days=600)).exists()
    assert outcomes.filter(observed_on__gt=today - timedelta(days=60)).exists()
    assert outcomes.values("partner").distinct().count() >= 10
    assert outcomes.filter(markers__isnull=False).distinct().count() >= 10
    assert outcomes.filter(evidence__isnull=False).exists()
    assert outcomes.filter(positive=False, intended=False).exists()
    assert {"draft", "review", "substantiated", "published"} <= set(
        outcomes.values_list("status", flat=True)
    )
    for actor in SocialActor.objects.filter(initiative=initiative, boundary_partner=True):
        assert {1, 2, 3} == set(actor.markers.values_list("level", flat=True)), actor


def test_one_outcome_is_disputed_by_a_substantiation_answer(initiative):
    disputed = ObservedOutcome.objects.get(initiative=initiative, status="disputed")
    answers = Substantiation.objects.filter(outcome=disputed, answered_at__isnull=False)
    assert answers.filter(description_agreement=1).exists()
    assert Substantiation.objects.filter(
        outcome__initiative=initiative, answered_at__isnull=True, expires_at__gt=timezone.now()
    ).exists()  # some answers still awaited


def test_three_learning_sessions_whose_actions_are_in_the_plan(initiative):
    sessions = LearningSession.objects.filter(initiative=initiative)
    assert sessions.count() == 3
    assert {"what", "curve"} == set(sessions.values_list("format", flat=True))
    adopted = NowWhat.objects.filter(session__in=sessions, shared_action__isnull=False)
    assert adopted.values("session").distinct().count() == 3
    plan = SharedAction.objects.filter(initiative=initiative)
    assert plan.filter(learning_origin__in=adopted).count() == adopted.count()
    assert NowWhat.objects.filter(session__in=sessions, shared_action__isnull=True).exists()
