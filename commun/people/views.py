from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commun.access import PUBLIC, SIGNED_IN, rule, visible_initiatives
from commun.people.forms import EmailAuthenticationForm, NewAccountForm, PreferencesForm
from commun.people.invitations import (
    InvitationError,
    check_invitation,
    create_account_and_accept,
)
from commun.people.invitations import (
    accept_invitation as accept,
)
from commun.people.models import Invitation, User

# The language a visitor chose (FR / EN buttons) before logging in, kept in their session.
LANGUAGE_CHOSEN_BEFORE_LOGIN = "commun_language_chosen"


def keep_language_chosen_before_login(request, user) -> None:
    """A language picked before logging in becomes the account's: the person chose it."""
    language = request.session.pop(LANGUAGE_CHOSEN_BEFORE_LOGIN, None)
    if language in dict(settings.LANGUAGES) and language != user.language:
        user.language = language
        user.save(update_fields=["language"])


def landing_page(user) -> str:
    """Where a person lands after logging in: their initiative's home when they have only one."""
    initiatives = list(visible_initiatives(user).values_list("slug", flat=True)[:2])
    if len(initiatives) == 1:
        return reverse("framework:home", args=[initiatives[0]])
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class LoginView(auth_views.LoginView):
    template_name = "people/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        keep_language_chosen_before_login(self.request, form.get_user())
        return response

    def get_redirect_url(self):
        # The list of initiatives is where everyone lands anyway: asking for it is asking for nothing.
        wanted = super().get_redirect_url()
        return "" if wanted == resolve_url(settings.LOGIN_REDIRECT_URL) else wanted

    def get_default_redirect_url(self):
        return landing_page(self.request.user)


login = rule(PUBLIC)(LoginView.as_view())


@rule(PUBLIC)
def accept_invitation(request, token):
    invitation = get_object_or_404(
        Invitation.objects.select_related("initiative", "partner"), token=token
    )
    home = reverse("framework:home", args=[invitation.initiative.slug])
    try:
        check_invitation(invitation)
    except InvitationError as error:
        return render(
            request,
            "people/invitation.html",
            {"invitation": invitation, "error": error},
            status=410,
        )

    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    form = None
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                accept(invitation, request.user)
            except InvitationError as error:
                messages.error(request, str(error))
                return redirect(request.path)
            messages.success(
                request, _("Welcome to %(name)s.") % {"name": invitation.initiative.name}
            )
            return redirect(home)
    elif not has_account:
        form = NewAccountForm(
            User(email=invitation.email, full_name=invitation.full_name),
            request.POST or None,
            initial={"full_name": invitation.full_name},
        )
        if request.method == "POST" and form.is_valid():
            try:
                user = create_account_and_accept(
                    invitation, form.cleaned_data["full_name"], form.cleaned_data["new_password1"]
                )
            except InvitationError as error:
                messages.error(request, str(error))
                return redirect(request.path)
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            keep_language_chosen_before_login(request, user)
            messages.success(
                request,
                _("Your account is ready. Welcome to %(name)s.")
                % {"name": invitation.initiative.name},
            )
            return redirect(home)
    return render(
        request,
        "people/invitation.html",
        {"invitation": invitation, "form": form, "has_account": has_account},
    )


@rule(SIGNED_IN)
def preferences(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your preferences are saved."))
        response = redirect("people:preferences")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            request.user.language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
        )
        return response
    return render(request, "people/preferences.html", {"form": form})


@rule(PUBLIC)
@require_POST
def set_language(request):
    """Switch language; a signed-in person keeps the choice on their account."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        messages.error(request, _("This language is not available."))
        language = None
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = redirect(next_url)
    if language:
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
        else:
            request.session[LANGUAGE_CHOSEN_BEFORE_LOGIN] = language
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            samesite="Lax",
        )
    return response
