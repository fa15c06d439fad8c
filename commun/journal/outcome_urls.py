"""The observed outcomes' pages: the journal, its timeline, map and exports, one outcome, its
evidence, and reporting one."""

from django.urls import path

from commun.journal import outcome_views as views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("timeline/", views.timeline_page, name="timeline"),
    path("map/", views.map_page, name="map"),
    path("outcomes.csv", views.outcomes_csv, name="outcomes_csv"),
    path("outcomes.xlsx", views.outcomes_xlsx, name="outcomes_xlsx"),
    path("outcomes/new/", views.outcome_new, name="outcome_new"),
    path("outcomes/markers/", views.outcome_markers, name="outcome_markers"),
    path("outcomes/<int:observed_id>/", views.outcome, name="outcome"),
    path("outcomes/<int:observed_id>/edit/", views.outcome_edit, name="outcome_edit"),
    path("outcomes/<int:observed_id>/delete/", views.outcome_delete, name="outcome_delete"),
    path("outcomes/<int:observed_id>/evidence/", views.evidence_add, name="evidence_add"),
    path(
        "outcomes/<int:observed_id>/evidence/<int:evidence_id>/delete/",
        views.evidence_delete,
        name="evidence_delete",
    ),
    path(
        "outcomes/<int:observed_id>/evidence/<int:evidence_id>/",
        views.evidence_file,
        name="evidence_file",
    ),
]
