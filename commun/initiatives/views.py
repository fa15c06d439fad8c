"""Initiative pages: the index, the home page, the framework's sections, settings and history."""

from itertools import groupby

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from commun.access import PUBLIC, Action, initiative_view, partner_of, rule, visible_initiatives
from commun.formatting.sorting import dictionary_key
from commun.initiatives.conditions import SECTIONS_BY_KEY, condition_cards
from commun.initiatives.forms import HistoryFilterForm, InitiativeForm
from commun.initiatives.history import (
    ChangeLog,
    HistoryFilters,
    kind_choices,
    people_who_made_changes,
)
from commun.initiatives.models import (
    BodyMember,
    GovernanceBody,
    Initiative,
    Membership,
    Network,
    Partner,
    Sector,
)
from commun.initiatives.roles import BACKBONE_ROLES
from commun.initiatives.todos import to_dos

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
    return render(request, "initiatives/index.html", {"mine": mine, "public": public})


@rule(PUBLIC)
def network(request, network_slug):
    network = get_object_or_404(Network, slug=network_slug)
    initiatives = public_or_visible(request.user).filter(network=network)
    mine = set(visible_initiatives(request.user).values_list("pk", flat=True))
    return render(
        request,
        "initiatives/network.html",
        {"network": network, "initiatives": initiatives, "mine": mine},
    )


def partners_by_sector(partners):
    """[(sector label, [partners])] in the order of the Sector choices."""
    order = {value: index for index, value in enumerate(Sector.values)}
    partners = sorted(partners, key=lambda p: (order[p.sector], dictionary_key(p.name)))
    return [
        (Sector(sector).label, list(group))
        for sector, group in groupby(partners, key=lambda p: p.sector)
    ]


def bodies_with_members(initiative):
    return GovernanceBody.objects.filter(initiative=initiative).prefetch_related(
        Prefetch("members", queryset=BodyMember.objects.select_related("user", "partner"))
    )


@initiative_view(Action.VIEW_INITIATIVE)
def home(request, initiative):
    partners = Partner.objects.filter(initiative=initiative).active()
    return render(
        request,
        "initiatives/home.html",
        {
            "initiative": initiative,
            "sectors": partners_by_sector(partners),
            "partner_count": len(partners),
            "bodies": GovernanceBody.objects.filter(initiative=initiative).annotate(
                seat_count=Count("members")
            ),
            "cards": condition_cards(initiative, request.user),
            "todos": to_dos(request.user, initiative),
            "own_partner": partner_of(request.user, initiative),
        },
    )


@initiative_view(Action.VIEW_PUBLIC_PAGE)
def public_page(request, initiative):
    from commun.measurement.figures import main_territory, public_indicators
    from commun.measurement.headlines import headlines
    from commun.measurement.models import Aggregate

    partners = Partner.objects.filter(initiative=initiative).active()
    return render(
        request,
        "initiatives/public.html",
        {
            "initiative": initiative,
            "sectors": partners_by_sector(partners),
            "figures": headlines(
                public_indicators(initiative), main_territory(initiative), Aggregate.Scope.APPROVED
            ),
        },
    )


@initiative_view(Action.VIEW_PUBLIC_PAGE)
def logo(request, initiative):
    if not initiative.logo:
        raise Http404(_("This initiative has no logo."))
    response = FileResponse(initiative.logo.open("rb"))
    response["Cache-Control"] = "max-age=3600"
    return response


@initiative_view(Action.VIEW_INITIATIVE)
def communication(request, initiative):
    return render(
        request,
        "initiatives/communication.html",
        {
            "initiative": initiative,
            "section": SECTIONS_BY_KEY["communication"],
            "bodies": bodies_with_members(initiative),
        },
    )


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
            "section": SECTIONS_BY_KEY["backbone"],
            "staff": staff,
            "bodies": GovernanceBody.objects.filter(initiative=initiative).annotate(
                seat_count=Count("members")
            ),
            "partner_count": Partner.objects.filter(initiative=initiative).active().count(),
        },
    )


@initiative_view(Action.EDIT_INITIATIVE)
def edit_settings(request, initiative):
    form = InitiativeForm(request.POST or None, request.FILES or None, instance=initiative)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The initiative is saved."))
        return redirect("initiatives:home", slug=initiative.slug)
    return render(request, "initiatives/settings.html", {"initiative": initiative, "form": form})


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
    page = Paginator(ChangeLog(initiative, filters), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "initiatives/history.html",
        {"initiative": initiative, "form": form, "page": page, "query": query.urlencode()},
    )


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)
