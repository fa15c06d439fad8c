"""Backbone pages to see who has which role in an initiative, invite people and change roles."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commun.access import Action, can, initiative_view
from commun.initiatives.models import Membership
from commun.people.forms import InvitationForm, MembershipForm
from commun.people.invitations import InvitationError, change_role, invite, remove_member
from commun.people.models import Invitation


def membership_from_url(initiative, kwargs):
    return get_object_or_404(
        Membership.objects.select_related("user", "partner"),
        initiative=initiative,
        pk=kwargs["membership_id"],
    )


def invitation_from_url(initiative, kwargs):
    return get_object_or_404(Invitation, initiative=initiative, pk=kwargs["invitation_id"])


@initiative_view(Action.VIEW_PEOPLE)
def people_list(request, initiative):
    memberships = (
        Membership.objects.filter(initiative=initiative)
        .select_related("user", "partner")
        .order_by("role", "user__full_name")
    )
    invitations = (
        Invitation.objects.filter(initiative=initiative, accepted_at__isnull=True)
        .select_related("partner", "invited_by")
        .order_by("-created_at")
    )
    return render(
        request,
        "people/people_list.html",
        {
            "initiative": initiative,
            "memberships": memberships,
            "invitations": invitations,
        },
    )


@initiative_view(Action.INVITE)
def invite_person(request, initiative):
    allow_admin = can(request.user, Action.MANAGE_MEMBERSHIPS, initiative)
    form = InvitationForm(
        request.POST or None, initiative=initiative, allow_admin_roles=allow_admin
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invite(initiative, by=request.user, **form.cleaned_data)
        except InvitationError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("team:people", slug=initiative.slug)
    return render(
        request,
        "people/invite.html",
        {"initiative": initiative, "form": form, "invitation_days": settings.INVITATION_VALID_DAYS},
    )


@initiative_view(Action.MANAGE_MEMBERSHIPS, membership_from_url)
def membership_edit(request, initiative, membership_id, obj):
    form = MembershipForm(request.POST or None, instance=obj, initiative=initiative)
    if request.method == "POST" and form.is_valid():
        try:
            change_role(obj, form.cleaned_data["role"], form.cleaned_data["partner"])
        except InvitationError as error:
            form.add_error("role", str(error))
        else:
            messages.success(request, _("The role of %(name)s is changed.") % {"name": obj.user})
            return redirect("team:people", slug=initiative.slug)
    return render(
        request,
        "people/membership_edit.html",
        {"initiative": initiative, "form": form, "membership": obj},
    )


@initiative_view(Action.MANAGE_MEMBERSHIPS, membership_from_url)
@require_POST
def membership_remove(request, initiative, membership_id, obj):
    try:
        remove_member(obj)
    except InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("%(name)s no longer has a role in this initiative.") % {"name": obj.user}
        )
    return redirect("team:people", slug=initiative.slug)


@initiative_view(Action.INVITE, invitation_from_url)
@require_POST
def invitation_revoke(request, initiative, invitation_id, obj):
    if obj.accepted_at is None:
        obj.delete()
        messages.success(
            request, _("The invitation to %(email)s is withdrawn.") % {"email": obj.email}
        )
    return redirect("team:people", slug=initiative.slug)
