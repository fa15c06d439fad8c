from django.urls import path

from commun.governance import decision_views, terms_views, views

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

urlpatterns += [
    path("decisions/", decision_views.log, name="decision_log"),
    path("decisions/export.csv", decision_views.log_csv, name="decision_log_csv"),
    path("decisions/to-review/", decision_views.to_review, name="decisions_to_review"),
    path("bodies/<int:body_id>/decisions/new/", decision_views.new, name="decision_new"),
    path("decisions/<int:decision_id>/", decision_views.detail, name="decision"),
    path("decisions/<int:decision_id>/edit/", decision_views.edit, name="decision_edit"),
    path("decisions/<int:decision_id>/options/", decision_views.options, name="decision_options"),
    path("decisions/<int:decision_id>/open/", decision_views.open_for_votes, name="decision_open"),
    path("decisions/<int:decision_id>/vote/", decision_views.vote, name="decision_vote"),
    path("decisions/<int:decision_id>/close/", decision_views.close, name="decision_close"),
    path(
        "decisions/<int:decision_id>/remind/",
        decision_views.send_reminders,
        name="decision_remind",
    ),
    path("decisions/<int:decision_id>/outcome/", decision_views.outcome, name="decision_outcome"),
    path(
        "decisions/<int:decision_id>/reviewed/", decision_views.reviewed, name="decision_reviewed"
    ),
    path(
        "decisions/<int:decision_id>/actions/new/",
        decision_views.action_new,
        name="decision_action_new",
    ),
]
