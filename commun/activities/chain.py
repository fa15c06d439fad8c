"""The chain of contribution: who runs which activity, serving which strategy, for which outcome,
measured by which indicator, with its latest figure.

A chain starts from an outcome, an indicator or a partner and gathers the four columns around it;
every box keeps the links that put it there, so each step can be traced. It is built in a fixed
number of queries whatever the size of the initiative.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from commun.activities.models import Activity
from commun.agenda.models import Outcome, Strategy
from commun.formatting.sorting import dictionary_key
from commun.initiatives.models import Initiative, Partner
from commun.measurement.figures import figure_scope, main_territory
from commun.measurement.figures import visible_indicators as indicators_for
from commun.measurement.headlines import Headline, headlines
from commun.measurement.models import Indicator


@dataclass
class Chain:
    focus: object  # the outcome, indicator or partner the chain starts from
    partners: list[Partner] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    strategies: list[Strategy] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    figures: list[Headline] = field(default_factory=list)
    # Per activity / strategy id: the items of the next column it is linked to, within the chain.
    serves: dict[int, list[Strategy]] = field(default_factory=dict)
    leads_to: dict[int, list[Outcome]] = field(default_factory=dict)
    measured: dict[int, list[Headline]] = field(default_factory=dict)  # outcome id → figures
    measures_of: dict[int, list[Headline]] = field(default_factory=dict)  # activity id → figures

    @property
    def activity_rows(self) -> list[tuple[Activity, list[Strategy], list[Headline]]]:
        return [
            (a, self.serves.get(a.pk, []), self.measures_of.get(a.pk, [])) for a in self.activities
        ]

    @property
    def strategy_rows(self) -> list[tuple[Strategy, list[Outcome]]]:
        return [(s, self.leads_to.get(s.pk, [])) for s in self.strategies]

    @property
    def outcome_rows(self) -> list[tuple[Outcome, list[Headline]]]:
        return [(o, self.measured.get(o.pk, [])) for o in self.outcomes]

    @property
    def is_empty(self) -> bool:
        return not (self.activities or self.strategies or self.outcomes)


def _activities(initiative: Initiative, condition: Q) -> list[Activity]:
    return list(
        Activity.objects.filter(condition, initiative=initiative)
        .current()
        .distinct()
        .prefetch_related("partners", "strategies", "outcomes", "indicators")
    )


def _build(user, initiative: Initiative, focus, outcomes, strategies, activities) -> Chain:
    """Link the columns to each other and read the latest figures of the indicators involved."""
    chain = Chain(focus)
    chain.outcomes = sorted(outcomes, key=lambda o: (o.position, o.pk))
    chain.strategies = sorted(strategies, key=lambda s: (s.position, s.pk))
    chain.activities = activities
    outcome_ids = {o.pk for o in chain.outcomes}
    strategy_ids = {s.pk for s in chain.strategies}
    partners = {}
    for activity in activities:
        chain.serves[activity.pk] = [s for s in activity.strategies.all() if s.pk in strategy_ids]
        for partner in activity.partners.all():
            partners[partner.pk] = partner
    chain.partners = sorted(partners.values(), key=lambda p: dictionary_key(p.name))
    for strategy in chain.strategies:
        chain.leads_to[strategy.pk] = [o for o in strategy.outcomes.all() if o.pk in outcome_ids]

    visible = indicators_for(user, initiative).filter(
        Q(outcome__in=outcome_ids) | Q(activities__in=[a.pk for a in activities])
    )
    figures = {
        h.indicator.pk: h
        for h in headlines(
            visible.distinct().order_by("code"),
            main_territory(initiative),
            figure_scope(user, initiative),
        )
    }
    chain.figures = list(figures.values())
    for headline in chain.figures:
        if headline.indicator.outcome_id in outcome_ids:
            chain.measured.setdefault(headline.indicator.outcome_id, []).append(headline)
    for activity in activities:
        chain.measures_of[activity.pk] = [
            figures[i.pk] for i in activity.indicators.all() if i.pk in figures
        ]
    return chain


def _strategies(condition: Q):
    return Strategy.objects.filter(condition).distinct().prefetch_related("outcomes")


def chain_to_outcome(user, initiative: Initiative, outcome: Outcome) -> Chain:
    """Everything contributing to one outcome: its strategies, their activities, their partners."""
    strategies = list(_strategies(Q(outcomes=outcome)))
    activities = _activities(initiative, Q(strategies__in=strategies) | Q(outcomes=outcome))
    return _build(user, initiative, outcome, [outcome], strategies, activities)


def chain_to_indicator(user, initiative: Initiative, indicator: Indicator) -> Chain:
    """What moves an indicator: the outcome it measures and everything contributing to it, plus
    the activities it measures directly (as their performance measure)."""
    outcomes = [indicator.outcome] if indicator.outcome_id else []
    strategies = list(_strategies(Q(outcomes__in=outcomes))) if outcomes else []
    condition = Q(indicators=indicator)
    if outcomes:
        condition |= Q(strategies__in=strategies) | Q(outcomes__in=outcomes)
    activities = _activities(initiative, condition)
    if not outcomes:  # a performance measure: go up from its activities instead
        strategies = list(_strategies(Q(activities__in=activities)))
        outcomes = list(Outcome.objects.filter(strategies__in=strategies).distinct())
    return _build(user, initiative, indicator, outcomes, strategies, activities)


def chain_from_partner(user, initiative: Initiative, partner: Partner) -> Chain:
    """What one partner contributes to: its activities, the strategies and outcomes they serve."""
    activities = _activities(initiative, Q(partners=partner))
    strategies = list(_strategies(Q(activities__in=activities)))
    outcomes = Outcome.objects.filter(
        Q(strategies__in=strategies) | Q(activities__in=activities)
    ).distinct()
    return _build(user, initiative, partner, list(outcomes), strategies, activities)
