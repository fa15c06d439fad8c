from django.urls import path

from commun.communication import views

app_name = "communication"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("plan/", views.plan, name="plan"),
    path("audiences/new/", views.audience_new, name="audience_new"),
    path("audiences/<int:audience_id>/edit/", views.audience_edit, name="audience_edit"),
    path("audiences/<int:audience_id>/delete/", views.audience_delete, name="audience_delete"),
    path("log/", views.log, name="log"),
    path("log/new/", views.communication_new, name="communication_new"),
    path(
        "log/<int:communication_id>/edit/",
        views.communication_edit,
        name="communication_edit",
    ),
    path(
        "log/<int:communication_id>/delete/",
        views.communication_delete,
        name="communication_delete",
    ),
    path("wheel/", views.engagement_wheel, name="wheel"),
]
