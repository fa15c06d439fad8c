"""Partner organizations of an initiative: list by sector, profile, add, edit."""

from django.db.models import Count
from django.shortcuts import render
from django.utils.translation import gettext as _

from commun.access import Action, initiative_view, partner_from_url
from commun.formatting.sorting import dictionary_order
from commun.initiatives.forms import PartnerForm
from commun.initiatives.models import Membership, Partner, Sector
from commun.sections import initiative_url
from commun.views import form_page


@initiative_view(Action.VIEW_INITIATIVE)
def partner_list(request, initiative):
    sector = request.GET.get("sector", "")
    show = request.GET.get("show", "active")
    partners = Partner.objects.filter(initiative=initiative).annotate(people=Count("memberships"))
    if sector in Sector.values:
        partners = partners.filter(sector=sector)
    if show != "all":
        partners = partners.active()
    context = {
        "initiative": initiative,
        "partners": partners.order_by(dictionary_order("name")),
        "sectors": Sector.choices,
        "sector": sector,
        "show": show,
    }
    template = (
        "initiatives/partials/partner_rows.html"
        if request.htmx
        else "initiatives/partner_list.html"
    )
    return render(request, template, context)


@initiative_view(Action.VIEW_INITIATIVE, partner_from_url)
def partner_detail(request, initiative, partner_id, obj):
    people = Membership.objects.filter(partner=obj).select_related("user")
    seats = obj.body_seats.select_related("body", "user")
    return render(
        request,
        "initiatives/partner_detail.html",
        {
            "initiative": initiative,
            "partner": obj,
            "people": people,
            "seats": seats,
        },
    )


def partner_url(initiative, partner) -> str:
    return initiative_url("initiatives:partner", initiative, partner.pk)


@initiative_view(Action.MANAGE_PARTNERS)
def partner_create(request, initiative):
    def added(form):
        partner = form.save()
        message = _("%(name)s is added to the partners.") % {"name": partner.name}
        return message, partner_url(initiative, partner)

    form = PartnerForm(request.POST or None, initiative=initiative)
    return form_page(
        request, form, "initiatives/partner_form.html", {"initiative": initiative}, added
    )


@initiative_view(Action.EDIT_PARTNER, partner_from_url)
def partner_edit(request, initiative, partner_id, obj):
    def saved(form):
        form.save()
        message = _("The profile of %(name)s is saved.") % {"name": obj.name}
        return message, partner_url(initiative, obj)

    form = PartnerForm(request.POST or None, instance=obj, initiative=initiative)
    context = {"initiative": initiative, "partner": obj}
    return form_page(request, form, "initiatives/partner_form.html", context, saved)
