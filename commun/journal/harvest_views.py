"""Harvest campaigns: the list, one campaign (who is asked, who has reported), its form, and
opening it (the invitations)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commun.access import Action, can, initiative_view
from commun.journal import harvests
from commun.journal.harvest_forms import HarvestForm
from commun.journal.models import HarvestCampaign
from commun.sections import initiative_url
from commun.views import form_page


def campaign_from_url(initiative, kwargs):
    return get_object_or_404(HarvestCampaign, initiative=initiative, pk=kwargs["campaign_id"])


def campaign_url(initiative, campaign) -> str:
    return initiative_url("journal:harvest", initiative, campaign.pk)


@initiative_view(Action.VIEW_JOURNAL)
def harvest_list(request, initiative):
    context = {
        "initiative": initiative,
        "campaigns": harvests.campaigns_of(initiative),
        "to_report": harvests.open_harvests_for(request.user, initiative),
    }
    return render(request, "journal/harvests.html", context)


@initiative_view(Action.VIEW_JOURNAL, campaign_from_url)
def harvest(request, initiative, campaign_id, obj):
    manage = can(request.user, Action.MANAGE_JOURNAL, initiative)
    context = {
        "initiative": initiative,
        "campaign": obj,
        "partners": obj.partners.all(),
        "bodies": obj.bodies.all(),
        "reporters": harvests.reporters(obj, request.user),
        "may_report": can(request.user, Action.REPORT_OUTCOMES, initiative),
        "asked": harvests.people_asked(obj) if manage else None,
    }
    return render(request, "journal/harvest.html", context)


def harvest_page(request, initiative, campaign: HarvestCampaign, title: str):
    form = HarvestForm(request.POST or None, instance=campaign, initiative=initiative)

    def saved(form):
        changed = campaign.pk is None or form.has_changed()
        if campaign.pk is None:
            campaign.created_by = request.user
        form.save()
        return (_("Saved.") if changed else _("Nothing changed.")), campaign_url(
            initiative, campaign
        )

    if campaign.pk:
        back = {"back_url": campaign_url(initiative, campaign), "back_label": campaign.title}
    else:
        back = {
            "back_url": initiative_url("journal:harvests", initiative),
            "back_label": _("Harvests"),
        }
    context = {"initiative": initiative, "title": title, **back}
    return form_page(request, form, "journal/harvest_form.html", context, saved)


@initiative_view(Action.MANAGE_JOURNAL)
def harvest_new(request, initiative):
    return harvest_page(
        request, initiative, HarvestCampaign(initiative=initiative), _("A new harvest")
    )


@initiative_view(Action.MANAGE_JOURNAL, campaign_from_url)
def harvest_edit(request, initiative, campaign_id, obj):
    return harvest_page(request, initiative, obj, _("Edit the harvest"))


@initiative_view(Action.MANAGE_JOURNAL, campaign_from_url)
@require_POST
def harvest_open(request, initiative, campaign_id, obj):
    try:
        sent = harvests.open_harvest(obj)
    except harvests.HarvestError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, _("The harvest is open; invitations sent: %(count)d.") % {"count": sent}
        )
    return redirect(campaign_url(initiative, obj))
