from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from commun.initiatives.models import (
    BodyMember,
    GovernanceBody,
    Initiative,
    Membership,
    Network,
    Partner,
)


@admin.register(Network)
class NetworkAdmin(SimpleHistoryAdmin):
    list_display = ["name_fr", "name_en", "slug"]
    search_fields = ["name_fr", "name_en", "slug"]


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ["name_fr", "slug", "network", "phase", "is_public"]
    list_filter = ["phase", "is_public", "network"]
    search_fields = ["name_fr", "name_en", "slug"]


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["name_fr", "initiative", "sector", "joined_on", "left_on"]
    list_filter = ["sector", "initiative"]
    search_fields = ["name_fr", "name_en", "acronym"]
    list_select_related = ["initiative"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "initiative", "role", "partner"]
    list_filter = ["role", "initiative"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user", "initiative", "partner"]
    autocomplete_fields = ["user", "partner"]


class BodyMemberInline(admin.TabularInline):
    model = BodyMember
    extra = 0
    autocomplete_fields = ["user", "partner"]


@admin.register(GovernanceBody)
class GovernanceBodyAdmin(SimpleHistoryAdmin):
    list_display = ["name_fr", "initiative", "kind"]
    list_filter = ["kind", "initiative"]
    search_fields = ["name_fr", "name_en"]
    inlines = [BodyMemberInline]
