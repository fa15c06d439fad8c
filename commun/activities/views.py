"""Pages of mutually reinforcing activities: the activities, their junctions, the coordination
views (matrix, gaps and overlaps, network) and the chain of contribution."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from commun.access import Action, can, held_to_own_partner, initiative_view, partner_from_url
from commun.activities.chain import chain_from_partner, chain_to_indicator, chain_to_outcome
from commun.activities.charts import network_chart
from commun.activities.coordination import (
    current_activities,
    find_gaps,
    incomplete_activities,
    served_by,
    strategy_partner_matrix,
)
from commun.activities.editing import activity_from_existing_action
from commun.activities.forms import ActivityForm, JunctionForm
from commun.activities.models import Activity, Junction
from commun.activities.overlaps import find_overlaps
from commun.agenda.models import ExistingAction, Outcome, Strategy
from commun.initiatives.models import Partner
from commun.measurement.figures import visible_indicators
from commun.measurement.indicator_views import indicator_from_url
from commun.measurement.models import Territory


def activity_from_url(initiative, kwargs) -> Activity:
    """The activity, with the partners the access check and the page read, and its strategies."""
    activities = Activity.objects.prefetch_related("partners", "strategies")
    return get_object_or_404(activities, initiative=initiative, pk=kwargs["activity_id"])


def source_of_junction(initiative, kwargs) -> Activity:
    junction = get_object_or_404(Junction, initiative=initiative, pk=kwargs["junction_id"])
    return junction.source


def existing_action_from_url(initiative, kwargs) -> ExistingAction:
    return get_object_or_404(ExistingAction, initiative=initiative, pk=kwargs["existing_action_id"])


def linked_pairs(initiative) -> set[frozenset[int]]:
    """The pairs of activities a junction links, whatever its kind or direction."""
    return {
        frozenset(pair)
        for pair in Junction.objects.filter(initiative=initiative).values_list(
            "source_id", "target_id"
        )
    }


@initiative_view(Action.VIEW_INITIATIVE)
def overview(request, initiative):
    activities = Activity.objects.filter(initiative=initiative).prefetch_related(
        "partners", "strategies", "populations"
    )
    strategy = request.GET.get("strategy", "")
    partner = request.GET.get("partner", "")
    status = request.GET.get("status", "")
    if strategy.isdigit():
        activities = activities.filter(strategies=strategy)
    if partner.isdigit():
        activities = activities.filter(partners=partner)
    if status in Activity.Status.values:
        activities = activities.filter(status=status)
    waiting = ExistingAction.objects.filter(initiative=initiative, activity__isnull=True)
    return render(
        request,
        "activities/overview.html",
        {
            "initiative": initiative,
            "activities": activities,
            "strategies": Strategy.objects.filter(initiative=initiative),
            "partners": Partner.objects.filter(
                initiative=initiative, activities__isnull=False
            ).distinct(),
            "statuses": Activity.Status.choices,
            "chosen": {"strategy": strategy, "partner": partner, "status": status},
            "waiting": [
                existing
                for existing in waiting.select_related("partner")
                if can(request.user, Action.EDIT_ACTIVITY, initiative, existing)
            ],
        },
    )


@initiative_view(Action.VIEW_INITIATIVE, activity_from_url)
def activity(request, initiative, activity_id, obj):
    junction_form = None
    if can(request.user, Action.MANAGE_JUNCTIONS, initiative, obj):
        junction_form = JunctionForm(source=obj)
    junctions = Junction.objects.filter(initiative=initiative).select_related("source", "target")
    return render(
        request,
        "activities/activity.html",
        {
            "initiative": initiative,
            "activity": obj,
            "outgoing": junctions.filter(source=obj),
            "incoming": junctions.filter(target=obj),
            "junction_form": junction_form,
            "indicators": visible_indicators(request.user, initiative).filter(activities=obj),
        },
    )


def _save_activity(request, initiative, instance=None):
    """The activity form, new or filled; a partner editor's activity keeps its own partner."""
    form = ActivityForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        initiative=initiative,
        own_partner=held_to_own_partner(request.user, initiative),
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("The activity was saved."))
        return redirect("activities:activity", initiative.slug, saved.pk)
    return render(
        request,
        "activities/activity_form.html",
        {"initiative": initiative, "form": form, "activity": instance},
    )


@initiative_view(Action.EDIT_ACTIVITY)
def activity_new(request, initiative):
    return _save_activity(request, initiative)


@initiative_view(Action.EDIT_ACTIVITY, activity_from_url)
def activity_edit(request, initiative, activity_id, obj):
    return _save_activity(request, initiative, instance=obj)


@initiative_view(Action.EDIT_ACTIVITY, activity_from_url)
def activity_delete(request, initiative, activity_id, obj):
    if request.method == "POST":
        obj.delete()
        messages.success(request, _("The activity was deleted, with its junctions."))
        return redirect("activities:overview", initiative.slug)
    return render(
        request, "activities/activity_delete.html", {"initiative": initiative, "activity": obj}
    )


