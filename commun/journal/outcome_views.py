"""The outcomes journal's pages: the journal (filters, counts, charts), its timeline and map, its
exports; one outcome with its evidence and possible duplicates; reporting and editing one."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from commun.access import Action, can, initiative_view, partner_of
from commun.journal import exports
from commun.journal.charts import bar_chart
from commun.journal.duplicates import similar_outcomes
from commun.journal.journal_reading import (
    Tally,
    by_kind,
    by_strategy,
    by_territory,
    journal,
    timeline,
)
from commun.journal.models import Evidence, HarvestCampaign, ObservedOutcome
from commun.journal.outcome_forms import (
    EvidenceForm,
    JournalFilterForm,
    OutcomeForm,
    markers_field,
)
from commun.journal.outcomes import (
    OutcomeError,
    add_evidence,
    delete_evidence,
    delete_outcome,
    save_outcome,
)
from commun.journal.visibility import outcomes_seen
from commun.sections import initiative_url
from commun.views import form_page, page_of

PER_PAGE = 25
SIMILAR_SHOWN = 8  # the most alike; more would bury them


def outcome_from_url(initiative, kwargs) -> ObservedOutcome:
    return get_object_or_404(
        ObservedOutcome.objects.select_related(
            "actor", "partner", "campaign", "intended_outcome", "reported_by"
        ),
        initiative=initiative,
        pk=kwargs["observed_id"],
    )


def evidence_from_url(initiative, kwargs) -> ObservedOutcome:
    """The outcome of the evidence named, the evidence kept on it as `evidence_item`."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("outcome"),
        outcome__initiative=initiative,
        outcome_id=kwargs["observed_id"],
        pk=kwargs["evidence_id"],
    )
    outcome = evidence.outcome
    outcome.evidence_item = evidence
    return outcome


def outcome_url(initiative, outcome) -> str:
    return initiative_url("journal:outcome", initiative, outcome.pk)


def filtered_journal(request, initiative):
    form = JournalFilterForm(request.GET or None, initiative=initiative)
    return form, journal(initiative, request.user, form.filters())


@initiative_view(Action.VIEW_JOURNAL)
def overview(request, initiative):
    form, outcomes = filtered_journal(request, initiative)
    kinds = by_kind(outcomes)
    strategies = by_strategy(outcomes, initiative)
    context = {
        "initiative": initiative,
        "form": form,
        "kinds": kinds,
        "strategies": strategies,
        "kind_chart": bar_chart(kinds, _("Outcomes by kind of change")),
        "strategy_chart": bar_chart(strategies, _("Outcomes by strategy")),
        "may_report": can(request.user, Action.REPORT_OUTCOMES, initiative),
        **page_of(request, outcomes, PER_PAGE),
    }
    return render(request, "journal/overview.html", context)


QUARTERS_PER_PAGE = 4  # a year of the timeline per page


@initiative_view(Action.VIEW_JOURNAL)
def timeline_page(request, initiative):
    form, outcomes = filtered_journal(request, initiative)
    context = {
        "initiative": initiative,
        "form": form,
        **page_of(request, timeline(outcomes), QUARTERS_PER_PAGE),
    }
    return render(request, "journal/timeline.html", context)


@initiative_view(Action.VIEW_JOURNAL)
def map_page(request, initiative):
    form, outcomes = filtered_journal(request, initiative)
    places = by_territory(outcomes, initiative)
    counted = [place for place in places if place.total]
    rows = [Tally(str(place.territory.name), place.total) for place in counted]
    context = {
        "initiative": initiative,
        "form": form,
        "places": places,
        "chart": bar_chart(rows, _("Outcomes by territory, its parts included")),
        "query": request.GET.urlencode(),
    }
    return render(request, "journal/map.html", context)


@initiative_view(Action.VIEW_JOURNAL)
def outcomes_csv(request, initiative):
    _form, outcomes = filtered_journal(request, initiative)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="outcomes.csv"'
    exports.write_outcomes_csv(response, exports.for_export(outcomes))
    return response


