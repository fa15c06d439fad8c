"""The decision log: the decisions a person may see, searched in both languages without case or
accents (as names are compared: `measurement.names.simplify`), filtered, and written as CSV."""

import re
from dataclasses import dataclass
from datetime import date
from html import unescape

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from commun.access import role_of
from commun.formatting.csv import SpreadsheetCsv
from commun.governance.models import Decision
from commun.initiatives.models import GovernanceBody, Initiative
from commun.initiatives.roles import BACKBONE_ROLES, Role
from commun.measurement.names import simplify

TAG = re.compile(r"<[^>]+>")
SEARCHED = ("title_fr", "title_en", "proposal_fr", "proposal_en", "outcome_fr", "outcome_en")
CONCERNS = ("canvas", "indicator", "activity")


def visible_decisions(initiative: Initiative, user) -> QuerySet[Decision]:
    """The initiative's decisions `user` may see: the same rule as `Decision.allows` for
    VIEW_DECISIONS, said in SQL (staff all; others no drafts; observers published ones)."""
    decisions = Decision.objects.filter(body__initiative=initiative)
    role = role_of(user, initiative)
    if user.is_superuser or role in BACKBONE_ROLES:
        return decisions
    decisions = decisions.exclude(status=Decision.Status.DRAFT)
    if role is Role.OBSERVER:
        decisions = decisions.filter(published=True)
    return decisions


def plain(html: str) -> str:
    """Rich text as plain text: for a spreadsheet cell, and to search."""
    return " ".join(unescape(TAG.sub(" ", html or "")).split())


def searchable(text: str) -> str:
    return simplify(plain(text))


def matching(decisions: QuerySet[Decision], words: str) -> QuerySet[Decision]:
    """Decisions whose title, proposal or outcome, in either language, holds every word."""
    wanted = searchable(words).split()
    if not wanted:
        return decisions
    found = [
        row[0]
        for row in decisions.values_list("pk", *SEARCHED)
        if all(word in searchable(" ".join(row[1:])) for word in wanted)
    ]
    return decisions.filter(pk__in=found)


@dataclass(frozen=True)
class LogFilters:
    text: str = ""
    body: GovernanceBody | None = None
    status: str = ""
    kind: str = ""
    concerns: str = ""  # canvas, indicator or activity
    since: date | None = None
    until: date | None = None


def decision_log(initiative: Initiative, user, filters: LogFilters) -> QuerySet[Decision]:
    """The log's decisions, newest first; the date is when it closed, else when it was made."""
    decisions = visible_decisions(initiative, user)
    if filters.body:
        decisions = decisions.filter(body=filters.body)
    if filters.status:
        decisions = decisions.filter(status_filter(filters.status))
    if filters.kind:
        decisions = decisions.filter(kind=filters.kind)
    if filters.concerns == "canvas":
        decisions = decisions.exclude(canvas="")
    elif filters.concerns in CONCERNS:
        decisions = decisions.filter(**{f"{filters.concerns}__isnull": False})
    if filters.since:
        decisions = decisions.filter(
            Q(closed_at__date__gte=filters.since)
            | Q(closed_at__isnull=True, created_at__date__gte=filters.since)
        )
    if filters.until:
        decisions = decisions.filter(
            Q(closed_at__date__lte=filters.until)
            | Q(closed_at__isnull=True, created_at__date__lte=filters.until)
        )
    decisions = matching(decisions, filters.text)
    return decisions.select_related("body", "meeting", "indicator", "activity")


def status_filter(status: str) -> Q:
    """A status as the page shows it: an open decision past its closing time is closed."""
    now = timezone.now()
    if status == Decision.Status.OPEN:
        return Q(status=status, closes_at__gt=now)
    if status == Decision.Status.CLOSED:
        return Q(status=status) | Q(status=Decision.Status.OPEN, closes_at__lte=now)
    return Q(status=status)


def concerns_of(decision: Decision) -> str:
    """What the decision concerns, in words."""
    named = []
    if decision.canvas:
        named.append(decision.canvas_name)
    if decision.indicator_id:
        named.append(decision.indicator.name)
    if decision.activity_id:
        named.append(decision.activity.name)
    return " · ".join(named)


def write_log_csv(out, decisions) -> None:
    """One line per decision, in the reader's language."""
    table = SpreadsheetCsv(out)
    table.row(
        [
            _("Decision"),
            _("Body"),
            _("Kind"),
            _("Status"),
            _("Closing date"),
            _("Closed on"),
            _("Concerns"),
            _("Outcome"),
            _("Review on"),
            _("Reviewed on"),
        ]
    )
    for decision in decisions:
        table.row(
            [
                decision.title,
                decision.body.name,
                decision.get_kind_display(),
                decision.get_state_display(),
                timezone.localtime(decision.closes_at).date() if decision.closes_at else None,
                timezone.localtime(decision.closed_at).date() if decision.closed_at else None,
                concerns_of(decision),
                plain(decision.outcome),
                decision.review_on,
                decision.reviewed_on,
            ]
        )
