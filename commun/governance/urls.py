from django.urls import path

from commun.governance import (
    decision_views,
    meeting_views,
    minutes_views,
    terms_views,
    views,
)

app_name = "governance"

meeting = "meetings/<int:meeting_id>/"

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

urlpatterns += [
    # Meetings
    path("meetings/", meeting_views.initiative_meetings, name="meetings"),
    path("bodies/<int:body_id>/meetings/", meeting_views.meeting_list, name="body_meetings"),
    path("bodies/<int:body_id>/meetings/new/", meeting_views.meeting_new, name="meeting_new"),
    path(meeting, meeting_views.meeting_detail, name="meeting"),
    path(f"{meeting}edit/", meeting_views.meeting_edit, name="meeting_edit"),
    path(f"{meeting}items/new/", meeting_views.item_new, name="item_new"),
    path(f"{meeting}items/<int:item_id>/", meeting_views.item_edit, name="item_edit"),
    path(f"{meeting}items/<int:item_id>/move/", meeting_views.item_move, name="item_move"),
    path(f"{meeting}items/<int:item_id>/delete/", meeting_views.item_delete, name="item_delete"),
    path(f"{meeting}attendance/", meeting_views.attendance, name="attendance"),
    path(f"{meeting}attendance/guest/", meeting_views.guest_add, name="guest_add"),
    path(f"{meeting}invitations/", meeting_views.invitations_send, name="invitations_send"),
    path(f"{meeting}actions/new/", meeting_views.action_new, name="action_new"),
    # Minutes
    path(f"{meeting}minutes/", minutes_views.minutes_page, name="minutes"),
    path(f"{meeting}minutes/edit/", minutes_views.minutes_edit, name="minutes_edit"),
    path(f"{meeting}minutes/open/", minutes_views.minutes_open, name="minutes_open"),
    path(f"{meeting}minutes/approve/", minutes_views.minutes_approve, name="minutes_approve"),
    path(f"{meeting}minutes/publish/", minutes_views.minutes_publish, name="minutes_publish"),
    path(f"{meeting}minutes/print/", minutes_views.minutes_print, name="minutes_print"),
    path(f"{meeting}minutes/public/", minutes_views.public_minutes, name="public_minutes"),
    path(f"{meeting}minutes.pdf", minutes_views.minutes_pdf, name="minutes_pdf"),
    path(f"{meeting}minutes/amend/", minutes_views.amendment_new, name="amendment_new"),
    path(
        f"{meeting}minutes/amendments/<int:amendment_id>/",
        minutes_views.amendment_decide,
        name="amendment_decide",
    ),
    # Calendar feeds: the person's secret token is the key.
    path("calendar/renew/", meeting_views.calendar_renew, name="calendar_renew"),
    path("calendar/<str:feed_token>.ics", meeting_views.person_feed, name="person_feed"),
    path(
        "bodies/<int:body_id>/calendar/<str:feed_token>.ics",
        meeting_views.body_feed,
        name="body_feed",
    ),
]