@initiative_view(Action.VIEW_JOURNAL)
def outcomes_xlsx(request, initiative):
    _form, outcomes = filtered_journal(request, initiative)
    response = HttpResponse(
        exports.outcomes_workbook(exports.for_export(outcomes)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="outcomes.xlsx"'
    return response


@initiative_view(Action.VIEW_JOURNAL, outcome_from_url)
def outcome(request, initiative, observed_id, obj):
    manage = can(request.user, Action.MANAGE_JOURNAL, initiative)
    seen = outcomes_seen(request.user, initiative).select_related("actor", "partner")
    duplicates = []
    if manage or request.GET.get("saved"):
        duplicates = similar_outcomes(obj, seen.exclude(pk=obj.pk))[:SIMILAR_SHOWN]
    may_edit = can(request.user, Action.REPORT_OUTCOMES, initiative, obj)
    context = {
        "initiative": initiative,
        "outcome": obj,
        "territories": obj.territories.all(),
        "activities": obj.activities.all(),
        "partners": obj.partners.all(),
        "strategies": obj.strategies.all(),
        "markers": obj.markers.all(),
        "evidence": obj.evidence.all(),
        "duplicates": duplicates,
        "just_saved": bool(request.GET.get("saved")),
        "may_manage": manage,
        "may_edit": may_edit,
        "evidence_form": EvidenceForm() if may_edit else None,
    }
    return render(request, "journal/outcome.html", context)


def outcome_page(request, initiative, outcome: ObservedOutcome, title: str):
    partner = (
        None
        if can(request.user, Action.MANAGE_JOURNAL, initiative)
        else partner_of(request.user, initiative)
    )
    form = OutcomeForm(
        request.POST or None,
        instance=outcome,
        for_partner=partner is not None,
        markers_url=initiative_url("journal:outcome_markers", initiative),
    )

    def saved(form):
        created = outcome.pk is None
        changed = created or form.has_changed()
        save_outcome(form, request.user, partner)
        message = _("The outcome is saved.") if changed else _("Nothing changed.")
        return message, outcome_url(initiative, outcome) + ("?saved=1" if created else "")

    context = {"initiative": initiative, "outcome": outcome, "title": title}
    return form_page(request, form, "journal/outcome_form.html", context, saved)


@initiative_view(Action.REPORT_OUTCOMES)
def outcome_new(request, initiative):
    outcome = ObservedOutcome(initiative=initiative)
    campaign = request.GET.get("campaign", "")
    if campaign.isdigit():
        outcome.campaign = HarvestCampaign.objects.filter(
            initiative=initiative, pk=int(campaign)
        ).first()
    return outcome_page(request, initiative, outcome, _("Report an outcome"))


@initiative_view(Action.REPORT_OUTCOMES)
def outcome_markers(request, initiative):
    """The chosen actor's progress markers, for the report form (htmx)."""
    actor = request.GET.get("actor", "")
    field = markers_field(initiative, int(actor) if actor.isdigit() else None)
    return render(request, "journal/partials/outcome_markers.html", {"field": field})


@initiative_view(Action.REPORT_OUTCOMES, outcome_from_url)
def outcome_edit(request, initiative, observed_id, obj):
    return outcome_page(request, initiative, obj, _("Edit the outcome"))


@initiative_view(Action.REPORT_OUTCOMES, outcome_from_url)
def outcome_delete(request, initiative, observed_id, obj):
    if request.method == "POST":
        try:
            delete_outcome(obj)
        except OutcomeError as refused:
            messages.error(request, str(refused))
            return redirect(outcome_url(initiative, obj))
        messages.success(request, _("The outcome is deleted."))
        return redirect(initiative_url("journal:overview", initiative))
    return render(
        request, "journal/outcome_delete.html", {"initiative": initiative, "outcome": obj}
    )


@initiative_view(Action.REPORT_OUTCOMES, outcome_from_url)
def evidence_add(request, initiative, observed_id, obj):
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_evidence(obj, request.user, **form.evidence_fields())
        except OutcomeError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The evidence is added."))
            return redirect(outcome_url(initiative, obj) + "#evidence")
    return render(
        request,
        "journal/outcome_evidence.html",
        {"initiative": initiative, "outcome": obj, "evidence_form": form},
    )


@initiative_view(Action.REPORT_OUTCOMES, evidence_from_url)
def evidence_delete(request, initiative, observed_id, evidence_id, obj):
    if request.method == "POST":
        delete_evidence(obj.evidence_item)
        messages.success(request, _("The evidence is deleted."))
        return redirect(outcome_url(initiative, obj) + "#evidence")
    context = {"initiative": initiative, "outcome": obj, "item": obj.evidence_item}
    return render(request, "journal/outcome_evidence_delete.html", context)


@initiative_view(Action.VIEW_JOURNAL, evidence_from_url)
def evidence_file(request, initiative, observed_id, evidence_id, obj):
    """A document, only to those who may read its outcome; evidence without one: its outcome."""
    evidence = obj.evidence_item
    if not evidence.document:
        return redirect(outcome_url(initiative, obj) + "#evidence")
    try:
        handle = evidence.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = evidence.document.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name)
