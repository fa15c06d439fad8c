"""Role clarification pages: the RACI matrix, and each area's roles."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commun.access import Action, can, initiative_view
from commun.activities.models import SharedAction
from commun.agenda.models import Strategy
from commun.governance.forms import DecisionAreaForm, RolesForm
from commun.governance.models import RoleArea
from commun.governance.roles import (
    Holder,
    candidate_holders,
    holder_key,
    owner_from_roles,
    role_matrix,
    roles_of,
    save_roles,
)


def area_from_url(initiative, kwargs):
    return get_object_or_404(RoleArea, initiative=initiative, pk=kwargs["area_id"])


def strategy_from_url(initiative, kwargs):
    return get_object_or_404(Strategy, initiative=initiative, pk=kwargs["strategy_id"])


def action_from_url(initiative, kwargs):
    return get_object_or_404(SharedAction, initiative=initiative, pk=kwargs["shared_action_id"])


@initiative_view(Action.VIEW_INITIATIVE)
def matrix(request, initiative):
    return render(
        request,
        "governance/roles.html",
        {
            "initiative": initiative,
            "matrix": role_matrix(initiative),
            "may_edit": can(request.user, Action.MANAGE_GOVERNANCE, initiative),
        },
    )


def holders_for(area: RoleArea, initiative) -> list[Holder]:
    """Who may hold a role in the area: the initiative's bodies, active partners and people,
    and whoever holds one already (a partner that has left keeps its role until removed)."""
    holders = candidate_holders(initiative)
    known = {h.key for h in holders}
    if area.pk:
        for held in area.holders.select_related("body", "partner", "person"):
            key = holder_key(held)
            if key not in known:
                holders.append(Holder(key, key.split(":")[0], held.holder))
    return holders


def roles_page(request, initiative, area: RoleArea):
    """The roles of one area (and a decision area's name); on a valid POST, saved — only what
    changed — and back to the matrix."""
    decision = area.strategy_id is None and area.shared_action_id is None
    data = request.POST if request.method == "POST" else None
    name_form = DecisionAreaForm(data, instance=area, prefix="area") if decision else None
    form = RolesForm(data, holders=holders_for(area, initiative), current=roles_of(area))
    if data is not None and form.is_valid() and (name_form is None or name_form.is_valid()):
        with transaction.atomic():
            renamed = bool(name_form and area.pk and name_form.has_changed())
            if name_form is not None:
                name_form.save(commit=bool(area.pk))
            changed = save_roles(area, form.chosen()) or renamed
            owner_said = owner_from_roles(area)
        messages.success(request, _("Saved.") if changed else _("Nothing changed."))
        if owner_said:
            messages.info(request, owner_said)
        return redirect("governance:roles", slug=initiative.slug)
    return render(
        request,
        "governance/roles_form.html",
        {"initiative": initiative, "area": area, "form": form, "name_form": name_form},
    )


@initiative_view(Action.MANAGE_GOVERNANCE)
def area_new(request, initiative):
    return roles_page(request, initiative, RoleArea(initiative=initiative))


@initiative_view(Action.MANAGE_GOVERNANCE, area_from_url)
def area_edit(request, initiative, area_id, obj):
    return roles_page(request, initiative, obj)


@initiative_view(Action.MANAGE_GOVERNANCE, strategy_from_url)
def strategy_roles(request, initiative, strategy_id, obj):
    area = RoleArea.objects.filter(strategy=obj).first()
    return roles_page(request, initiative, area or RoleArea(initiative=initiative, strategy=obj))


@initiative_view(Action.MANAGE_GOVERNANCE, action_from_url)
def action_roles(request, initiative, shared_action_id, obj):
    area = RoleArea.objects.filter(shared_action=obj).first()
    return roles_page(
        request, initiative, area or RoleArea(initiative=initiative, shared_action=obj)
    )


@initiative_view(Action.MANAGE_GOVERNANCE, area_from_url)
@require_POST
def area_delete(request, initiative, area_id, obj):
    obj.delete()
    messages.success(request, _("The roles of “%(area)s” are removed.") % {"area": obj.name})
    return redirect("governance:roles", slug=initiative.slug)
