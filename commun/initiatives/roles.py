"""Roles a person can hold in one initiative (the anonymous public holds none)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BACKBONE_ADMIN = "backbone_admin", _("Backbone administrator")
    BACKBONE_STAFF = "backbone_staff", _("Backbone staff")
    PARTNER_EDITOR = "partner_editor", _("Partner editor")
    PARTNER_MEMBER = "partner_member", _("Partner member")
    OBSERVER = "observer", _("Observer")


BACKBONE_ROLES = frozenset({Role.BACKBONE_ADMIN, Role.BACKBONE_STAFF})
PARTNER_ROLES = frozenset({Role.PARTNER_EDITOR, Role.PARTNER_MEMBER})
