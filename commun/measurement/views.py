"""Pages of shared measurement: the indicators, an indicator's figures, data entry, the review."""

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from commun import renders
from commun.access import Action, can, initiative_view, partner_seen, reporting_partner
from commun.measurement.chart_images import chart_png_rendering
from commun.measurement.charts import trend_chart
from commun.measurement.checks import Batch, EntryRejected, combinations
from commun.measurement.completeness import completeness
from commun.measurement.coverage import partial_periods
from commun.measurement.ecosystem_map import ecosystem_chart, ecosystem_links
from commun.measurement.entry import review, save_batches, sent_status
from commun.measurement.exports import write_figures_csv
from commun.measurement.figures import (
    breakdown_lists,
    by_breakdown,
    by_territory,
    figure_scope,
    indicators_seen,
    main_territory,
    series,
)
from commun.measurement.forecast import forecast
from commun.measurement.forms import (
    EntryChoiceForm,
    EntryGridForm,
    IndicatorForm,
    ReturnForm,
    ReviewFilterForm,
    save_indicator,
    target_formset,
)
from commun.measurement.grid import entry_defaults, grid_rows, period_groups, reported_indicators
from commun.measurement.headlines import headlines
from commun.measurement.models import Indicator, Observation
from commun.measurement.page_cache import figures_version, remembered
from commun.measurement.review_queue import waiting_values, with_previous_values
from commun.measurement.target_history import target_history


def indicator_from_url(initiative, kwargs):
    return get_object_or_404(Indicator, initiative=initiative, code=kwargs["code"])


@initiative_view(Action.VIEW_INITIATIVE)
def overview(request, initiative):
    scope = figure_scope(request.user, initiative, request.GET.get("scope"))
    version = figures_version(initiative)  # first: see page_cache
    backbone = can(request.user, Action.MANAGE_INDICATORS, initiative)
    can_review = can(request.user, Action.REVIEW_DATA, initiative)
    figures = remembered(
        initiative,
        version,
        ["overview", initiative.slug, scope, "backbone" if backbone else "others", get_language()],
        lambda: overview_figures(initiative, scope, backbone=backbone),
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
        },
    )


def overview_figures(initiative, scope: str, *, backbone: bool) -> str:
    """The overview's cards, as HTML: each indicator's headline, by kind and question."""
    territory = main_territory(initiative)
    lines = headlines(indicators_seen(initiative, backbone=backbone), territory, scope)
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
        },
    )


def waiting_count(initiative) -> int:
    """How many values wait for the backbone's review."""
    return Observation.objects.filter(
        indicator__initiative=initiative, status=Observation.Status.SUBMITTED
    ).count()


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
            "territories": by_territory(obj, shown_period, scope) if shown_period else [],
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


@initiative_view(Action.ENTER_DATA)
def entry(request, initiative):
    """The grid of values due from the person's organization (or the backbone's own data)."""
    partner = reporting_partner(request.user, initiative)
    indicators = reported_indicators(partner, initiative)
    territory_default, period_default = entry_defaults(partner, indicators, initiative)
    choice = EntryChoiceForm(
        request.GET or None,
        initiative=initiative,
        initial={"territory": territory_default, "period": period_default},
    )
    period, territory = None, territory_default
    if choice.is_bound and choice.is_valid():
        territory = choice.cleaned_data["territory"]
        period = choice.cleaned_data["period"]
    elif not choice.is_bound:
        period = choice.initial["period"]
    grids = period_groups(indicators, period) if period and territory else []
    rows = grid_rows(grids, territory, partner)
    form = EntryGridForm(request.POST or None, rows=rows)
    problems = []
    if request.method == "POST" and form.is_valid():
        entries, unreadable = form.entry_rows()
        for name, message in unreadable.items():
            form.add_error(name, message)
        if not unreadable:
            keys = {group.frequency: group.key for group in grids}
            problems = _save_grid(request, partner, territory, entries, keys)
            if problems is None:
                return redirect(request.get_full_path())
            form.mark_refused(problems)
        else:
            messages.error(request, _("Nothing was saved: some values are not numbers."))
    return render(
        request,
        "measurement/entry.html",
        {
            "initiative": initiative,
            "choice": choice,
            "form": form,
            "grids": grids,
            "rows": [
                (
                    row.indicator,
                    row.label,
                    row.current,
                    row.previous,
                    form[f"v{i}"],
                    form[f"c{i}"],
                    [form[name] for name in (f"n{i}", f"d{i}") if name in form.fields],
                    row.locked,
                )
                for i, row in enumerate(rows)
            ],
            "partner": partner,
            "territory": territory,
            "problems": [
                (problem, f"id_v{problem.line - 1}" if 0 < problem.line <= len(rows) else "")
                for problem in problems or ()
            ],
            "any_locked": any(row.locked for row in rows),
        },
    )


