"""Shared measurement's section of the framework: its home card, its steps of the action frame,
the values a partner still has to send, and the figures on the public page."""

from collections import defaultdict
from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from commun.access import Action
from commun.formatting import format_number, format_period
from commun.initiatives.models import Initiative, Partner
from commun.initiatives.roles import Role
from commun.measurement.completeness import completeness
from commun.measurement.figures import main_territory, public_indicators
from commun.measurement.grid import default_territory
from commun.measurement.headlines import headlines
from commun.measurement.models import Aggregate, Indicator, Observation, Territory
from commun.measurement.territory_choice import territory_choice
from commun.sections import (
    Card,
    CardLine,
    Look,
    Phase,
    PublicBlock,
    Section,
    State,
    Step,
    ToDo,
    Tracked,
    state_of,
)
from commun.sections import initiative_url as url

NOT_SENT = {"late", "due", "draft", "returned"}  # completeness cells that still wait for values


def _reading(look: Look) -> dict:
    """The adopted indicators (how many, with a baseline, reported by partners), the values
    waiting for review and the latest period with approved initiative-wide figures."""

    def read():
        initiative = look.initiative
        adopted = Indicator.objects.filter(initiative=initiative, status=Indicator.Status.ADOPTED)
        counts = adopted.aggregate(
            total=Count("pk", distinct=True),
            with_baseline=Count("pk", filter=Q(baseline_value__isnull=False), distinct=True),
            reported=Count("pk", filter=Q(reporting_partners__isnull=False), distinct=True),
        )
        waiting = Observation.objects.filter(
            indicator__initiative=initiative, status=Observation.Status.SUBMITTED
        ).count()
        # The initiative-wide totals only: a few rows per indicator, read through the figures' index.
        latest = Aggregate.objects.filter(
            indicator__in=adopted,
            territory=main_territory(initiative),
            breakdown="",
            scope=Aggregate.Scope.APPROVED,
        ).aggregate(start=Max("period_start"))["start"]
        return {**counts, "waiting": waiting, "latest": latest}

    return look.once("measurement", read)


def adopted_text(count: int) -> str:
    return ngettext("%(count)d adopted indicator", "%(count)d adopted indicators", count) % {
        "count": count
    }


def card(look: Look) -> Card:
    """Adopted indicators, values waiting for review, the latest period with approved data."""
    initiative, read = look.initiative, _reading(look)
    count, latest = read["total"], read["latest"]
    lines = [
        CardLine(adopted_text(count), url("measurement:overview", initiative)),
        CardLine(
            ngettext(
                "%(count)s value waiting for review",
                "%(count)s values waiting for review",
                read["waiting"],
            )
            % {"count": format_number(read["waiting"])},
            # Staff only.
            url("measurement:review", initiative) if look.may(Action.REVIEW_DATA) else "",
        ),
    ]
    if latest:
        lines.append(
            CardLine(
                _("Approved data up to %(year)d") % {"year": latest.year},
                url("measurement:overview", initiative),
            )
        )
    if not count:
        return Card(_("No adopted indicator yet"), State.NOT_STARTED, lines)
    return Card(adopted_text(count), state_of(bool(latest and read["reported"]), True), lines)


def recent(latest: date | None, today: date) -> bool:
    """Approved figures for last year or later: progress is reported regularly."""
    return latest is not None and latest.year >= today.year - 1


def steps(look: Look) -> list[Step]:
    """Phase I: baseline data; phase II: shared indicators that partners report; phase III:
    progress reported regularly (approved figures of last year or later)."""
    initiative, read = look.initiative, _reading(look)
    total, today = read["total"], look.today
    overview = url("measurement:overview", initiative)

    baseline = Step(
        Phase.INITIATE,
        _("Gather baseline data on the issue"),
        state_of(bool(total) and read["with_baseline"] == total, bool(read["with_baseline"])),
        _("%(part)d of %(total)d adopted indicators have a baseline")
        % {"part": read["with_baseline"], "total": total},
        overview,
    )
    shared = Step(
        Phase.ORGANIZE,
        _("Adopt shared indicators that partners report"),
        state_of(bool(read["reported"]), bool(total)),
        _("%(count)s, %(reported)d reported by partners")
        % {"count": adopted_text(total), "reported": read["reported"]},
        overview,
    )
    latest = read["latest"]
    progress = Step(
        Phase.SUSTAIN,
        _("Track and report progress, period after period"),
        state_of(recent(latest, today), latest is not None),
        _("Approved data up to %(year)d") % {"year": latest.year}
        if latest
        else _("No approved data yet"),
        # Who sent what is for staff and partners; others see the figures.
        url("measurement:completeness", initiative)
        if look.may(Action.VIEW_COMPLETENESS)
        else overview,
    )
    return [baseline, shared, progress]


def to_dos(look: Look) -> list[ToDo]:
    """One to-do per period whose values the person's partner has not sent: the last period
    that has ended of each indicator it reports, when its values are missing, a draft or
    returned."""
    if look.partner is None:
        return []
    today = look.today
    return values_to_send(look.initiative, look.partner, today, look.role is Role.PARTNER_EDITOR)


def values_to_send(initiative: Initiative, partner: Partner, today: date, acts: bool) -> list:
    waiting = defaultdict(list)  # period → [(indicator, status)]
    for indicator, _periods, lines in completeness(initiative, today, partner=partner):
        for _who, cells in lines:
            last = cells[-1]
            if last.status in NOT_SENT:
                waiting[last.period].append((indicator, last.status))
    if not waiting:
        return []
    if acts:  # the grid opens where the entry page itself opens
        territory = getattr(default_territory(partner, initiative), "pk", "")
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
            query = urlencode({"period": period, "territory": territory})
            link = url("measurement:entry", initiative, query=query)
        else:
            text = ngettext(
                "Your organization has not sent its value for %(period)s",
                "Your organization has not sent its values for %(period)s (%(count)d indicators)",
                len(rows),
            ) % {"period": format_period(period), "count": len(rows)}
            link = url("measurement:completeness", initiative)
        items.append(ToDo(text, link, details, late=late))
    return items


def public(initiative: Initiative, query=None) -> PublicBlock:
    """The published indicators' latest approved figures, for the territory `?territory=` names
    or by default the widest one with figures (Http404 for a code the initiative does not have)."""
    indicators, scope = public_indicators(initiative), Aggregate.Scope.APPROVED
    choice = territory_choice(initiative, indicators, scope)
    territory = choice.chosen((query or {}).get("territory"))
    figures = headlines(indicators, territory, scope, targets=territory == choice.main)
    return PublicBlock(
        "measurement/partials/public_figures.html",
        {
            "figures": figures,
            "territory": territory,
            "territory_options": choice.options(territory),
            "scope": scope,
        },
    )


SECTIONS = [
    Section(
        "measurement",
        gettext_lazy("Shared measurement"),
        gettext_lazy("A short list of shared indicators, reported regularly by every partner."),
        url_name="measurement:overview",
        card=card,
        steps=steps,
        to_dos=to_dos,
        public=public,
        tracked=(Tracked("indicator", Indicator), Tracked("territory", Territory)),
    )
]
