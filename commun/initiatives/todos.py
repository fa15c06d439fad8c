"""What waits for the person on the initiative's home page: their own to-dos, and their
organization's, each linking to the page where it is done (or, for a partner's member who may
not do it, where it is seen).

A fixed number of queries, whatever the data's size: the completeness table of the person's
partner (three), the territory its values are entered for, the latest agenda version, the open
rounds they are asked to, the shared actions due.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commun.access import partner_of, role_of
from commun.formatting import format_period
from commun.initiatives.models import Initiative, Partner
from commun.initiatives.roles import Role

DUE_SOON = timedelta(days=14)  # a shared action due within this is on the list
NOT_SENT = {"late", "due", "draft", "returned"}  # completeness cells that still wait for values


@dataclass(frozen=True)
class ToDo:
    text: str
    url: str
    details: tuple[str, ...] = ()
    due: date | None = None  # shown as "due on …", or "overdue since …" when `late`
    until: date | None = None  # shown as "open until …"
    late: bool = False
    note: str = ""  # beside the date


def to_dos(user, initiative: Initiative, today: date | None = None) -> list[ToDo]:
    """The person's to-dos here, the late ones first. A partner's people see their
    organization's values and endorsement; everyone sees the rounds they are asked to answer and
    the shared actions they own, or their organization takes part in, that are due."""
    today = today or timezone.localdate()
    partner = partner_of(user, initiative)
    acts = role_of(user, initiative) is Role.PARTNER_EDITOR
    items = []
    if partner is not None:
        items += values_to_send(initiative, partner, today, acts)
        items += endorsement_to_give(initiative, partner, acts)
    items += rounds_to_answer(user, initiative, today)
    items += actions_due(user, initiative, partner, today)
    return sorted(items, key=lambda item: not item.late)


def _url(name: str, initiative: Initiative, *args, query: dict | None = None) -> str:
    url = reverse(name, args=[initiative.slug, *args])
    return f"{url}?{urlencode(query)}" if query else url


def values_to_send(initiative: Initiative, partner: Partner, today: date, acts: bool) -> list:
    """One to-do per period whose values the partner has not sent: the last period that has
    ended of each indicator it reports, when its values are missing, a draft or returned."""
    from commun.measurement.completeness import completeness
    from commun.measurement.figures import main_territory
    from commun.measurement.models import Observation

    waiting = defaultdict(list)  # period → [(indicator, status)]
    for indicator, _periods, lines in completeness(initiative, today, partner=partner):
        for _who, cells in lines:
            last = cells[-1]
            if last.status in NOT_SENT:
                waiting[last.period].append((indicator, last.status))
    if not waiting:
        return []
    if acts:  # the grid opens where the partner last reported, as the entry page itself does
        territory = (
            Observation.objects.filter(partner=partner, indicator__initiative=initiative)
            .order_by("-entered_at")
            .values_list("territory_id", flat=True)
            .first()
        )
        if territory is None:
            territory = getattr(main_territory(initiative), "pk", "")
    status_text = {
        "draft": _("saved as a draft, not sent"),
        "returned": _("returned for correction"),
        "late": _("nothing sent"),
        "due": _("nothing sent"),
    }
    items = []
    for period, rows in sorted(waiting.items()):
        details = tuple(
            _("%(indicator)s: %(status)s")
            % {"indicator": indicator.name, "status": status_text[status]}
            for indicator, status in rows
        )
        late = any(status in ("late", "returned") for _indicator, status in rows)
        if acts:
            text = ngettext(
                "Send your value for %(period)s",
                "Send your values for %(period)s (%(count)d indicators)",
                len(rows),
            ) % {"period": format_period(period), "count": len(rows)}
            url = _url(
                "measurement:entry", initiative, query={"period": period, "territory": territory}
            )
        else:
            text = ngettext(
                "Your organization has not sent its value for %(period)s",
                "Your organization has not sent its values for %(period)s (%(count)d indicators)",
                len(rows),
            ) % {"period": format_period(period), "count": len(rows)}
            url = _url("measurement:completeness", initiative)
        items.append(ToDo(text, url, details, late=late))
    return items


def endorsement_to_give(initiative: Initiative, partner: Partner, acts: bool) -> list:
    """The latest version of the common agenda, when the partner has not answered it."""
    from commun.agenda.models import AgendaVersion, Endorsement

    latest = (
        AgendaVersion.objects.filter(initiative=initiative)
        .annotate(
            answered=Exists(Endorsement.objects.filter(version=OuterRef("pk"), partner=partner))
        )
        .order_by("-number")
        .first()
    )
    if latest is None or latest.answered:
        return []
    number = {"number": latest.number}
    if acts:
        return [
            ToDo(
                _("Give your organization's answer to version %(number)d of the common agenda")
                % number,
                _url("agenda:endorse", initiative, latest.number),
            )
        ]
    return [
        ToDo(
            _("Your organization has not answered version %(number)d of the common agenda")
            % number,
            _url("agenda:version", initiative, latest.number),
        )
    ]


def rounds_to_answer(user, initiative: Initiative, today: date) -> list:
    """The assessment rounds open now that the person is asked to and has not handed in."""
    from commun.assessments.models import Respondent

    asked = (
        Respondent.objects.filter(
            user=user,
            round__initiative=initiative,
            submitted_on__isnull=True,
            round__closed_at__isnull=True,
            round__opens_on__lte=today,
            round__closes_on__gte=today,
        )
        .select_related("round")
        .order_by("round__closes_on", "round__pk")
    )
    return [
        ToDo(
            _("Answer “%(title)s”") % {"title": respondent.round.title},
            _url("assessments:answer", initiative, respondent.round.pk),
            until=respondent.round.closes_on,
        )
        for respondent in asked
    ]


def actions_due(user, initiative: Initiative, partner: Partner | None, today: date) -> list:
    """Open shared actions of the joint plan, due within two weeks or overdue, that the person
    owns or that their organization takes part in."""
    from commun.activities.plan import plan_actions

    mine = Q(owner_person=user) | Q(partner=partner) if partner else Q(owner_person=user)
    actions = plan_actions(initiative, status="open", today=today).filter(
        mine, due__lte=today + DUE_SOON
    )
    query = {"status": "open", **({"partner": partner.pk} if partner else {})}
    return [
        ToDo(
            action.title,
            _url("activities:plan", initiative, query=query),
            due=action.due,
            note=_("owned by %(owner)s") % {"owner": action.owner},
            late=action.due < today,
        )
        for action in actions
    ]
