"""The journal's panels on lower apps' pages (`commun.panels`): beside an indicator's chart, its
interpretations and the learning sessions that looked at it; beside the chain of contribution,
the observed outcomes its activities and outcomes relate to. Each in a fixed number of queries,
nothing (an empty string) when there is nothing to show."""

from __future__ import annotations

from django.db.models import Q
from django.template.loader import render_to_string

from commun.access import Action, can
from commun.journal.interpretations import interpretations_seen
from commun.journal.models import ObservedOutcome
from commun.journal.visibility import outcomes_seen, sessions_seen
from commun.panels import Panel


def beside_indicator(request, initiative, indicator) -> str:
    user = request.user
    if not can(user, Action.VIEW_LEARNING, initiative):
        return ""
    interpretations = list(interpretations_seen(user, initiative, indicator))
    sessions = list(
        sessions_seen(user, initiative).filter(indicators=indicator).order_by("-held_on", "-pk")
    )
    may_manage = can(user, Action.MANAGE_LEARNING, initiative)
    if not (interpretations or sessions or may_manage):
        return ""
    return render_to_string(
        "journal/partials/beside_indicator.html",
        {
            "initiative": initiative,
            "indicator": indicator,
            "interpretations": interpretations,
            "sessions": sessions,
            "may_manage": may_manage,
        },
        request=request,
    )


BESIDE_CHAIN = 10  # the latest shown; the journal lists them all


def outcomes_beside_chain(user, initiative, chain) -> tuple[list, int]:
    """The latest observed outcomes a person sees that the chain's activities contributed to or
    that relate to one of its outcomes, newest first, each with `chain_activities` (those of the
    chain, in its order), and how many there are in all. Three queries, whatever the chain and
    the journal hold."""
    activities = {a.pk: a for a in chain.activities}
    outcome_ids = [o.pk for o in chain.outcomes]
    if not (activities or outcome_ids):
        return [], 0
    seen = (
        outcomes_seen(user, initiative)
        .filter(Q(activities__in=list(activities)) | Q(intended_outcome__in=outcome_ids))
        .distinct()
    )
    found = list(
        seen.select_related("intended_outcome", "actor").order_by("-observed_on", "-pk")[
            :BESIDE_CHAIN
        ]
    )
    total = len(found) if len(found) < BESIDE_CHAIN else seen.count()
    links = ObservedOutcome.activities.through.objects.filter(
        observedoutcome__in=[o.pk for o in found], activity__in=list(activities)
    ).values_list("observedoutcome_id", "activity_id")
    by_outcome = {}
    for outcome_id, activity_id in links:
        by_outcome.setdefault(outcome_id, set()).add(activity_id)
    for outcome in found:
        linked = by_outcome.get(outcome.pk, set())
        outcome.chain_activities = [a for pk, a in activities.items() if pk in linked]
    return found, total


def beside_chain(request, initiative, chain) -> str:
    outcomes, total = outcomes_beside_chain(request.user, initiative, chain)
    if not outcomes:
        return ""
    chain_outcomes = {o.pk for o in chain.outcomes}
    for outcome in outcomes:
        outcome.in_chain = outcome.intended_outcome_id in chain_outcomes
    return render_to_string(
        "journal/partials/beside_chain.html",
        {"initiative": initiative, "outcomes": outcomes, "total": total},
        request=request,
    )


PANELS = [Panel("indicator", beside_indicator), Panel("chain", beside_chain)]
