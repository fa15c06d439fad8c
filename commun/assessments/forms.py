"""Forms of assessments: opening a round, rewording an adapted instrument, how far a person
has answered a questionnaire."""

from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commun.assessments.models import Round
from commun.assessments.rounds import DONT_KNOW, Available, get_path, text_paths
from commun.forms import Form, IsoDateInput
from commun.i18n import LANGUAGE_CODES
from commun.initiatives.models import GovernanceBody, Initiative, Membership, Partner

LANGUAGE_NAMES = {"fr": _("French"), "en": _("English")}
TEXT_KINDS = {
    "title": _("Title"),
    "description": _("Description"),
    "scale": _("Answer on the scale"),
    "levels": _("Continuum level"),
    "series": _("Series"),
    "trust": _("Trust dimension"),
    "value": _("Value dimension"),
    "section": _("Section"),
    "question": _("Question"),
    "help": _("Help and examples"),
}


class PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        label = obj.user.full_name or obj.user.email
        return f"{label} — {obj.partner.name}" if obj.partner_id else label


class RoundForm(Form):
    instrument = forms.ChoiceField(label=_("Instrument"))
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    closes_on = forms.DateField(label=_("Closes on"), widget=IsoDateInput())
    anonymous = forms.BooleanField(
        label=_("Anonymous"),
        required=False,
        help_text=_(
            "Nobody, backbone staff included, will see what a person answered; figures drawn "
            "from fewer than 3 people are not shown. Not possible for the collaboration continuum."
        ),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organizations (everyone who acts for them)"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    bodies = forms.ModelMultipleChoiceField(
        label=_("Governance bodies (their members)"),
        queryset=GovernanceBody.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    people = PersonChoice(
        label=_("People"),
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, initiative: Initiative, instruments: list[Available], **kwargs):
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        self.instruments = {item.key: item for item in instruments}
        self.fields["instrument"].choices = [
            (item.key, str(item.instrument.title) + (f" ({item.key})" if item.copy else ""))
            for item in instruments
        ]
        self.fields["partners"].queryset = Partner.objects.filter(initiative=initiative).active()
        self.fields["bodies"].queryset = GovernanceBody.objects.filter(initiative=initiative)
        self.fields["people"].queryset = Membership.objects.filter(
            initiative=initiative
        ).select_related("user", "partner")

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        if closes_on < timezone.localdate():
            raise forms.ValidationError(_("The closing date cannot be in the past."))
        return closes_on

    def clean_title_fr(self):
        title = self.cleaned_data["title_fr"].strip()
        if Round.objects.filter(initiative=self.initiative, title_fr=title).exists():
            raise forms.ValidationError(_("Another round already has this title."))
        return title

    def clean(self):
        data = super().clean()
        chosen = self.instruments.get(data.get("instrument"))
        if chosen and chosen.instrument.kind == "network" and data.get("anonymous"):
            self.add_error(
                "anonymous",
                _("A continuum round cannot be anonymous: the map shows who rates whom."),
            )
        if not (data.get("partners") or data.get("bodies") or data.get("people")):
            raise forms.ValidationError(_("Choose at least one partner, body or person to ask."))
        return data


class RewordForm(Form):
    """Every text of an adapted instrument, in French and English; the keys stay as they are."""

    def __init__(self, *args, content: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.paths = {}
        for path, kind in text_paths(content):
            name = "t-" + "-".join(str(part) for part in path)
            self.paths[name] = path
            current = get_path(content, path)
            for code in LANGUAGE_CODES:
                long = kind in ("description", "question", "help")
                self.fields[f"{name}-{code}"] = forms.CharField(
                    label=f"{TEXT_KINDS[kind]} ({LANGUAGE_NAMES[code]})",
                    initial=current.get(code, ""),
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2, "lang": code})
                    if long
                    else forms.TextInput(attrs={"lang": code}),
                )

    def texts(self) -> dict[tuple, dict[str, str]]:
        return {
            path: {code: self.cleaned_data[f"{name}-{code}"] for code in LANGUAGE_CODES}
            for name, path in self.paths.items()
        }


@dataclass(frozen=True)
class AnswerProgress:
    """How far a questionnaire is answered: on the scale, "I don't know", or not at all."""

    total: int
    on_scale: int
    dont_know: int

    @property
    def answered(self) -> int:
        return self.on_scale + self.dont_know

    @property
    def unanswered(self) -> int:
        return self.total - self.answered

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0


def answer_progress(instrument, values) -> AnswerProgress:
    """The progress of the answers in `values` (the form's fields, posted or from a draft)."""
    chosen = [(values.get(f"q-{q.key}") or "").strip() for q in instrument.questions]
    return AnswerProgress(
        total=len(chosen),
        on_scale=sum(1 for value in chosen if value and value != DONT_KNOW),
        dont_know=chosen.count(DONT_KNOW),
    )
