"""Forms of strategic learning: a session (the fields of its format only), a "now what" line,
its adoption into the joint action plan, an interpretation of an indicator's figures."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commun.activities.forms import SharedActionForm
from commun.activities.models import Activity
from commun.formatting.sorting import dictionary_order
from commun.forms import Form, IsoDateInput, ModelForm
from commun.initiatives.models import GovernanceBody, Partner
from commun.journal.models import Interpretation, LearningFormat, LearningSession, NowWhat
from commun.journal.visibility import outcomes_seen
from commun.measurement.figures import visible_indicators
from commun.measurement.forms import PeriodField
from commun.measurement.periods import PeriodError, normalize_period
from commun.people.models import User

COMMON_FIELDS = [
    "title_fr",
    "title_en",
    "held_on",
    "body",
    "indicators",
    "outcomes",
    "activities",
    "participants",
    "partners",
    "guests",
]
# What each format asks: What? So what? (Now what? is the session's lines), or the story behind
# the curve.
FORMAT_FIELDS = {
    LearningFormat.WHAT_SO_WHAT: ["what_fr", "what_en", "so_what_fr", "so_what_en"],
    LearningFormat.TURN_THE_CURVE: [
        "story_fr",
        "story_en",
        "helping_fr",
        "helping_en",
        "restricting_fr",
        "restricting_en",
        "partners_to_play",
        "what_works_fr",
        "what_works_en",
    ],
}


def format_asked(value) -> str:
    """A format named in a query string, or the first one."""
    return value if value in LearningFormat.values else LearningFormat.WHAT_SO_WHAT


class LearningSessionForm(ModelForm):
    class Meta:
        model = LearningSession
        fields = [
            *COMMON_FIELDS,
            *FORMAT_FIELDS[LearningFormat.WHAT_SO_WHAT],
            *FORMAT_FIELDS[LearningFormat.TURN_THE_CURVE],
            "format",
            "published",
        ]
        widgets = {
            "held_on": IsoDateInput(),
            "format": forms.HiddenInput(),
            "guests": forms.Textarea(attrs={"rows": 2}),
            "indicators": forms.CheckboxSelectMultiple(),
            "participants": forms.CheckboxSelectMultiple(),
            "partners": forms.CheckboxSelectMultiple(),
            "partners_to_play": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, initiative, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.initiative = initiative
        chosen = format_asked(self.instance.format or self.initial.get("format"))
        self.instance.format = chosen
        self.fields["format"].initial = chosen
        for other, names in FORMAT_FIELDS.items():
            if other != chosen:
                for name in names:
                    del self.fields[name]
        self.fields["body"].queryset = GovernanceBody.objects.filter(initiative=initiative)
        self.fields["indicators"].queryset = visible_indicators(user, initiative).order_by(
            dictionary_order("name"), "pk"
        )
        self.fields["outcomes"].queryset = outcomes_seen(user, initiative).order_by(
            "-observed_on", "pk"
        )
        self.fields["activities"].queryset = Activity.objects.filter(initiative=initiative)
        self.fields["participants"].queryset = (
            User.objects.filter(memberships__initiative=initiative)
            .distinct()
            .order_by(dictionary_order("full_name", bilingual=False), "pk")
        )
        partners = Partner.objects.filter(initiative=initiative)
        self.fields["partners"].queryset = partners
        if "partners_to_play" in self.fields:
            self.fields["partners_to_play"].queryset = partners

    def clean_format(self):
        # The format is chosen before the form is shown: a format that is none is refused.
        value = self.cleaned_data.get("format")
        if value != self.instance.format:
            raise forms.ValidationError(_("Choose the format with the links above the form."))
        return value


SCORE_CHOICES = [("", "—")] + [(str(n), str(n)) for n in range(1, 6)]
SCORES = ["leverage", "feasibility", "specificity", "values"]


class NowWhatForm(ModelForm):
    class Meta:
        model = NowWhat
        fields = ["text_fr", "text_en", *SCORES]

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.session = session
        if session.format != LearningFormat.TURN_THE_CURVE:
            for name in SCORES:
                del self.fields[name]
            return
        for name in SCORES:
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label,
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                help_text=_("From 1 (low) to 5 (high)."),
            )


class AdoptForm(SharedActionForm):
    """The shared action a "now what" line becomes: its title and owner proposed from the session."""

    def __init__(self, *args, now_what, initiative, **kwargs):
        session = now_what.session
        initial = {
            "title_fr": now_what.text_fr,
            "title_en": now_what.text_en,
            "owner_body": session.body_id,
            "status": "todo",
        }
        super().__init__(*args, initial=initial, initiative=initiative, **kwargs)
        del self.fields["done_on"]
        self.fields["status"].choices = [
            choice for choice in self.fields["status"].choices if choice[0] in ("todo", "doing")
        ]


class InterpretationForm(ModelForm):
    period = PeriodField(label=_("period"), required=False)

    class Meta:
        model = Interpretation
        fields = ["period", "text_fr", "text_en", "session"]

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.indicator = indicator
        self.fields["session"].queryset = LearningSession.objects.filter(
            initiative_id=indicator.initiative_id
        )
        self.fields["session"].label = _("from the learning session")
        self.fields["period"].help_text = _(
            "The period read, as you would write it: 2025, T3 2025…"
        )

    def clean_period(self):
        typed = (self.cleaned_data.get("period") or "").strip()
        if not typed:
            return ""
        indicator = self.instance.indicator
        try:
            return normalize_period(
                typed, indicator.frequency, indicator.initiative.fiscal_year_start
            )
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None


class ConfirmForm(Form):
    confirm = forms.BooleanField(label=_("Replace the frozen figures with today's"), required=True)
