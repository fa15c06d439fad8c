"""Pages of the joint action plan and of the populations the activities serve."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from commun.access import Action, can, initiative_view
from commun.activities.editing import save_shared_action
from commun.activities.forms import PlanFilterForm, PopulationForm, SharedActionForm
from commun.activities.models import Population, SharedAction
from commun.activities.plan import plan_actions


def shared_action_from_url(initiative, kwargs) -> SharedAction:
    return get_object_or_404(SharedAction, initiative=initiative, pk=kwargs["shared_action_id"])


@initiative_view(Action.VIEW_INITIATIVE)
def plan(request, initiative):
    filters = PlanFilterForm(request.GET or None, initiative=initiative)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    actions = plan_actions(
        initiative,
        body=chosen.get("body"),
        partner=chosen.get("partner"),
        status=chosen.get("status", ""),
    )
    return render(
        request,
        "activities/plan.html",
        {
            "initiative": initiative,
            "filters": filters,
            "actions": actions,
        },
    )


def _save_action(request, initiative, instance=None):
    form = SharedActionForm(request.POST or None, instance=instance, initiative=initiative)
    if request.method == "POST" and form.is_valid():
        save_shared_action(form)
        messages.success(request, _("The action was saved."))
        return redirect("activities:plan", initiative.slug)
    return render(
        request,
        "activities/shared_action_form.html",
        {"initiative": initiative, "form": form, "shared_action": instance},
    )


@initiative_view(Action.MANAGE_ACTION_PLAN)
def shared_action_new(request, initiative):
    return _save_action(request, initiative)


@initiative_view(Action.MANAGE_ACTION_PLAN, shared_action_from_url)
def shared_action_edit(request, initiative, shared_action_id, obj):
    return _save_action(request, initiative, instance=obj)


@initiative_view(Action.VIEW_INITIATIVE)
def populations(request, initiative):
    form = None
    if can(request.user, Action.MANAGE_ACTION_PLAN, initiative):
        form = PopulationForm(request.POST or None, initiative=initiative)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("The population was added."))
            return redirect("activities:populations", initiative.slug)
    return render(
        request,
        "activities/populations.html",
        {
            "initiative": initiative,
            "populations": Population.objects.filter(initiative=initiative),
            "form": form,
        },
    )
