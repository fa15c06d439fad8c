from django import forms
from django.utils.translation import gettext_lazy as _

from commun.forms import IsoDateInput, ModelForm
from commun.initiatives.models import BodyMember, GovernanceBody, Initiative, Membership, Partner


class HttpsURLField(forms.URLField):
    """A web address; one typed without a scheme ("example.org") is read as https."""

    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", **kwargs)


class BilingualFormMixin:
    """Bilingual content: the languages the initiative writes in are required for `required_pairs`."""

    required_pairs: tuple[str, ...] = ()

    def require_languages(self, languages: list[str]) -> None:
        for base in self.required_pairs:
            for code in ("fr", "en"):
                name = f"{base}_{code}"
                if name in self.fields:
                    self.fields[name].required = code in languages


class InitiativeForm(BilingualFormMixin, ModelForm):
    required_pairs = ("name", "issue")

    class Meta:
        model = Initiative
        fields = [
            "name_fr",
            "name_en",
            "issue_fr",
            "issue_en",
            "territory_fr",
            "territory_en",
            "languages",
            "phase",
            "fiscal_year_start",
            "logo",
            "is_public",
        ]
        widgets = {
            "issue_fr": forms.Textarea(attrs={"rows": 4}),
            "issue_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        languages = (self.data.get("languages") or self.instance.languages or "fr,en").split(",")
        self.require_languages(languages)

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "size") and logo.size > 1024 * 1024:
            raise forms.ValidationError(_("The logo must weigh less than 1 MB."))
        return logo


class PartnerForm(ModelForm):
    class Meta:
        model = Partner
        fields = [
            "name_fr",
            "name_en",
            "acronym",
            "sector",
            "description_fr",
            "description_en",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
            "joined_on",
            "left_on",
        ]
        field_classes = {"website": HttpsURLField}
        widgets = {
            "joined_on": IsoDateInput(),
            "left_on": IsoDateInput(),
            "description_fr": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.initiative = initiative

    def clean_name_fr(self):
        name = self.cleaned_data["name_fr"].strip()
        clash = Partner.objects.filter(initiative=self.instance.initiative, name_fr__iexact=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("A partner organization already has this name."))
        return name

    def clean(self):
        cleaned = super().clean()
        joined, left = cleaned.get("joined_on"), cleaned.get("left_on")
        if joined and left and left < joined:
            self.add_error("left_on", _("An organization cannot leave before it joined."))
        return cleaned


class GovernanceBodyForm(BilingualFormMixin, ModelForm):
    required_pairs = ("name", "mandate")

    class Meta:
        model = GovernanceBody
        fields = [
            "kind",
            "name_fr",
            "name_en",
            "mandate_fr",
            "mandate_en",
            "meeting_rhythm_fr",
            "meeting_rhythm_en",
            "created_on",
        ]
        widgets = {
            "created_on": IsoDateInput(),
            "mandate_fr": forms.Textarea(attrs={"rows": 4}),
            "mandate_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.initiative = initiative
        self.require_languages(initiative.content_languages)

    def clean_name_fr(self):
        name = self.cleaned_data["name_fr"].strip()
        if not name:
            return name
        clash = GovernanceBody.objects.filter(
            initiative=self.instance.initiative, name_fr__iexact=name
        )
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("A body of this initiative already has this name."))
        return name


class BodyMemberForm(ModelForm):
    class Meta:
        model = BodyMember
        fields = ["user", "partner", "role", "term_start", "term_end"]
        widgets = {"term_start": IsoDateInput(), "term_end": IsoDateInput()}

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.body = body
        initiative = body.initiative
        taken = body.members.values_list("user_id", flat=True)
        members = Membership.objects.filter(initiative=initiative).exclude(user_id__in=taken)
        self.fields["user"].queryset = self.fields["user"].queryset.filter(
            pk__in=members.values("user_id")
        )
        self.fields["user"].label = _("Person (a member of the initiative)")
        self.fields["partner"].queryset = Partner.objects.filter(initiative=initiative).active()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("A term cannot end before it starts."))
        return cleaned
