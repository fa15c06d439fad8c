"""Governance bodies of an initiative (steering committee, action teams) and their members."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commun.access import Action, initiative_view
from commun.initiatives.forms import BodyMemberForm, GovernanceBodyForm
from commun.initiatives.lists import bodies_with_members
from commun.initiatives.models import BodyMember, GovernanceBody
from commun.sections import initiative_url
from commun.views import form_page


def body_from_url(initiative, kwargs):
    return get_object_or_404(GovernanceBody, initiative=initiative, pk=kwargs["body_id"])


def seat_from_url(initiative, kwargs):
    return get_object_or_404(
        BodyMember.objects.select_related("user", "body"),
        body__initiative=initiative,
        body_id=kwargs["body_id"],
        pk=kwargs["member_id"],
    )


@initiative_view(Action.VIEW_INITIATIVE)
def body_list(request, initiative):
    return render(
        request,
        "initiatives/body_list.html",
        {
            "initiative": initiative,
            "bodies": bodies_with_members(initiative),
        },
    )


@initiative_view(Action.VIEW_INITIATIVE, body_from_url)
def body_detail(request, initiative, body_id, obj):
    return render(
        request,
        "initiatives/body_detail.html",
        {
            "initiative": initiative,
            "body": obj,
            "members": obj.members.select_related("user", "partner"),
        },
    )


def body_url(initiative, body) -> str:
    return initiative_url("initiatives:body", initiative, body.pk)


@initiative_view(Action.MANAGE_GOVERNANCE)
def body_create(request, initiative):
    def created(form):
        body = form.save()
        return _("%(name)s is created.") % {"name": body.name}, body_url(initiative, body)

    form = GovernanceBodyForm(request.POST or None, initiative=initiative)
    return form_page(
        request, form, "initiatives/body_form.html", {"initiative": initiative}, created
    )


@initiative_view(Action.MANAGE_GOVERNANCE, body_from_url)
def body_edit(request, initiative, body_id, obj):
    def saved(form):
        form.save()
        return _("%(name)s is saved.") % {"name": obj.name}, body_url(initiative, obj)

    form = GovernanceBodyForm(request.POST or None, instance=obj, initiative=initiative)
    context = {"initiative": initiative, "body": obj}
    return form_page(request, form, "initiatives/body_form.html", context, saved)


@initiative_view(Action.MANAGE_GOVERNANCE, body_from_url)
def body_member_add(request, initiative, body_id, obj):
    def seated(form):
        seat = form.save()
        message = _("%(person)s now sits on %(body)s.") % {"person": seat.user, "body": obj.name}
        return message, body_url(initiative, obj)

    form = BodyMemberForm(request.POST or None, body=obj)
    context = {"initiative": initiative, "body": obj}
    return form_page(request, form, "initiatives/body_member_form.html", context, seated)


@initiative_view(Action.MANAGE_GOVERNANCE, seat_from_url)
@require_POST
def body_member_remove(request, initiative, body_id, member_id, obj):
    obj.delete()
    messages.success(
        request,
        _("%(person)s no longer sits on %(body)s.") % {"person": obj.user, "body": obj.body.name},
    )
    return redirect("initiatives:body", slug=initiative.slug, body_id=body_id)
