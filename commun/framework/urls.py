from django.urls import path

from commun.framework import views

app_name = "framework"

urlpatterns = [
    path("", views.index, name="index"),
    path("networks/<slug:network_slug>/", views.network, name="network"),
    path("initiatives/<slug:slug>/", views.home, name="home"),
    path("initiatives/<slug:slug>/public/", views.public_page, name="public"),
    path("initiatives/<slug:slug>/history/", views.history, name="history"),
]
