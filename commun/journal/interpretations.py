"""Interpretations: what someone reads in an indicator's figures at a period, optionally from a
learning session; shown beside the indicator's chart, latest first."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from commun.access import Action, can
from commun.journal.models import Interpretation
from commun.journal.visibility import sessions_seen


def add_interpretation(form, author) -> Interpretation:
    interpretation = form.save(commit=False)
    interpretation.author = author
    interpretation.save()
    return interpretation


def delete_interpretation(interpretation: Interpretation) -> None:
    interpretation.delete()


def interpretations_seen(user, initiative, indicator) -> QuerySet[Interpretation]:
    """The indicator's interpretations a person reads, latest first: those of no session, or of
    a session they see."""
    if not can(user, Action.VIEW_LEARNING, initiative):
        return Interpretation.objects.none()
    found = Interpretation.objects.filter(indicator=indicator).select_related("author", "session")
    if not can(user, Action.MANAGE_LEARNING, initiative):
        found = found.filter(
            Q(session=None) | Q(session__in=sessions_seen(user, initiative).values("pk"))
        )
    return found.order_by("-created_at", "-pk")
