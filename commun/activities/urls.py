from django.urls import path

from commun.activities import plan_views, views

app_name = "activities"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("new/", views.activity_new, name="activity_new"),
    path("<int:activity_id>/", views.activity, name="activity"),
    path("<int:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path("<int:activity_id>/delete/", views.activity_delete, name="activity_delete"),
    path("<int:activity_id>/junctions/new/", views.junction_new, name="junction_new"),
    path("junctions/<int:junction_id>/delete/", views.junction_delete, name="junction_delete"),
    path(
        "from-existing-action/<int:existing_action_id>/",
        views.from_existing_action,
        name="from_existing_action",
    ),
    path("matrix/", views.matrix, name="matrix"),
    path("coordination/", views.coordination, name="coordination"),
    path("network/", views.network, name="network"),
    path("chain/", views.chain_index, name="chain"),
    path("chain/outcome/<int:outcome_id>/", views.chain_outcome, name="chain_outcome"),
    path("chain/indicator/<slug:code>/", views.chain_indicator, name="chain_indicator"),
    path("chain/partner/<int:partner_id>/", views.chain_partner, name="chain_partner"),
    path("plan/", plan_views.plan, name="plan"),
    path("plan/new/", plan_views.shared_action_new, name="shared_action_new"),
    path(
        "plan/<int:shared_action_id>/edit/",
        plan_views.shared_action_edit,
        name="shared_action_edit",
    ),
    path("populations/", plan_views.populations, name="populations"),
]
