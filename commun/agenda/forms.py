"""Forms of the common agenda: a canvas's texts, its item lists, comments, endorsements, scores."""

from django import forms
from django.forms import modelformset_factory
from django.utils.translation import gettext_lazy as _

from commun.agenda.canvases import CanvasSpec, ListSpec, items_of
from commun.agenda.models import (
    SCORE_MAX,
    SCORE_MIN,
    AgendaVersion,
    Comment,
    Endorsement,
    Outcome,
)
from commun.forms import Form, ModelForm
from commun.i18n import LANGUAGE_CODES
from commun.initiatives.models import Initiative, Partner

TEXT_MAX_LENGTH = 5000
LANGUAGE_NAMES = {"fr": _("French"), "en": _("English")}


class CanvasTextsForm(Form):
    """The narrative fields of one canvas, each in French and English."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, spec: CanvasSpec, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        for text in spec.texts:
            for code in LANGUAGE_CODES:
                self.fields[f"{text.name}_{code}"] = forms.CharField(
                    label=f"{text.label} ({LANGUAGE_NAMES[code]})",
                    required=False,
                    max_length=TEXT_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 4, "lang": code}),
                )

    @staticmethod
    def initial_from(texts: dict, spec: CanvasSpec, revision: int) -> dict:
        initial = {"revision": revision}
        for text in spec.texts:
            for code in LANGUAGE_CODES:
                initial[f"{text.name}_{code}"] = texts.get(text.name, {}).get(code, "")
        return initial

    def texts(self) -> dict:
        """{field: {"fr": …, "en": …}} for the fields that hold something."""
        result = {}
        for text in self.spec.texts:
            pair = {
                code: self.cleaned_data[f"{text.name}_{code}"].strip() for code in LANGUAGE_CODES
            }
            if any(pair.values()):
                result[text.name] = pair
        return result

    def field_rows(self):
        """[(label, [bound fields, one per language])] for the template."""
        return [
            (text.label, [self[f"{text.name}_{code}"] for code in LANGUAGE_CODES])
            for text in self.spec.texts
        ]


class ItemForm(ModelForm):
    """One item of a canvas list; bilingual columns need at least the French text."""

    def __init__(self, *args, initiative: Initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        if "partner" in self.fields:
            self.fields["partner"].queryset = Partner.objects.filter(initiative=initiative)
        if "outcomes" in self.fields:
            self.fields["outcomes"].queryset = Outcome.objects.filter(initiative=initiative)
            self.fields["outcomes"].widget = forms.CheckboxSelectMultiple()
            self.fields["outcomes"].widget.choices = self.fields["outcomes"].choices
        for name, field in self.fields.items():
            if name.endswith("_en") or name.endswith("_fr"):
                field.widget.attrs["lang"] = name[-2:]


def item_formset_class(spec: ListSpec):
    fields = [f"{base}_{code}" for base in spec.bilingual for code in LANGUAGE_CODES]
    fields += list(spec.other)
    # Items are sentences, not words: a two-line box shows what is written without scrolling.
    widgets = {
        f"{base}_{code}": forms.Textarea(attrs={"rows": 2})
        for base in spec.bilingual
        for code in LANGUAGE_CODES
    }
    return modelformset_factory(
        spec.model, form=ItemForm, fields=fields, widgets=widgets, extra=2, can_delete=True
    )


def item_formset(spec: ListSpec, initiative: Initiative, data=None):
    return item_formset_class(spec)(
        data,
        queryset=items_of(initiative, spec),
        prefix=spec.name,
        form_kwargs={"initiative": initiative},
    )


class CommentForm(ModelForm):
    class Meta:
        model = Comment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"text": _("Your comment")}
        error_messages = {"text": {"required": _("The comment is empty.")}}


class PublishForm(ModelForm):
    class Meta:
        model = AgendaVersion
        fields = ["note_fr", "note_en"]
        widgets = {
            "note_fr": forms.Textarea(attrs={"rows": 2, "lang": "fr"}),
            "note_en": forms.Textarea(attrs={"rows": 2, "lang": "en"}),
        }


class EndorsementForm(ModelForm):
    """A partner's answer: three plain choices, none chosen in advance; a reservation or a
    refusal says why."""

    decision = forms.ChoiceField(
        label=_("Your organization's answer"),
        choices=[
            (Endorsement.Decision.ENDORSED, _("Endorse this version")),
            (Endorsement.Decision.RESERVATION, _("Endorse it with reservations")),
            (Endorsement.Decision.DECLINED, _("Do not endorse it (say why)")),
        ],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Endorsement
        fields = ["decision", "reservation"]
        labels = {"reservation": _("Your reservations, or why you do not endorse")}
        widgets = {"reservation": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "reservation": _(
                "Needed when you endorse with reservations or do not endorse: say what your "
                "organization cannot endorse, and why."
            )
        }

    REASON_NEEDED = {
        Endorsement.Decision.RESERVATION: _("Say what the reservation is about."),
        Endorsement.Decision.DECLINED: _("Say why your organization does not endorse it."),
    }

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision in self.REASON_NEEDED and not (cleaned.get("reservation") or "").strip():
            self.add_error("reservation", self.REASON_NEEDED[decision])
        if decision == Endorsement.Decision.ENDORSED:
            cleaned["reservation"] = ""
        return cleaned


SCORE_CHOICES = [("", "—")] + [(str(n), str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)]


class ScoresForm(Form):
    """A partner's scores: one choice per lever and criterion (left empty: not scored)."""

    def __init__(self, *args, levers, criteria, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.levers, self.criteria = levers, criteria
        for lever in levers:
            for criterion in criteria:
                name = f"score_{lever.pk}_{criterion.pk}"
                self.fields[name] = forms.TypedChoiceField(
                    label=f"{lever.name} — {criterion.name}",
                    choices=SCORE_CHOICES,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial=current.get((lever.pk, criterion.pk)),
                )

    def scores(self) -> dict:
        """{(lever id, criterion id): score or None}."""
        return {
            (lever.pk, criterion.pk): self.cleaned_data[f"score_{lever.pk}_{criterion.pk}"]
            for lever in self.levers
            for criterion in self.criteria
        }

    def rows(self):
        """[(lever, [(criterion, its bound field)])] for the grid."""
        return [
            (lever, [(c, self[f"score_{lever.pk}_{c.pk}"]) for c in self.criteria])
            for lever in self.levers
        ]
