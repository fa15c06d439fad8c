"""Mutually reinforcing activities' section of the framework: its home card, its steps of the
action frame, the shared actions due for the person, and the records tracked in the history."""

from datetime import timedelta

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from commun.activities.coordination import Gaps, find_gaps, served_by_current_activities
from commun.activities.models import Activity, Junction, SharedAction
from commun.activities.plan import overdue_actions, plan_actions
from commun.sections import (
    Card,
    CardLine,
    Look,
    Phase,
    Section,
    State,
    Step,
    ToDo,
    Tracked,
    state_of,
)
from commun.sections import initiative_url as url

DUE_SOON = timedelta(days=14)  # a shared action due within this is on the person's list
OVERDUE_SHOWN = 3  # overdue shared actions named on the card


def _reading(look: Look) -> tuple[int, Gaps, list[SharedAction], int]:
    """Current activities, the gaps, the first overdue shared actions and how many there are,
    counted without loading the activities."""

    def read():
        initiative = look.initiative
        activities = Activity.objects.filter(initiative=initiative).current().count()
        gaps = find_gaps(initiative, served_by_current_activities(initiative))
        overdue = overdue_actions(initiative, today=look.today)
        shown = list(overdue[:OVERDUE_SHOWN])
        # Counted only when there may be more than those shown.
        count = len(shown) if len(shown) < OVERDUE_SHOWN else overdue.count()
        return activities, gaps, shown, count

    return look.once("activities", read)


def covered_text(gaps: Gaps) -> str:
    return _("%(served)d of %(total)d strategies have an activity") % {
        "served": gaps.strategy_total - len(gaps.strategies),
        "total": gaps.strategy_total,
    }


def card(look: Look) -> Card:
    """Current activities and the strategies they cover, gaps, and the overdue shared actions."""
    initiative = look.initiative
    activities, gaps, shown, count = _reading(look)
    lines = [
        CardLine(
            ngettext("%(count)d current activity", "%(count)d current activities", activities)
            % {"count": activities},
            url("activities:overview", initiative),
        ),
        CardLine(covered_text(gaps), url("activities:matrix", initiative)),
        CardLine(
            ngettext("%(count)d gap to discuss", "%(count)d gaps to discuss", gaps.count)
            % {"count": gaps.count},
            url("activities:coordination", initiative),
        ),
    ]
    if shown:
        overdue_url = url("activities:plan", initiative, query="status=overdue")
        lines.append(
            CardLine(
                ngettext(
                    "%(count)d overdue shared action:", "%(count)d overdue shared actions:", count
                )
                % {"count": count},
                overdue_url,
            )
        )
        lines += [
            CardLine(
                _("%(action)s (due %(due)s, %(owner)s)")
                % {
                    "action": a.title,
                    "due": date_format(a.due, "SHORT_DATE_FORMAT"),
                    "owner": a.owner,
                },
                overdue_url,
            )
            for a in shown
        ]
    if not activities:
        return Card(_("No current activity yet"), State.NOT_STARTED, lines)
    # In place when nothing the agenda names is left without an activity (strategies, levers,
    # populations, territories).
    return Card(covered_text(gaps), state_of(not gaps.count, True), lines)


def steps(look: Look) -> list[Step]:
    """Phase II: every strategy served by a partner's activity; phase III: the joint action
    plan kept moving (open shared actions, none overdue)."""
    initiative = look.initiative
    activities, gaps, _shown, overdue = _reading(look)
    aligned = Step(
        Phase.ORGANIZE,
        _("Align partners' activities with the agenda's strategies"),
        state_of(bool(gaps.strategy_total) and not gaps.strategies, bool(activities)),
        covered_text(gaps),
        url("activities:matrix", initiative),
    )
    plan = Step(
        Phase.SUSTAIN,
        _("Carry out the joint action plan, on time"),
        state_of(bool(activities) and not overdue, bool(activities)),
        ngettext("%(count)d overdue shared action", "%(count)d overdue shared actions", overdue)
        % {"count": overdue},
        url("activities:plan", initiative, query="status=overdue" if overdue else ""),
    )
    return [aligned, plan]


def to_dos(look: Look) -> list[ToDo]:
    """Open shared actions of the joint plan, due within two weeks or overdue, that the person
    owns or that their organization takes part in."""
    if look.viewer is None:
        return []
    user, partner, initiative = look.viewer, look.partner, look.initiative
    today = look.today
    mine = Q(owner_person=user) | Q(partner=partner) if partner else Q(owner_person=user)
    actions = plan_actions(initiative, status="open", today=today).filter(
        mine, due__lte=today + DUE_SOON
    )
    query = "status=open" + (f"&partner={partner.pk}" if partner else "")
    return [
        ToDo(
            action.title,
            url("activities:plan", initiative, query=query),
            due=action.due,
            note=_("owned by %(owner)s") % {"owner": action.owner},
            late=action.due < today,
        )
        for action in actions
    ]


def junction_label(row, named) -> str:
    return f"{named('source')} → {named('target')}"


SECTIONS = [
    Section(
        "activities",
        gettext_lazy("Mutually reinforcing activities"),
        gettext_lazy("Different activities, coordinated by one plan, that reinforce each other."),
        url_name="activities:overview",
        card=card,
        steps=steps,
        to_dos=to_dos,
        tracked=(
            Tracked("activity", Activity),
            Tracked("junction", Junction, label=junction_label),
            Tracked("shared_action", SharedAction),
        ),
    )
]
