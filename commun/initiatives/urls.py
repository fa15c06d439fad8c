from django.urls import include, path

from commun.initiatives import governance_views, partner_views, views

app_name = "initiatives"

sections = [
    path("logo/", views.logo, name="logo"),
    path("backbone/", views.backbone, name="backbone"),
    path("settings/", views.edit_settings, name="settings"),
    path("partners/", partner_views.partner_list, name="partners"),
    path("partners/new/", partner_views.partner_create, name="partner_new"),
    path("partners/<int:partner_id>/", partner_views.partner_detail, name="partner"),
    path("partners/<int:partner_id>/edit/", partner_views.partner_edit, name="partner_edit"),
    path("bodies/", governance_views.body_list, name="bodies"),
    path("bodies/new/", governance_views.body_create, name="body_new"),
    path("bodies/<int:body_id>/", governance_views.body_detail, name="body"),
    path("bodies/<int:body_id>/edit/", governance_views.body_edit, name="body_edit"),
    path(
        "bodies/<int:body_id>/members/add/",
        governance_views.body_member_add,
        name="body_member_add",
    ),
    path(
        "bodies/<int:body_id>/members/<int:member_id>/remove/",
        governance_views.body_member_remove,
        name="body_member_remove",
    ),
]

urlpatterns = [path("initiatives/<slug:slug>/", include(sections))]
