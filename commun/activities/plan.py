"""Reading the joint action plan: filters, and what is overdue."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from commun.activities.models import SharedAction
from commun.initiatives.models import Initiative


def overdue_actions(initiative: Initiative, today: date | None = None) -> QuerySet[SharedAction]:
    """Open actions whose due date has passed, the oldest first."""
    return plan_actions(initiative, status="overdue", today=today)


def plan_actions(
    initiative: Initiative, *, body=None, partner=None, status: str = "", today: date | None = None
) -> QuerySet[SharedAction]:
    """The plan's actions, filtered by owning body, partner involved and status ("open" and
    "overdue" are the two statuses people ask for most)."""
    today = today or timezone.localdate()
    actions = SharedAction.objects.filter(initiative=initiative).select_related(
        "owner_body", "owner_person", "partner", "strategy"
    )
    if body:
        actions = actions.filter(owner_body=body)
    if partner:
        actions = actions.filter(partner=partner)
    if status == "open":
        actions = actions.filter(status__in=SharedAction.OPEN)
    elif status == "overdue":
        actions = actions.filter(status__in=SharedAction.OPEN, due__lt=today)
    elif status:
        actions = actions.filter(status=status)
    return actions.order_by("due", "pk")
