from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from commun.forms import ModelForm
from commun.initiatives.models import Partner
from commun.initiatives.roles import PARTNER_ROLES, Role
from commun.people.models import Invitation, User


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _(
            "This e-mail address and password do not match. Both are case-sensitive."
        ),
        "inactive": _("This account is inactive."),
    }


class PreferencesForm(ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language", "digest"]


class PasswordResetInOwnLanguageForm(PasswordResetForm):
    """The reset link is written in the language of the account it is for, not of the page."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        with translation.override(context["user"].language or settings.LANGUAGE_CODE):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class NewAccountForm(SetPasswordForm):
    """Account creation from an invitation: a name and a password (the e-mail is the invited one)."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    field_order = ["full_name", "new_password1", "new_password2"]


class RoleFieldsMixin:
    """Partner roles name the partner they act for; the other roles name none."""

    def clean(self):
        cleaned = super().clean()
        role, partner = cleaned.get("role"), cleaned.get("partner")
        if role in PARTNER_ROLES and not partner:
            self.add_error("partner", _("Choose the partner organization this person acts for."))
        if role and role not in PARTNER_ROLES and partner:
            self.add_error("partner", _("Only partner roles act for a partner organization."))
        return cleaned


def limit_to_initiative(form, initiative, allow_admin_roles: bool) -> None:
    form.fields["partner"].queryset = Partner.objects.filter(initiative=initiative).active()
    if not allow_admin_roles:
        form.fields["role"].choices = [
            (value, label)
            for value, label in form.fields["role"].choices
            if value != Role.BACKBONE_ADMIN
        ]


class InvitationForm(RoleFieldsMixin, ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "full_name", "role", "partner", "language"]

    def __init__(self, *args, initiative, allow_admin_roles: bool, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_initiative(self, initiative, allow_admin_roles)
        self.fields["language"].help_text = _(
            "The invitation e-mail is written in this language, unless the person already has "
            "an account: then it is in the language they chose."
        )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class MembershipForm(RoleFieldsMixin, ModelForm):
    class Meta:
        from commun.initiatives.models import Membership

        model = Membership
        fields = ["role", "partner"]

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_initiative(self, initiative, allow_admin_roles=True)
