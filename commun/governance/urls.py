from django.urls import path

from commun.governance import views

app_name = "governance"

urlpatterns = [
    path("roles/", views.matrix, name="roles"),
    path("roles/new/", views.area_new, name="area_new"),
    path("roles/<int:area_id>/", views.area_edit, name="area_edit"),
    path("roles/<int:area_id>/delete/", views.area_delete, name="area_delete"),
    path("roles/strategy/<int:strategy_id>/", views.strategy_roles, name="strategy_roles"),
    path("roles/action/<int:shared_action_id>/", views.action_roles, name="action_roles"),
]
