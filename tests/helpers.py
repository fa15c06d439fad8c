"""Helpers shared by the tests (fixtures live in conftest.py)."""

from django.test import Client

from commun.initiatives.models import Membership
from commun.initiatives.roles import Role
from commun.people.models import User

MAIN = "table-quartier-saint-roch"
OTHER = "table-jeunesse-littoral"
PARTNER_EDITOR_EMAIL = "repondante@demo.commun.example"
# Every way of seeing the main initiative (the keys of the `people` fixture), in the order of the
# policy's expectation tables; READERS are those who may open its pages.
READERS = [
    "superuser",
    "backbone_admin",
    "backbone_staff",
    "partner_editor",
    "partner_member",
    "observer",
]
ROLES = [*READERS, "other_initiative_admin", "anonymous"]


def member(initiative_slug: str, role: Role) -> User:
    """The first person (by e-mail) holding `role` in the initiative."""
    return (
        Membership.objects.filter(initiative__slug=initiative_slug, role=role)
        .select_related("user")
        .order_by("user__email")
        .first()
        .user
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client
