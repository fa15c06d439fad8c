"""Forms of the communication plan and its log."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from commun.assessments.instruments import shipped
from commun.communication.models import Audience, Channel, Communication, NewsItem
from commun.communication.plan import ENGAGEMENT
from commun.forms import Form, IsoDateInput, ModelForm
from commun.initiatives.forms import HttpsURLField
from commun.initiatives.models import GovernanceBody
from commun.people.models import User


def engagement_groups() -> list[tuple[str, str]]:
    """The groups the engagement assessment asks about, as choices (none first)."""
    instrument = shipped().get(ENGAGEMENT)
    sections = instrument.sections if instrument else []
    return [("", _("None")), *((section.key, str(section.title)) for section in sections)]


class AudienceForm(ModelForm):
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Audience
        fields = [
            "name_fr",
            "name_en",
            "kind",
            "level_sought",
            "promise_fr",
            "promise_en",
            "messages_fr",
            "messages_en",
            "channels",
            "frequency",
            "owner_person",
            "owner_body",
            "engagement_group",
        ]
        widgets = {
            "promise_fr": forms.Textarea(attrs={"rows": 2}),
            "promise_en": forms.Textarea(attrs={"rows": 2}),
            "messages_fr": forms.Textarea(attrs={"rows": 3}),
            "messages_en": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "level_sought": _(
                "Inform: we tell them; consult: we ask their views; involve: their concerns shape "
                "the work; collaborate: we decide together; empower: they decide."
            ),
            "promise_fr": _("What this audience can expect from the initiative at that level."),
        }

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.initiative = initiative
        self.initiative = initiative
        self.fields["owner_person"].queryset = User.objects.filter(
            memberships__initiative=initiative
        )
        self.fields["owner_body"].queryset = GovernanceBody.objects.filter(initiative=initiative)
        self.fields["engagement_group"] = forms.ChoiceField(
            label=_("Group in the engagement assessment"),
            choices=engagement_groups(),
            required=False,
            help_text=_("Its answers say where partners think the initiative stands with them."),
        )

    def clean_name_fr(self):
        name = self.cleaned_data["name_fr"].strip()
        taken = Audience.objects.filter(initiative=self.initiative, name_fr__iexact=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("The plan already has an audience by that name."))
        return name

    def clean_channels(self):
        chosen = self.cleaned_data["channels"]
        return [key for key, _label in Channel.choices if key in chosen]  # in the list's order


class CommunicationForm(ModelForm):
    class Meta:
        model = Communication
        fields = [
            "sent_on",
            "channel",
            "level",
            "title_fr",
            "title_en",
            "audiences",
            "link",
            "reached",
        ]
        widgets = {"sent_on": IsoDateInput(), "audiences": forms.CheckboxSelectMultiple}
        field_classes = {"link": HttpsURLField}

    def __init__(self, *args, initiative, by=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.initiative = initiative
        if by is not None and self.instance.created_by_id is None:
            self.instance.created_by = by
        self.fields["audiences"].queryset = Audience.objects.filter(initiative=initiative)


class LogFilterForm(Form):
    audience = forms.ModelChoiceField(
        label=_("Audience"), queryset=Audience.objects.none(), required=False
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("All")), *Channel.choices], required=False
    )
    since = forms.DateField(label=_("From"), required=False, widget=IsoDateInput())
    until = forms.DateField(label=_("To"), required=False, widget=IsoDateInput())

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].queryset = Audience.objects.filter(initiative=initiative)


class NewsItemForm(ModelForm):
    class Meta:
        model = NewsItem
        fields = ["title_fr", "title_en", "body_fr", "body_en"]

    def __init__(self, *args, initiative, by=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.initiative = initiative
        if by is not None and self.instance.created_by_id is None:
            self.instance.created_by = by
        # Content in the languages the initiative writes in is required.
        for code in ("fr", "en"):
            wanted = code in initiative.content_languages
            self.fields[f"title_{code}"].required = wanted
            self.fields[f"body_{code}"].required = wanted


class SubscribeForm(Form):
    email = forms.EmailField(label=_("Your e-mail address"))
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)
