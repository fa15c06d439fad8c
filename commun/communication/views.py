"""Pages of continuous communication: the communication plan, the log of what was communicated,
and the wheel of engagement."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commun.access import Action, initiative_view
from commun.communication.charts import wheel_chart
from commun.communication.forms import AudienceForm, CommunicationForm, LogFilterForm
from commun.communication.log import communications_of
from commun.communication.models import Audience, Communication
from commun.communication.overview import (
    communication_state,
    decisions_to_review,
    upcoming_meetings,
)
from commun.communication.plan import planned_against_delivered, wheel
from commun.communication.section import SECTIONS
from commun.initiatives.lists import bodies_with_members
from commun.sections import initiative_url
from commun.views import form_page, page_of

LOG_PAGE = 50
SECTION = {section.key: section for section in SECTIONS}


def audience_from_url(initiative, kwargs) -> Audience:
    return get_object_or_404(Audience, initiative=initiative, pk=kwargs["audience_id"])


def communication_from_url(initiative, kwargs) -> Communication:
    return get_object_or_404(Communication, initiative=initiative, pk=kwargs["communication_id"])


@initiative_view(Action.VIEW_COMMUNICATION)
def plan(request, initiative):
    rows = planned_against_delivered(initiative)
    return render(
        request,
        "communication/plan.html",
        {
            "initiative": initiative,
            "rows": rows,
            "periods": [count.period for count in rows[0].quarters] if rows else [],
        },
    )


def _audience_form(request, initiative, instance=None):
    def saved(form):
        audience = form.save()
        return _("%(name)s is saved.") % {"name": audience.name}, initiative_url(
            "communication:plan", initiative
        )

    form = AudienceForm(request.POST or None, instance=instance, initiative=initiative)
    context = {"initiative": initiative, "audience": instance}
    return form_page(request, form, "communication/audience_form.html", context, saved)


@initiative_view(Action.MANAGE_COMMUNICATION)
def audience_new(request, initiative):
    return _audience_form(request, initiative)


@initiative_view(Action.MANAGE_COMMUNICATION, audience_from_url)
def audience_edit(request, initiative, audience_id, obj):
    return _audience_form(request, initiative, obj)


@initiative_view(Action.MANAGE_COMMUNICATION, audience_from_url)
@require_POST
def audience_delete(request, initiative, audience_id, obj):
    obj.delete()
    messages.success(request, _("%(name)s is removed from the plan.") % {"name": obj.name})
    return redirect("communication:plan", initiative.slug)


@initiative_view(Action.VIEW_COMMUNICATION)
def log(request, initiative):
    filters = LogFilterForm(request.GET or None, initiative=initiative)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    return render(
        request,
        "communication/log.html",
        {
            "initiative": initiative,
            "filters": filters,
            **page_of(request, communications_of(initiative, **chosen), LOG_PAGE),
        },
    )


def _communication_form(request, initiative, instance=None):
    def saved(form):
        form.save()
        return _("The communication is logged."), initiative_url("communication:log", initiative)

    form = CommunicationForm(
        request.POST or None, instance=instance, initiative=initiative, by=request.user
    )
    context = {"initiative": initiative, "communication": instance}
    return form_page(request, form, "communication/communication_form.html", context, saved)


@initiative_view(Action.MANAGE_COMMUNICATION)
def communication_new(request, initiative):
    return _communication_form(request, initiative)


@initiative_view(Action.MANAGE_COMMUNICATION, communication_from_url)
def communication_edit(request, initiative, communication_id, obj):
    return _communication_form(request, initiative, obj)


@initiative_view(Action.MANAGE_COMMUNICATION, communication_from_url)
@require_POST
def communication_delete(request, initiative, communication_id, obj):
    obj.delete()
    messages.success(request, _("The communication is removed from the log."))
    return redirect("communication:log", initiative.slug)


@initiative_view(Action.VIEW_COMMUNICATION)
def engagement_wheel(request, initiative):
    rows = wheel(initiative)
    return render(
        request,
        "communication/wheel.html",
        {"initiative": initiative, "rows": rows, "chart": wheel_chart(rows)},
    )


@initiative_view(Action.VIEW_COMMUNICATION)
def overview(request, initiative):
    return render(
        request,
        "communication/overview.html",
        {
            "initiative": initiative,
            "section": SECTION["communication"],
            "state": communication_state(initiative),
            "meetings": upcoming_meetings(initiative),
            "to_review": decisions_to_review(initiative).select_related("body"),
            "bodies": bodies_with_members(initiative),
            "recent": communications_of(initiative)[:5],
        },
    )
