from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from commun.api import api

admin.site.site_header = _("Commun — administration")
admin.site.site_title = _("Commun")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("commun.people.urls")),
    path("initiatives/<slug:slug>/people/", include("commun.people.team_urls")),
    path("initiatives/<slug:slug>/agenda/", include("commun.agenda.urls")),
    path("initiatives/<slug:slug>/measurement/", include("commun.measurement.urls")),
    path("initiatives/<slug:slug>/activities/", include("commun.activities.urls")),
    path("initiatives/<slug:slug>/assessments/", include("commun.assessments.urls")),
    path("initiatives/<slug:slug>/governance/", include("commun.governance.urls")),
    path("initiatives/<slug:slug>/communication/", include("commun.communication.urls")),
    path("initiatives/<slug:slug>/journal/", include("commun.journal.urls")),
    path("", include("commun.framework.urls")),
    path("", include("commun.initiatives.urls")),
]

handler403 = "commun.views.permission_denied"
handler404 = "commun.views.page_not_found"
