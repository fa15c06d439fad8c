"""The framework's navigation, on every page inside an initiative (a context processor)."""

from commun.access import permissions
from commun.framework.registry import SECTIONS


def navigation(request):
    """The sections in order, the one the page belongs to, and the viewer's permissions."""
    initiative = getattr(request, "initiative", None)
    if initiative is None:
        return {}
    match = request.resolver_match
    current = next(
        (section.key for section in SECTIONS if match and section.holds(match)),
        None,
    )
    return {
        "nav_current": current,
        "nav_initiative": initiative,
        "nav_sections": SECTIONS,
        "perms_here": permissions(request.user, initiative),
    }
