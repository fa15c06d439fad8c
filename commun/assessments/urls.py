"""Assessments of one initiative, under /initiatives/<slug>/assessments/."""

from django.urls import path

from commun.assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("instruments/<slug:instrument_key>/", views.instrument, name="instrument"),
    path("instruments/<slug:instrument_key>/copy/", views.instrument_copy, name="instrument_copy"),
    path("instruments/<slug:instrument_key>/edit/", views.instrument_edit, name="instrument_edit"),
    path("rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:round_id>/", views.round_detail, name="round"),
    path("rounds/<int:round_id>/answer/", views.round_answer, name="answer"),
    path("rounds/<int:round_id>/close/", views.round_close, name="round_close"),
    path("rounds/<int:round_id>/results.csv", views.round_csv, name="round_csv"),
    path("rounds/<int:round_id>/print/", views.round_print, name="round_print"),
]
