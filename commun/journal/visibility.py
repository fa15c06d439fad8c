"""Which observed outcomes and learning sessions a person may read: the one rule every list,
export, panel and count of the journal goes through (`ObservedOutcome.allows` says it for one)."""

from django.db.models import Q, QuerySet

from commun.access import Action, can, partner_of
from commun.journal.models import LearningSession, ObservedOutcome


def outcomes_seen(user, initiative) -> QuerySet[ObservedOutcome]:
    """Staff read every outcome; members read published ones, and a partner's people also those
    their partner reported, drafts included; anyone else, none."""
    outcomes = ObservedOutcome.objects.filter(initiative=initiative)
    if can(user, Action.MANAGE_JOURNAL, initiative):
        return outcomes
    if not can(user, Action.VIEW_JOURNAL, initiative):
        return outcomes.none()
    published = Q(status=ObservedOutcome.Status.PUBLISHED)
    partner = partner_of(user, initiative)
    return outcomes.filter(published | Q(partner=partner) if partner else published)


def sessions_seen(user, initiative) -> QuerySet[LearningSession]:
    """Staff read every learning session; members those shown to every member."""
    sessions = LearningSession.objects.filter(initiative=initiative)
    if can(user, Action.MANAGE_LEARNING, initiative):
        return sessions
    if not can(user, Action.VIEW_LEARNING, initiative):
        return sessions.none()
    return sessions.filter(published=True)
