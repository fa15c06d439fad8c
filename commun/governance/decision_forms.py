"""The forms of decisions: the decision itself, an option, opening, a stance, the outcome, an
action arising, and the decision log's filters."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commun.activities.models import Activity
from commun.agenda.models import CanvasKey, Strategy
from commun.forms import Form, IsoDateInput, IsoDateTimeInput, ModelForm
from commun.governance.decision_log import LogFilters
from commun.governance.decisions import ActionArising
from commun.governance.models import Decision, DecisionKind, Meeting
from commun.initiatives.models import GovernanceBody
from commun.measurement.models import Indicator
from commun.people.models import User


class DecisionForm(ModelForm):
    canvas = forms.ChoiceField(
        label=_("canvas"), choices=[("", "—"), *CanvasKey.choices], required=False
    )

    class Meta:
        model = Decision
        fields = [
            "title_fr",
            "title_en",
            "kind",
            "max_score",
            "proposal_fr",
            "proposal_en",
            "meeting",
            "canvas",
            "indicator",
            "activity",
            "published",
        ]
        help_texts = {
            "max_score": _("For a scored choice: each option is given 0 to this score."),
            "published": _("Observers see published decisions only."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        decision = self.instance
        initiative = decision.body.initiative
        self.fields["meeting"].queryset = Meeting.objects.filter(body=decision.body)
        self.fields["indicator"].queryset = Indicator.objects.filter(initiative=initiative)
        self.fields["activity"].queryset = Activity.objects.filter(initiative=initiative)
        if decision.pk and decision.status != Decision.Status.DRAFT:
            # The kind and the scale are fixed once members may vote.
            self.fields["kind"].disabled = True
            self.fields["max_score"].disabled = True

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == DecisionKind.SCORE and not cleaned.get("max_score"):
            self.add_error("max_score", _("Give the highest score of a scored choice."))
        return cleaned


class OptionForm(Form):
    name_fr = forms.CharField(label=_("option (French)"), max_length=200)
    name_en = forms.CharField(label=_("option (English)"), max_length=200, required=False)


class OpenForm(Form):
    closes_at = forms.DateTimeField(label=_("closes at"), widget=IsoDateTimeInput())

    def __init__(self, *args, **kwargs):
        in_a_week = timezone.localtime() + timedelta(days=7)
        kwargs.setdefault("initial", {"closes_at": in_a_week.replace(second=0, microsecond=0)})
        super().__init__(*args, **kwargs)

    def clean_closes_at(self):
        closes_at = self.cleaned_data["closes_at"]
        if closes_at <= timezone.now():
            raise forms.ValidationError(_("The closing time must be in the future."))
        return closes_at


class StanceForm(Form):
    """A stance as the decision's kind asks: one option, a score per option, or a rank per
    option; and the reason."""

    def __init__(self, *args, decision: Decision, options, current: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.decision, self.options = decision, options
        if decision.kind in (DecisionKind.SCORE, DecisionKind.RANKED):
            top = decision.max_score or 0
            ranks = [(str(n), str(n)) for n in range(1, len(options) + 1)]
            for option in options:
                name = f"option_{option.pk}"
                if decision.kind == DecisionKind.SCORE:
                    self.fields[name] = forms.IntegerField(
                        label=option.name, min_value=0, max_value=top
                    )
                else:
                    self.fields[name] = forms.TypedChoiceField(
                        label=option.name, choices=ranks, coerce=int
                    )
                self.fields[name].initial = current.get(option.pk)
        else:
            chosen = next(iter(current), None)
            self.fields["option"] = forms.TypedChoiceField(
                label=_("Your stance"),
                choices=[(str(o.pk), o.name) for o in options],
                coerce=int,
                widget=forms.RadioSelect,
                initial=str(chosen) if chosen else None,
            )
        self.fields["reason"] = forms.CharField(
            label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False
        )

    def clean(self):
        cleaned = super().clean()
        if self.decision.kind == DecisionKind.RANKED and not self.errors:
            ranks = [cleaned[f"option_{o.pk}"] for o in self.options]
            if len(set(ranks)) != len(ranks):
                raise forms.ValidationError(
                    _("Rank each option once: 1 for your first choice, then 2…")
                )
        return cleaned

    def values(self) -> dict[int, int]:
        if "option" in self.fields:
            return {self.cleaned_data["option"]: 1}
        return {o.pk: self.cleaned_data[f"option_{o.pk}"] for o in self.options}


class OutcomeForm(ModelForm):
    class Meta:
        model = Decision
        fields = ["outcome_fr", "outcome_en", "review_on"]
        widgets = {"review_on": IsoDateInput()}

    def clean_outcome_fr(self):
        outcome = self.cleaned_data["outcome_fr"]
        if not (outcome or "").strip():
            raise forms.ValidationError(_("Write the outcome in French."))
        return outcome


class ActionForm(Form):
    title_fr = forms.CharField(label=_("action (French)"), max_length=300)
    title_en = forms.CharField(label=_("action (English)"), max_length=300, required=False)
    due = forms.DateField(label=_("due date"), widget=IsoDateInput())
    strategy = forms.ModelChoiceField(
        label=_("strategy served"),
        queryset=Strategy.objects.none(),
        required=False,
        help_text=_("When the strategy's roles name one responsible, they own the action."),
    )
    owner_body = forms.ModelChoiceField(
        label=_("owner (body)"), queryset=GovernanceBody.objects.none(), required=False
    )
    owner_person = forms.ModelChoiceField(
        label=_("owner (person)"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, decision: Decision, **kwargs):
        super().__init__(*args, **kwargs)
        initiative = decision.body.initiative
        self.fields["strategy"].queryset = Strategy.objects.filter(initiative=initiative)
        self.fields["owner_body"].queryset = GovernanceBody.objects.filter(initiative=initiative)
        self.fields["owner_body"].initial = decision.body.pk
        self.fields["owner_person"].queryset = User.objects.filter(
            memberships__initiative=initiative
        ).order_by("full_name")

    def arising(self) -> ActionArising:
        return ActionArising(**self.cleaned_data)


class DecisionLogForm(Form):
    text = forms.CharField(label=_("Search"), required=False)
    body = forms.ModelChoiceField(
        label=_("Body"),
        queryset=GovernanceBody.objects.none(),
        required=False,
        empty_label=_("All bodies"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *Decision.Status.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All")), *DecisionKind.choices], required=False
    )
    concerns = forms.ChoiceField(
        label=_("Concerns"),
        choices=[
            ("", _("Anything")),
            ("canvas", _("a canvas")),
            ("indicator", _("an indicator")),
            ("activity", _("an activity")),
        ],
        required=False,
    )
    since = forms.DateField(label=_("From"), required=False, widget=IsoDateInput())
    until = forms.DateField(label=_("To"), required=False, widget=IsoDateInput())

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = GovernanceBody.objects.filter(initiative=initiative)

    def filters(self) -> LogFilters:
        if not self.is_valid():
            return LogFilters()
        return LogFilters(**{k: v for k, v in self.cleaned_data.items() if v not in (None, "")})
