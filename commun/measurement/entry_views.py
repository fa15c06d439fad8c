"""Data entry: the grid where a partner sends its values, period by period."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commun.access import Action, initiative_view, reporting_partner
from commun.measurement.checks import Batch, EntryRejected
from commun.measurement.entry import save_batches, sent_status
from commun.measurement.entry_forms import EntryChoiceForm, EntryGridForm
from commun.measurement.grid import entry_defaults, grid_rows, period_groups, reported_indicators
from commun.measurement.models import Observation
from commun.measurement.periods import example


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
    fiscal_start = initiative.fiscal_year_start
    grids = period_groups(indicators, period, fiscal_start) if period and territory else []
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
                    row.missing,
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
            "any_breakdown": any(row.breakdown for row in rows),
            "unshown": [
                (g.label, example(g.frequency, fiscal_start)) for g in grids if g.key is None
            ],
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
