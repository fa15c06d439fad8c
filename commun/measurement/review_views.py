"""The review queue: the backbone approves or returns the values partners sent."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commun.access import Action, initiative_view
from commun.measurement.checks import reportable_breakdowns
from commun.measurement.entry import review
from commun.measurement.models import Observation
from commun.measurement.review_forms import ReturnForm, ReviewFilterForm
from commun.measurement.review_queue import waiting_values, with_previous_values


def with_breakdown_labels(observations) -> list[Observation]:
    """The observations, each with `breakdown_label`: its categories' names ("0-17 · Women")."""
    labels, listed = {}, list(observations)
    for obs in listed:
        if obs.indicator_id not in labels:
            labels[obs.indicator_id] = dict(reportable_breakdowns(obs.indicator))
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
