"""Social actors and boundary partners: the list, sorted as the reader's dictionary sorts it."""

from django.db.models import QuerySet

from commun.formatting.sorting import dictionary_order
from commun.journal.models import SocialActor


def actors_of(initiative) -> QuerySet[SocialActor]:
    """The initiative's social actors, boundary partners first, each group in dictionary order."""
    return (
        SocialActor.objects.filter(initiative=initiative)
        .select_related("partner")
        .order_by("-boundary_partner", dictionary_order("name"), "pk")
    )
