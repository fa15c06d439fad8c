"""The initiative's partners and governance bodies as pages list them."""

from itertools import groupby

from django.db.models import Count, Prefetch

from commun.formatting.sorting import dictionary_key
from commun.initiatives.models import BodyMember, GovernanceBody, Sector


def partners_by_sector(partners) -> list[tuple[str, list]]:
    """[(sector label, [partners])] in the order of the Sector choices, partners as a dictionary
    of the reader's language sorts them."""
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


def bodies_with_seat_counts(initiative):
    return GovernanceBody.objects.filter(initiative=initiative).annotate(
        seat_count=Count("members")
    )