@initiative_view(Action.EDIT_ACTIVITY, existing_action_from_url)
def from_existing_action(request, initiative, existing_action_id, obj):
    if request.method != "POST":
        return redirect("activities:overview", initiative.slug)
    made, created = activity_from_existing_action(obj)
    if created:
        messages.success(
            request,
            _("The existing action is now an activity. Say which strategies it serves."),
        )
        return redirect("activities:activity_edit", initiative.slug, made.pk)
    messages.info(request, _("This existing action was already an activity."))
    return redirect("activities:activity", initiative.slug, made.pk)


@initiative_view(Action.MANAGE_JUNCTIONS, activity_from_url)
def junction_new(request, initiative, activity_id, obj):
    form = JunctionForm(request.POST or None, source=obj)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The junction was added."))
        return redirect("activities:activity", initiative.slug, obj.pk)
    return render(
        request,
        "activities/junction_form.html",
        {"initiative": initiative, "activity": obj, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@initiative_view(Action.MANAGE_JUNCTIONS, source_of_junction)
def junction_delete(request, initiative, junction_id, obj):
    if request.method == "POST":
        Junction.objects.filter(initiative=initiative, pk=junction_id).delete()
        messages.success(request, _("The junction was removed."))
    return redirect("activities:activity", initiative.slug, obj.pk)


# --- Coordination views -------------------------------------------------------------------------


@initiative_view(Action.VIEW_INITIATIVE)
def matrix(request, initiative):
    activities = current_activities(initiative)
    return render(
        request,
        "activities/matrix.html",
        {"initiative": initiative, "matrix": strategy_partner_matrix(initiative, activities)},
    )


@initiative_view(Action.VIEW_INITIATIVE)
def coordination(request, initiative):
    activities = current_activities(initiative)
    return render(
        request,
        "activities/coordination.html",
        {
            "initiative": initiative,
            "gaps": find_gaps(initiative, served_by(activities)),
            "incomplete": incomplete_activities(activities),
            "overlaps": find_overlaps(
                activities,
                linked_pairs(initiative),
                Territory.objects.filter(initiative=initiative),
            ),
            "activity_count": len(activities),
        },
    )


@initiative_view(Action.VIEW_INITIATIVE)
def network(request, initiative):
    activities = current_activities(initiative)
    junctions = list(
        Junction.objects.filter(initiative=initiative).select_related("source", "target")
    )
    strategy = request.GET.get("strategy", "")
    partner = request.GET.get("partner", "")
    if strategy.isdigit() or partner.isdigit():
        chosen = {
            a.pk
            for a in activities
            if (not strategy.isdigit() or int(strategy) in {s.pk for s in a.strategies.all()})
            and (not partner.isdigit() or int(partner) in {p.pk for p in a.partners.all()})
        }
        # The chosen activities and the ones they are linked to, so referral paths stay whole.
        linked = {
            pk
            for j in junctions
            if j.source_id in chosen or j.target_id in chosen
            for pk in (j.source_id, j.target_id)
        }
        activities = [a for a in activities if a.pk in chosen | linked]
    shown = {a.pk for a in activities}
    junctions = [j for j in junctions if j.source_id in shown and j.target_id in shown]
    linked = {pk for j in junctions for pk in (j.source_id, j.target_id)}
    return render(
        request,
        "activities/network.html",
        {
            "initiative": initiative,
            "chart": network_chart(initiative, activities, junctions),
            "junctions": junctions,
            "alone": [a for a in activities if a.pk not in linked],
            "strategies": Strategy.objects.filter(initiative=initiative),
            "partners": Partner.objects.filter(
                initiative=initiative, activities__isnull=False
            ).distinct(),
            "chosen": {"strategy": strategy, "partner": partner},
        },
    )


# --- The chain ----------------------------------------------------------------------------------


@initiative_view(Action.VIEW_INITIATIVE)
def chain_index(request, initiative):
    return render(
        request,
        "activities/chain_index.html",
        {
            "initiative": initiative,
            "outcomes": Outcome.objects.filter(initiative=initiative),
            "indicators": visible_indicators(request.user, initiative).order_by("code"),
            "partners": Partner.objects.filter(
                initiative=initiative, activities__isnull=False
            ).distinct(),
        },
    )


def _chain_page(request, initiative, chain, kind):
    return render(
        request,
        "activities/chain.html",
        {"initiative": initiative, "chain": chain, "kind": kind},
    )


@initiative_view(Action.VIEW_INITIATIVE)
def chain_outcome(request, initiative, outcome_id):
    outcome = get_object_or_404(Outcome, initiative=initiative, pk=outcome_id)
    return _chain_page(
        request, initiative, chain_to_outcome(request.user, initiative, outcome), "outcome"
    )


@initiative_view(Action.VIEW_INDICATOR, indicator_from_url)
def chain_indicator(request, initiative, code, obj):
    return _chain_page(
        request, initiative, chain_to_indicator(request.user, initiative, obj), "indicator"
    )


@initiative_view(Action.VIEW_INITIATIVE, partner_from_url)
def chain_partner(request, initiative, partner_id, obj):
    return _chain_page(
        request, initiative, chain_from_partner(request.user, initiative, obj), "partner"
    )
