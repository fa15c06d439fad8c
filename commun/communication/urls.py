from django.urls import path

from commun.communication import news_views, views

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
    path("news/", news_views.news, name="news"),
    path("news/new/", news_views.news_new, name="news_new"),
    path("news/<int:news_id>/", news_views.news_item, name="news_item"),
    path("news/<int:news_id>/edit/", news_views.news_edit, name="news_edit"),
    path("news/<int:news_id>/publish/", news_views.news_publish, name="news_publish"),
    path("news/<int:news_id>/send/", news_views.news_send, name="news_send"),
    path("news/<int:news_id>/delete/", news_views.news_delete, name="news_delete"),
    path("news/<str:language>/rss.xml", news_views.news_rss, name="news_rss"),
    path("news/<str:language>/atom.xml", news_views.news_atom, name="news_atom"),
    path("news/subscribe/", news_views.news_subscribe, name="subscribe"),
    path("news/confirm/<str:subscription>/", news_views.news_confirm, name="confirm"),
    path("news/unsubscribe/<str:subscription>/", news_views.news_unsubscribe, name="unsubscribe"),
]
