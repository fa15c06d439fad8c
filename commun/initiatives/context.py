from commun.access import permissions
from commun.initiatives.conditions import SECTIONS


def navigation(request):
    """The framework's navigation and the viewer's permissions, on pages inside an initiative."""
    initiative = getattr(request, "initiative", None)
    if initiative is None:
        return {}
    match = request.resolver_match
    current = next(
        (
            section.key
            for section in SECTIONS
            if match
            and (
                (section.namespace != "initiatives" and match.namespace == section.namespace)
                or match.view_name == section.route
            )
        ),
        None,
    )
    return {
        "nav_current": current,
        "nav_initiative": initiative,
        "nav_sections": SECTIONS,
        "perms_here": permissions(request.user, initiative),
    }
