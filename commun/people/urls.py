from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from commun.access import PUBLIC, SIGNED_IN, rule
from commun.people import forms, views

app_name = "people"


def public(view):
    return rule(PUBLIC)(view)


def signed_in(view):
    return rule(SIGNED_IN)(view)


urlpatterns = [
    path(
        "login/",
        views.login,
        name="login",
    ),
    path("logout/", public(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "password/reset/",
        public(
            auth_views.PasswordResetView.as_view(
                form_class=forms.PasswordResetInOwnLanguageForm,
                template_name="people/password_reset.html",
                email_template_name="people/email/password_reset.txt",
                subject_template_name="people/email/password_reset_subject.txt",
                success_url=reverse_lazy("people:password_reset_done"),
            )
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        public(
            auth_views.PasswordResetDoneView.as_view(
                template_name="people/password_reset_done.html"
            )
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        public(
            auth_views.PasswordResetConfirmView.as_view(
                template_name="people/password_reset_confirm.html",
                success_url=reverse_lazy("people:password_reset_complete"),
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        public(
            auth_views.PasswordResetCompleteView.as_view(
                template_name="people/password_reset_complete.html"
            )
        ),
        name="password_reset_complete",
    ),
    path(
        "password/change/",
        signed_in(
            auth_views.PasswordChangeView.as_view(
                template_name="people/password_change.html",
                success_url=reverse_lazy("people:preferences"),
            )
        ),
        name="password_change",
    ),
    path("invitations/<str:token>/", views.accept_invitation, name="invitation"),
    path("preferences/", views.preferences, name="preferences"),
    path("language/", views.set_language, name="set_language"),
]
