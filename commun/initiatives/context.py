from commun.access import permissions
from commun.initiatives.conditions import SECTIONS


def navigation(request):
    """The framework's navigation and the viewer's permissions, on pages inside an initiative."""
    initiative = getattr(request, "initiative", None)
    if initiative is None:
        return {}
    return {
        "nav_initiative": initiative,
        "nav_sections": SECTIONS,
        "perms_here": permissions(request.user, initiative),
    }
