"""The forms of substantiation (asking, answering) and of an outcome's statuses."""

from datetime import datetime, time, timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commun.formatting.sorting import dictionary_order
from commun.forms import Form, IsoDateInput, ModelForm
from commun.journal.models import Agreement, ObservedOutcome, Substantiation
from commun.journal.substantiation import DEFAULT_DAYS
from commun.people.models import User


def end_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


class ExpiryForm(Form):
    expires_on = forms.DateField(
        label=_("The link works until"),
        widget=IsoDateInput(),
        help_text=_("The person can answer, and change the answer, until this day."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + timedelta(days=DEFAULT_DAYS)

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Choose a day from today on."))
        if day > timezone.localdate() + timedelta(days=365):
            raise forms.ValidationError(_("Choose a day within a year."))
        return day

    def expires_at(self) -> datetime:
        return end_of(self.cleaned_data["expires_on"])


class RequestForm(ExpiryForm):
    person = forms.ModelChoiceField(
        label=_("A person of the initiative"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— someone else (below) —"),
    )
    name = forms.CharField(label=_("Or: name"), max_length=200, required=False)
    email = forms.EmailField(label=_("e-mail"), required=False)
    language = forms.ChoiceField(
        label=_("language"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )
    field_order = ["person", "name", "email", "language", "expires_on"]

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            User.objects.filter(memberships__initiative=initiative, is_active=True)
            .distinct()
            .order_by(dictionary_order("full_name", bilingual=False), "email")
        )
        self.fields["person"].label_from_instance = lambda u: u.full_name or u.email
        self.fields["language"].help_text = _(
            "For someone else; a person of the initiative receives it in their own language."
        )

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("person")
        given = cleaned.get("name", "").strip() and cleaned.get("email")
        if person is None and not given and not self.has_error("email"):
            self.add_error(None, _("Choose a person, or give a name and an e-mail."))
        if person is not None:
            cleaned["name"] = person.full_name or person.email
            cleaned["email"] = person.email
            cleaned["language"] = person.language or settings.LANGUAGE_CODE
        return cleaned


class AnswerForm(ModelForm):
    class Meta:
        model = Substantiation
        fields = [
            "description_agreement",
            "significance_agreement",
            "contribution_agreement",
            "comment",
        ]
        widgets = {
            "description_agreement": forms.RadioSelect(),
            "significance_agreement": forms.RadioSelect(),
            "contribution_agreement": forms.RadioSelect(),
            "comment": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("description_agreement", "significance_agreement", "contribution_agreement"):
            field = self.fields[name]
            field.required = True
            field.choices = Agreement.choices
            field.error_messages["required"] = _("Say how far you agree.")
        self.fields["comment"].help_text = _(
            "What you saw, a correction, a source: anything that helps. Optional."
        )


class ConcludeForm(Form):
    status = forms.ChoiceField(
        label=_("Conclusion"),
        widget=forms.RadioSelect(),
        choices=[
            (ObservedOutcome.Status.SUBSTANTIATED, _("Substantiated")),
            (ObservedOutcome.Status.DISPUTED, _("Disputed")),
        ],
    )


class ReturnForm(Form):
    reason = forms.CharField(
        label=_("Why it goes back to draft"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )
