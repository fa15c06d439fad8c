"""The log of what was communicated, read with its filters."""

from datetime import date

from commun.communication.models import Audience, Communication
from commun.initiatives.models import Initiative


def communications_of(
    initiative: Initiative,
    audience: Audience | None = None,
    channel: str = "",
    since: date | None = None,
    until: date | None = None,
):
    """The initiative's communications, latest first, with their audiences (two queries)."""
    found = Communication.objects.filter(initiative=initiative)
    if audience is not None:
        found = found.filter(audiences=audience)
    if channel:
        found = found.filter(channel=channel)
    if since:
        found = found.filter(sent_on__gte=since)
    if until:
        found = found.filter(sent_on__lte=until)
    return found.prefetch_related("audiences").order_by("-sent_on", "-pk")
