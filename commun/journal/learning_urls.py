"""Strategic learning's pages: sessions, their "now what" lines, interpretations of indicators."""

from django.urls import path

from commun.journal import learning_views as views

urlpatterns = [
    path("learning/", views.session_list, name="learning"),
    path("learning/new/", views.session_new, name="learning_new"),
    path("learning/<int:learning_id>/", views.session_page, name="learning_session"),
    path("learning/<int:learning_id>/edit/", views.session_edit, name="learning_edit"),
    path("learning/<int:learning_id>/freeze/", views.session_freeze, name="learning_freeze"),
    path(
        "learning/<int:learning_id>/now-what/new/",
        views.now_what_new,
        name="learning_now_what_new",
    ),
    path(
        "learning/<int:learning_id>/now-what/<int:now_what_id>/edit/",
        views.now_what_edit,
        name="learning_now_what_edit",
    ),
    path(
        "learning/<int:learning_id>/now-what/<int:now_what_id>/delete/",
        views.now_what_delete,
        name="learning_now_what_delete",
    ),
    path(
        "learning/<int:learning_id>/now-what/<int:now_what_id>/adopt/",
        views.now_what_adopt,
        name="now_what_adopt",
    ),
    path(
        "indicators/<str:code>/interpretations/new/",
        views.interpretation_new,
        name="interpretation_new",
    ),
    path(
        "interpretations/<int:interpretation_id>/delete/",
        views.interpretation_delete,
        name="interpretation_delete",
    ),
]
