"""People of one initiative, under /initiatives/<slug>/people/."""

from django.urls import path

from commun.people import team_views

app_name = "team"

urlpatterns = [
    path("", team_views.people_list, name="people"),
    path("invite/", team_views.invite_person, name="invite"),
    path("<int:membership_id>/edit/", team_views.membership_edit, name="membership_edit"),
    path("<int:membership_id>/remove/", team_views.membership_remove, name="membership_remove"),
    path(
        "invitations/<int:invitation_id>/revoke/",
        team_views.invitation_revoke,
        name="invitation_revoke",
    ),
]
