"""Pages of shared measurement as a whole: the overview of every indicator's latest figure, the
completeness table, the evaluation ecosystem map."""

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from commun.access import Action, can, initiative_view, partner_seen
from commun.measurement.completeness import completeness
from commun.measurement.ecosystem_map import ecosystem_chart, ecosystem_links
from commun.measurement.figures import figure_scope, indicators_seen
from commun.measurement.figures_later import pending_periods
from commun.measurement.headlines import headlines
from commun.measurement.models import Indicator, Observation
from commun.measurement.page_cache import figures_version, remembered
from commun.measurement.territory_choice import territory_choice


@initiative_view(Action.VIEW_INITIATIVE)
def overview(request, initiative):
    scope = figure_scope(request.user, initiative, request.GET.get("scope"))
    version = figures_version(initiative)  # first: see page_cache
    backbone = can(request.user, Action.MANAGE_INDICATORS, initiative)
    can_review = can(request.user, Action.REVIEW_DATA, initiative)
    seen = [scope, "backbone" if backbone else "others", get_language()]
    choice = remembered(
        initiative,
        version,
        ["territories", *seen],
        lambda: territory_choice(initiative, indicators_seen(initiative, backbone=backbone), scope),
    )
    asked = request.GET.get("territory")
    territory = choice.chosen(asked)
    kept = territory.code if asked and territory else ""  # in the cards' links
    figures = remembered(
        initiative,
        version,
        ["overview", initiative.slug, *seen, territory.code if territory else "-", kept],
        lambda: overview_figures(
            initiative,
            territory,
            scope,
            backbone=backbone,
            targets=territory == choice.main,
            kept=kept,
        ),
    )
    waiting = (
        remembered(initiative, version, ["waiting"], lambda: waiting_count(initiative))
        if can_review
        else 0
    )
    return render(
        request,
        "measurement/overview.html",
        {
            "initiative": initiative,
            "figures": mark_safe(figures),  # rendered by a template, escaped there
            "scope": scope,
            "waiting": waiting,
            "territory": territory,
            "territory_options": choice.options(territory),
            "territory_asked": kept,
        },
    )


def overview_figures(
    initiative, territory, scope: str, *, backbone: bool, targets: bool, kept: str
) -> str:
    """The overview's cards for one territory, as HTML: each indicator's headline, by kind and
    question; the distance to a target where `targets` (they are set for the main territory).
    `kept`: the territory code the cards' links keep, if the reader chose one."""
    indicators = indicators_seen(initiative, backbone=backbone)
    lines = headlines(indicators, territory, scope, targets=targets)
    pending = pending_periods(indicators)
    groups = [
        (_("Population results"), [h for h in lines if h.indicator.kind == "population"]),
    ] + [
        (label, [h for h in lines if h.indicator.question == question])
        for question, label in Indicator.Question.choices
    ]
    return render_to_string(
        "measurement/partials/overview_figures.html",
        {
            "initiative": initiative,
            "groups": [(label, items) for label, items in groups if items],
            "territory": territory,
            "kept": kept,
            "updating": [
                (h.indicator.name, pending[h.indicator.pk])
                for h in lines
                if h.indicator.pk in pending
            ],
        },
    )


def waiting_count(initiative) -> int:
    """How many values wait for the backbone's review."""
    return Observation.objects.filter(
        indicator__initiative=initiative, status=Observation.Status.SUBMITTED
    ).count()


@initiative_view(Action.VIEW_COMPLETENESS)
def completeness_view(request, initiative):
    """Staff see every partner; a partner's people see their own organization's line."""
    partner = partner_seen(request.user, initiative)
    table = completeness(initiative, timezone.localdate(), partner=partner)
    late = sum(
        1 for _i, _p, lines in table for _w, cells in lines for c in cells if c.status == "late"
    )
    return render(
        request,
        "measurement/completeness.html",
        {"initiative": initiative, "table": table, "late": late, "partner": partner},
    )


@initiative_view(Action.VIEW_INITIATIVE)
def ecosystem(request, initiative):
    """Who collects which data, from whom, for whom, how often — as a map and as a list."""
    links = ecosystem_links(request.user, initiative)
    return render(
        request,
        "measurement/ecosystem.html",
        {"initiative": initiative, "links": links, "chart": ecosystem_chart(links)},
    )
