"""An indicator's pages: its figures and trend chart (as a page, an image, a CSV), and its form."""

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
    main_territory,
    series,
)
from commun.measurement.forecast import forecast
from commun.measurement.indicator_forms import IndicatorForm, save_indicator, target_formset
from commun.measurement.models import Indicator
from commun.measurement.target_history import target_history


def indicator_from_url(initiative, kwargs):
    return get_object_or_404(Indicator, initiative=initiative, code=kwargs["code"])


def trend_of(request, initiative, indicator):
    """What the indicator page and its image show: (scope, territory, points, partial, chart)."""
    scope = figure_scope(request.user, initiative, request.GET.get("scope"))
    territory = main_territory(initiative)
    points = series(indicator, territory, scope) if territory else []
    partial = partial_periods(indicator, [period for period, _value in points], scope)
    chart = trend_chart(
        indicator,
        points,
        list(indicator.targets.all()),
        forecast(points, indicator.frequency, partial=partial),
        baseline=indicator.baseline_value,
        partial=partial,
    )
    return scope, territory, points, partial, chart


@initiative_view(Action.VIEW_INDICATOR, indicator_from_url)
def indicator(request, initiative, code, obj):
    scope, territory, points, partial, chart = trend_of(request, initiative, obj)
    # Breakdowns of the latest complete period, as the cards show; of the latest one if none is.
    periods = [period for period, _value in points]
    shown_period = next((p for p in reversed(periods) if p not in partial), None) or (
        periods[-1] if periods else None
    )
    breakdown_values = by_breakdown(obj, shown_period, territory, scope) if shown_period else {}
    can_manage = can(request.user, Action.MANAGE_INDICATORS, initiative)
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
            "chart": chart,
            "partial": partial,
            "partial_list": [(period, partial[period]) for period in periods if period in partial],
            "definition_history": obj.history.select_related("history_user").order_by(
                "-history_date"
            )[:20]
            if can_manage
            else [],
            "target_history": target_history(obj) if can_manage else [],
        },
    )


@initiative_view(Action.VIEW_INDICATOR, indicator_from_url)
def indicator_png(request, initiative, code, obj):
    """The trend chart as an image, to paste in a report."""
    _scope, _territory, _points, _partial, chart = trend_of(request, initiative, obj)
    rendering = chart_png_rendering(chart, filename=f"{obj.code}.png")
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
    """The figures behind the indicator's charts: every period, territory and breakdown."""
    scope = figure_scope(request.user, initiative, request.GET.get("scope"))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{obj.code}-{scope}.csv"'
    write_figures_csv(response, obj, scope)
    return response
