"""The initiative's own pages: its logo, settings, and the communication and backbone pages
this app serves until apps of their own take them over."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from commun.access import Action, initiative_view
from commun.initiatives.forms import InitiativeForm
from commun.initiatives.lists import bodies_with_seat_counts
from commun.initiatives.models import Membership, Partner
from commun.initiatives.roles import BACKBONE_ROLES
from commun.initiatives.section import SECTIONS
from commun.sections import initiative_url
from commun.views import form_page

SECTION = {section.key: section for section in SECTIONS}


@initiative_view(Action.VIEW_PUBLIC_PAGE)
def logo(request, initiative):
    if not initiative.logo:
        raise Http404(_("This initiative has no logo."))
    response = FileResponse(initiative.logo.open("rb"))
    response["Cache-Control"] = "max-age=3600"
    return response


@initiative_view(Action.VIEW_INITIATIVE)
def backbone(request, initiative):
    staff = (
        Membership.objects.filter(initiative=initiative, role__in=list(BACKBONE_ROLES))
        .select_related("user")
        .order_by("role", "user__full_name")
    )
    return render(
        request,
        "initiatives/backbone.html",
        {
            "initiative": initiative,
            "section": SECTION["backbone"],
            "staff": staff,
            "bodies": bodies_with_seat_counts(initiative),
            "partner_count": Partner.objects.filter(initiative=initiative).active().count(),
        },
    )


@initiative_view(Action.EDIT_INITIATIVE)
def edit_settings(request, initiative):
    form = InitiativeForm(request.POST or None, request.FILES or None, instance=initiative)

    def save(form):
        form.save()
        return _("The initiative is saved."), initiative_url("framework:home", initiative)

    return form_page(request, form, "initiatives/settings.html", {"initiative": initiative}, save)
