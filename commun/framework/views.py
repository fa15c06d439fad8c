"""The pages that span the conditions: the index, a network's page, an initiative's home, its
public page and its history."""

from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone

from commun.access import PUBLIC, Action, initiative_view, rule, visible_initiatives
from commun.framework.forms import HistoryFilterForm
from commun.framework.history import (
    ChangeLog,
    HistoryFilters,
    kind_choices,
    people_who_made_changes,
)
from commun.framework.home import action_frame, condition_cards, to_dos
from commun.framework.registry import SECTIONS
from commun.initiatives.lists import bodies_with_seat_counts, partners_by_sector
from commun.initiatives.models import Initiative, Network, Partner
from commun.sections import Look
from commun.views import page_of

HISTORY_PAGE_SIZE = 50


def public_or_visible(user):
    return Initiative.objects.filter(
        Q(pk__in=visible_initiatives(user).values("pk")) | Q(is_public=True)
    ).select_related("network")


@rule(PUBLIC)
def index(request):
    mine = (
        visible_initiatives(request.user).select_related("network")
        if request.user.is_authenticated
        else []
    )
    mine_ids = {initiative.pk for initiative in mine}
    public = [
        i
        for i in Initiative.objects.filter(is_public=True).select_related("network")
        if i.pk not in mine_ids
    ]
    return render(request, "framework/index.html", {"mine": mine, "public": public})


@rule(PUBLIC)
def network(request, network_slug):
    network = get_object_or_404(Network, slug=network_slug)
    initiatives = public_or_visible(request.user).filter(network=network)
    mine = set(visible_initiatives(request.user).values_list("pk", flat=True))
    return render(
        request,
        "framework/network.html",
        {"network": network, "initiatives": initiatives, "mine": mine},
    )


@initiative_view(Action.VIEW_INITIATIVE)
def home(request, initiative):
    look = Look(initiative, request.user, timezone.localdate())
    partners = Partner.objects.filter(initiative=initiative).active()
    return render(
        request,
        "framework/home.html",
        {
            "initiative": initiative,
            "sectors": partners_by_sector(partners),
            "partner_count": len(partners),
            "bodies": bodies_with_seat_counts(initiative),
            "frame": action_frame(look),
            "cards": condition_cards(look),
            "todos": to_dos(look),
            "own_partner": look.partner,
        },
    )


@initiative_view(Action.VIEW_PUBLIC_PAGE)
def public_page(request, initiative):
    partners = Partner.objects.filter(initiative=initiative).active()
    blocks = [
        section.public(initiative, request.GET)
        for section in SECTIONS
        if section.public is not None
    ]
    shown = [
        render_to_string(block.template, {**block.context, "initiative": initiative}, request)
        for block in blocks
        if block is not None
    ]
    return render(
        request,
        "framework/public.html",
        {
            "initiative": initiative,
            "sectors": partners_by_sector(partners),
            "blocks": shown,
        },
    )


@initiative_view(Action.VIEW_HISTORY)
def history(request, initiative):
    form = HistoryFilterForm(
        request.GET or None, kinds=kind_choices(), people=people_who_made_changes(initiative)
    )
    filters = HistoryFilters()
    if form.is_bound and form.is_valid():
        filters = HistoryFilters(
            kind=form.cleaned_data["kind"] or None,
            person=form.cleaned_data["person"] or None,
            since=form.cleaned_data["since"],
            until=form.cleaned_data["until"],
        )
    return render(
        request,
        "framework/history.html",
        {
            "initiative": initiative,
            "form": form,
            **page_of(request, ChangeLog(initiative, filters), HISTORY_PAGE_SIZE),
        },
    )