def _save_grid(request, partner, territory, entries, keys):
    """Save the grid by period; returns None when saved, else the problems to show."""
    submit = "submit" in request.POST
    status = sent_status(partner) if submit else Observation.Status.DRAFT
    by_period = {}
    for entry_row in entries:
        by_period.setdefault(keys[entry_row.indicator.frequency], []).append(entry_row)
    batches = [Batch(partner, period, territory, rows) for period, rows in by_period.items()]
    try:
        result = save_batches(
            batches, by=request.user, provenance=Observation.Provenance.FORM, status=status
        )
    except EntryRejected as rejected:
        messages.error(request, _("Nothing was saved: correct the values listed below."))
        return rejected.problems
    total = result.created + result.changed
    if submit:
        messages.success(
            request,
            ngettext(
                "%(count)d value sent to the backbone.",
                "%(count)d values sent to the backbone.",
                total,
            )
            % {"count": total},
        )
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d value saved as a draft.", "%(count)d values saved as a draft.", total
            )
            % {"count": total},
        )
    return None


def with_breakdown_labels(observations) -> list[Observation]:
    """The observations, each with `breakdown_label`: its categories' names ("0-17 · Women")."""
    labels, listed = {}, list(observations)
    for obs in listed:
        if obs.indicator_id not in labels:
            labels[obs.indicator_id] = dict(combinations(obs.indicator))
        obs.breakdown_label = labels[obs.indicator_id].get(obs.breakdown, obs.breakdown)
    return listed


REVIEW_PAGE_SIZE = 300


@initiative_view(Action.REVIEW_DATA)
def review_queue(request, initiative):
    """Submitted values to approve or return; approved ones (?status=approved) to reopen. None is
    chosen until the person chooses (?select=all chooses every value shown)."""
    filters = ReviewFilterForm(request.GET, initiative=initiative)
    filters.is_valid()  # a filter that cannot be read is left out, and says why
    chosen_filters = filters.cleaned_data
    status = chosen_filters.get("status") or Observation.Status.SUBMITTED
    waiting = waiting_values(
        initiative,
        status,
        partner=chosen_filters.get("partner"),
        indicator=chosen_filters.get("indicator"),
        periods=chosen_filters.get("periods", ()),
    )
    return_form = ReturnForm(request.POST or None)
    if request.method == "POST":
        back = _review_url(request)
        chosen = waiting.filter(
            pk__in=[v for v in request.POST.getlist("observation") if v.isdigit()]
        )
        if not chosen:
            messages.error(request, _("Choose at least one value."))
        elif "approve" in request.POST and status == Observation.Status.SUBMITTED:
            count = review(list(chosen), approve=True, reason="", by=request.user)
            messages.success(
                request,
                ngettext("%(count)d value approved.", "%(count)d values approved.", count)
                % {"count": count},
            )
            return redirect(back)
        elif return_form.is_valid():
            count = review(
                list(chosen),
                approve=False,
                reason=return_form.cleaned_data["reason"],
                by=request.user,
            )
            messages.success(
                request,
                ngettext("%(count)d value returned.", "%(count)d values returned.", count)
                % {"count": count},
            )
            return redirect(back)
        else:
            messages.error(request, _("Nothing was returned: say why."))
    shown = with_previous_values(with_breakdown_labels(waiting[:REVIEW_PAGE_SIZE]))
    return render(
        request,
        "measurement/review.html",
        {
            "initiative": initiative,
            "waiting": shown,
            "total": waiting.count(),
            "page_size": REVIEW_PAGE_SIZE,
            "status": status,
            "filters": filters,
            "return_form": return_form,
            "select_all": request.GET.get("select") == "all",
            "chosen": set(request.POST.getlist("observation")),
            "select_all_url": _review_url(request, select="all"),
            "select_none_url": _review_url(request),
        },
    )


def _review_url(request, **extra) -> str:
    """This review page with its filters (not the choice of values), plus `extra`."""
    query = request.GET.copy()
    query.pop("select", None)
    query.update(extra)
    return f"{request.path}?{query.urlencode()}" if query else request.path


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


@initiative_view(Action.VIEW_INDICATOR, indicator_from_url)
def indicator_csv(request, initiative, code, obj):
    """The figures behind the indicator's charts: every period, territory and breakdown."""
    scope = figure_scope(request.user, initiative, request.GET.get("scope"))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{obj.code}-{scope}.csv"'
    write_figures_csv(response, obj, scope)
    return response


@initiative_view(Action.VIEW_INITIATIVE)
def ecosystem(request, initiative):
    """Who collects which data, from whom, for whom, how often — as a map and as a list."""
    links = ecosystem_links(request.user, initiative)
    return render(
        request,
        "measurement/ecosystem.html",
        {"initiative": initiative, "links": links, "chart": ecosystem_chart(links)},
    )
