"""Social actors and progress markers, substantiation and statuses, harvest campaigns."""

from django.urls import path

from commun.journal import actor_views, harvest_views, substantiation_views

urlpatterns = [
    path("actors/", actor_views.actors, name="actors"),
    path("actors/new/", actor_views.actor_new, name="actor_new"),
    path("actors/<int:actor_id>/", actor_views.actor, name="actor"),
    path("actors/<int:actor_id>/edit/", actor_views.actor_edit, name="actor_edit"),
    path("actors/<int:actor_id>/markers/new/", actor_views.marker_new, name="marker_new"),
    path("markers/<int:marker_id>/edit/", actor_views.marker_edit, name="marker_edit"),
    path("markers/<int:marker_id>/delete/", actor_views.marker_delete, name="marker_delete"),
    path(
        "outcomes/<int:observed_id>/submit/",
        substantiation_views.outcome_submit,
        name="outcome_submit",
    ),
    path(
        "outcomes/<int:observed_id>/conclude/",
        substantiation_views.outcome_conclude,
        name="outcome_conclude",
    ),
    path(
        "outcomes/<int:observed_id>/publish/",
        substantiation_views.outcome_publish,
        name="outcome_publish",
    ),
    path(
        "outcomes/<int:observed_id>/unpublish/",
        substantiation_views.outcome_unpublish,
        name="outcome_unpublish",
    ),
    path(
        "outcomes/<int:observed_id>/return-to-draft/",
        substantiation_views.outcome_return_to_draft,
        name="outcome_return_to_draft",
    ),
    path(
        "outcomes/<int:observed_id>/substantiation/",
        substantiation_views.substantiation_request,
        name="substantiation_request",
    ),
    path(
        "substantiations/<int:substantiation_id>/again/",
        substantiation_views.substantiation_again,
        name="substantiation_again",
    ),
    path(
        "substantiations/<int:substantiation_id>/withdraw/",
        substantiation_views.substantiation_withdraw,
        name="substantiation_withdraw",
    ),
    path("substantiate/<str:signed>/", substantiation_views.substantiate, name="substantiate"),
    path("harvests/", harvest_views.harvest_list, name="harvests"),
    path("harvests/new/", harvest_views.harvest_new, name="harvest_new"),
    path("harvests/<int:campaign_id>/", harvest_views.harvest, name="harvest"),
    path("harvests/<int:campaign_id>/edit/", harvest_views.harvest_edit, name="harvest_edit"),
    path("harvests/<int:campaign_id>/open/", harvest_views.harvest_open, name="harvest_open"),
]
