from django.urls import path

from commun.governance import terms_views, views

app_name = "governance"

urlpatterns = [
    path("roles/", views.matrix, name="roles"),
    path("roles/new/", views.area_new, name="area_new"),
    path("roles/<int:area_id>/", views.area_edit, name="area_edit"),
    path("roles/<int:area_id>/delete/", views.area_delete, name="area_delete"),
    path("roles/strategy/<int:strategy_id>/", views.strategy_roles, name="strategy_roles"),
    path("roles/action/<int:shared_action_id>/", views.action_roles, name="action_roles"),
    path("bodies/<int:body_id>/terms/", terms_views.terms, name="terms"),
    path("bodies/<int:body_id>/terms/edit/", terms_views.terms_edit, name="terms_edit"),
    path("bodies/<int:body_id>/terms/publish/", terms_views.terms_publish, name="terms_publish"),
    path("bodies/<int:body_id>/terms/pdf/", terms_views.terms_pdf, name="terms_pdf"),
    path(
        "bodies/<int:body_id>/terms/versions/<int:terms_number>/",
        terms_views.terms_version,
        name="terms_version",
    ),
    path(
        "bodies/<int:body_id>/terms/versions/<int:terms_number>/endorse/",
        terms_views.terms_endorse,
        name="terms_endorse",
    ),
]
