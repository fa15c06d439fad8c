"""An indicator's pages: its figures and trend chart (as a page, an image, a CSV), and its form."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from commun import renders
from commun.access import Action, can, initiative_view
from commun.measurement.cell_notes import territories_with_notes
from commun.measurement.chart_images import chart_png_rendering
from commun.measurement.charts import trend_chart
from commun.measurement.coverage import partial_periods
from commun.measurement.exports import write_figures_csv
from commun.measurement.figures import (
    breakdown_lists,
    by_breakdown,
    by_territory,
    figure_scope,
    series,
)
from commun.measurement.figures_later import pending_periods
from commun.measurement.forecast import forecast
from commun.measurement.indicator_forms import IndicatorForm, save_indicator, target_formset
from commun.measurement.models import Aggregate, Indicator, Territory
from commun.measurement.target_history import target_history
from commun.measurement.territory_choice import TerritoryChoice, territory_choice


def indicator_from_url(initiative, kwargs):
    return get_object_or_404(Indicator, initiative=initiative, code=kwargs["code"])


@dataclass
class Trend:
    """What the indicator page and its image show: the territory chosen among those with figures
    for the indicator, its series and partial periods, and the chart."""

    scope: str
    choice: TerritoryChoice
    territory: Territory | None
    asked: str  # the territory's code when the reader chose it, for the page's links
    points: list
    partial: dict
    chart: dict
    targets_shown: bool  # targets and the baseline are set for the main territory: drawn there


def trend_of(request, initiative, indicator) -> Trend:
    scope = figure_scope(request.user, initiative, request.GET.get("scope"))
    choice = territory_choice(initiative, [indicator], scope)
    asked = request.GET.get("territory")
    territory = choice.chosen(asked)
    points = series(indicator, territory, scope) if territory else []
    partial = partial_periods(indicator, [period for period, _value in points], scope)
    mains = territory == choice.main  # where targets and the baseline are set
    chart = trend_chart(
        indicator,
        points,
        list(indicator.targets.all()) if mains else [],
        forecast(points, indicator.frequency, partial=partial),
        baseline=indicator.baseline_value if mains else None,
        partial=partial,
        territory=territory.name if territory else None,
    )
    return Trend(
        scope,
        choice,
        territory,
        territory.code if asked and territory else "",
        points,
        partial,
        chart,
        targets_shown=mains,
    )


@initiative_view(Action.VIEW_INDICATOR, indicator_from_url)
def indicator(request, initiative, code, obj):
    trend = trend_of(request, initiative, obj)
    scope, territory, points, partial = trend.scope, trend.territory, trend.points, trend.partial
    # Breakdowns of the latest complete period, as the cards show; of the latest one if none is.
    periods = [period for period, _value in points]
    shown_period = next((p for p in reversed(periods) if p not in partial), None) or (
        periods[-1] if periods else None
    )
    breakdown_values = by_breakdown(obj, shown_period, territory, scope) if shown_period else {}
    can_manage = can(request.user, Action.MANAGE_INDICATORS, initiative)
    updating = pending_periods([obj]).get(obj.pk)  # after a large import
    return render(
        request,
        "measurement/indicator.html",
        {
            "initiative": initiative,
            "indicator": obj,
            "scope": scope,
            "territory": territory,
            "points": points,
            "shown_period": shown_period,
            "territories": territories_with_notes(
                obj, shown_period, scope, by_territory(obj, shown_period, scope)
            )
            if shown_period
            else [],
            "breakdowns": breakdown_lists(obj, breakdown_values) if shown_period else [],
            "targets": obj.targets.all(),
            "chart": trend.chart,
            "trend": trend,
            "territory_options": trend.choice.options(territory),
            "territory_asked": trend.asked,
            "links_query": page_query(scope, trend.asked),
            "partial": partial,
            "updating": [("", updating)] if updating else [],
            "partial_list": [(period, partial[period]) for period in periods if period in partial],
            "definition_history": obj.history.select_related("history_user").order_by(
                "-history_date"
            )[:20]
            if can_manage
            else [],
            "target_history": target_history(obj) if can_manage else [],
        },
    )


def page_query(scope: str, territory: str) -> str:
    """The query string that keeps the page's scope and chosen territory in its links."""
    kept = {"scope": scope if scope == Aggregate.Scope.ALL else "", "territory": territory}
    kept = {key: value for key, value in kept.items() if value}
    return f"?{urlencode(kept)}" if kept else ""


def titled(trend: Trend, indicator) -> dict:
    """The chart for a report: titled with the indicator and the territory it shows."""
    title = {"text": indicator.name, "anchor": "start", "fontSize": 15}
    if trend.territory:
        title["subtitle"] = trend.territory.name
    return {**trend.chart, "title": title}


@initiative_view(Action.VIEW_INDICATOR, indicator_from_url)
def indicator_png(request, initiative, code, obj):
    """The trend chart as an image, to paste in a report."""
    trend = trend_of(request, initiative, obj)
    place = f"-{trend.territory.code}" if trend.asked else ""
    rendering = chart_png_rendering(titled(trend, obj), filename=f"{obj.code}{place}.png")
    return renders.serve(request, rendering, {"initiative": initiative})


@initiative_view(Action.MANAGE_INDICATORS)
def indicator_new(request, initiative):
    return _indicator_form(request, initiative, Indicator())


@initiative_view(Action.MANAGE_INDICATORS, indicator_from_url)
def indicator_edit(request, initiative, code, obj):
    return _indicator_form(request, initiative, obj)


def _indicator_form(request, initiative, instance):
    """The indicator's definition, its baseline and its targets, saved together or not at all;
    sent back unchanged, nothing is written (and no history is added)."""
    data = request.POST if request.method == "POST" else None
    form = IndicatorForm(data, instance=instance, initiative=initiative)
    valid = form.is_valid() if data is not None else False
    frequency = form.frequency() if data is not None else instance.frequency
    targets = target_formset(instance, frequency or None, data)
    if data is not None:
        if valid and targets.is_valid():
            try:
                saved = save_indicator(form, targets)
            except IntegrityError:
                messages.error(
                    request,
                    _("Nothing was saved: two targets cannot trade periods in one save."),
                )
            else:
                messages.success(request, _("The indicator is saved."))
                return redirect("measurement:indicator", slug=initiative.slug, code=saved.code)
        else:
            messages.error(request, _("Nothing was saved: correct the fields marked below."))
    return render(
        request,
        "measurement/indicator_form.html",
        {"initiative": initiative, "form": form, "targets": targets, "indicator": instance},
    )


@initiative_view(Action.VIEW_INDICATOR, indicator_from_url)
def indicator_csv(request, initiative, code, obj):
    """The figures behind the indicator's charts: every period, territory and breakdown (of the
    territory the page shows and its parts, when the reader chose one)."""
    scope = figure_scope(request.user, initiative, request.GET.get("scope"))
    within = None
    if asked := request.GET.get("territory"):  # that territory and its parts
        within = get_object_or_404(Territory, initiative=initiative, code=asked)
    place = f"-{within.code}" if within else ""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{obj.code}{place}-{scope}.csv"'
    write_figures_csv(response, obj, scope, within)
    return response
