"""API tokens of an initiative: a partner's editor manages its organization's, staff all."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from commun.access import Action, initiative_view, partner_seen, reporting_partner
from commun.forms import Form
from commun.measurement.models import ApiToken
from commun.measurement.tokens import create_token, revoke_token


class TokenForm(Form):
    name = forms.CharField(
        label=gettext_lazy("What it is for"),
        max_length=100,
        help_text=gettext_lazy("e.g. “Our client database, nightly sending”."),
    )


def token_from_url(initiative, kwargs):
    return get_object_or_404(ApiToken, initiative=initiative, pk=kwargs["token_id"])


@initiative_view(Action.ENTER_DATA)
def tokens(request, initiative):
    """A partner's editor manages its organization's tokens; staff manage every token."""
    partner = reporting_partner(request.user, initiative)
    listed = ApiToken.objects.filter(initiative=initiative).select_related("partner", "created_by")
    if (seen := partner_seen(request.user, initiative)) is not None:
        listed = listed.filter(partner=seen)
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = create_token(initiative, partner, form.cleaned_data["name"], request.user)
        form = TokenForm()
    return render(
        request,
        "measurement/tokens.html",
        {
            "initiative": initiative,
            "tokens": listed,
            "form": form,
            "new_key": new_key,
            "partner": partner,
        },
    )


@initiative_view(Action.ENTER_DATA, token_from_url)
@require_POST
def token_revoke(request, initiative, token_id, obj):
    revoke_token(obj)
    messages.success(request, _("The token is revoked: it no longer works."))
    return redirect("measurement:tokens", slug=initiative.slug)
