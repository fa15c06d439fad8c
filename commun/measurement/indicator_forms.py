"""Defining an indicator: what it measures, how its values add up, who reports it, and the
targets it is meant to reach (saved together, without history rows for what did not change)."""

from datetime import date

from django import forms
from django.db import transaction
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from commun.agenda.models import DataNeed, Outcome
from commun.forms import ModelForm
from commun.initiatives.models import Partner
from commun.measurement.checks import too_many_combinations
from commun.measurement.forms import NumberField, PeriodField, shown_period
from commun.measurement.models import Dimension, Indicator, Target
from commun.measurement.periods import FISCAL, Frequency, PeriodError, normalize_period, period_of


class IndicatorForm(ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name_fr",
            "name_en",
            "definition_fr",
            "definition_en",
            "kind",
            "question",
            "unit",
            "rate_per",
            "direction",
            "band_low",
            "band_high",
            "aggregation",
            "numerator",
            "denominator",
            "decimals",
            "source_fr",
            "source_en",
            "frequency",
            "reporting_partners",
            "dimensions",
            "baseline_period",
            "baseline_value",
            "visibility",
            "status",
            "outcome",
            "data_need",
        ]
        widgets = {
            "definition_fr": forms.Textarea(attrs={"rows": 3, "lang": "fr"}),
            "definition_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
            "reporting_partners": forms.CheckboxSelectMultiple,
            "dimensions": forms.CheckboxSelectMultiple,
        }
        field_classes = {"baseline_period": PeriodField, "baseline_value": NumberField}
        help_texts = {
            "aggregation": _(
                "How partners' values add up into one figure. Sum: counts and amounts (people "
                "served, dollars). Mean: scores. Weighted mean: percentages and rates over groups "
                "of different sizes (each value with its weight). A percentage or a rate given as "
                "numerator and denominator counts, with the mean or the weighted mean, as the sum "
                "of the numerators over the sum of the denominators (10/100 and 900/1000 make "
                "82.7%, not 50%). Latest value: one source that revises its own figure (an "
                "estimate, a census rate). Ratio of two indicators: a percentage computed from "
                "two indicators of the initiative."
            ),
            "baseline_period": _("The period the baseline describes, e.g. 2021 or Q3 2021."),
        }

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.initiative = initiative
        others = Indicator.objects.filter(initiative=initiative).exclude(
            aggregation=Indicator.Aggregation.RATIO
        )
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["numerator"].queryset = others
        self.fields["denominator"].queryset = others
        self.fields["reporting_partners"].queryset = Partner.objects.filter(initiative=initiative)
        self.fields["dimensions"].queryset = Dimension.objects.filter(initiative=initiative)
        self.fields["outcome"].queryset = Outcome.objects.filter(initiative=initiative)
        self.fields["data_need"].queryset = DataNeed.objects.filter(initiative=initiative)

    def clean_code(self):
        code = self.cleaned_data["code"]
        clash = Indicator.objects.filter(initiative=self.instance.initiative, code=code)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another indicator already has this code."))
        return code

    def clean_baseline_period(self):
        return self.cleaned_data["baseline_period"].strip()

    def frequency(self) -> str:
        """The frequency the indicator will have (as sent, or as it is)."""
        return self.cleaned_data.get("frequency") or self.instance.frequency

    def clean(self):
        cleaned = super().clean()
        kind, question = cleaned.get("kind"), cleaned.get("question")
        if kind == Indicator.Kind.PERFORMANCE and not question:
            self.add_error(
                "question", _("A performance measure answers one of the three questions.")
            )
        if kind == Indicator.Kind.POPULATION:
            cleaned["question"] = ""
        if cleaned.get("unit") == Indicator.Unit.RATE and not cleaned.get("rate_per"):
            self.add_error("rate_per", _("Say per how many people (e.g. 1000)."))
        if cleaned.get("direction") == Indicator.Direction.BAND:
            low, high = cleaned.get("band_low"), cleaned.get("band_high")
            if low is None or high is None or low > high:
                self.add_error("band_high", _("Give the low and high ends of the band, in order."))
        if cleaned.get("aggregation") == Indicator.Aggregation.SUM and cleaned.get("unit") in (
            Indicator.Unit.PERCENT,
            Indicator.Unit.RATE,
        ):
            self.add_error(
                "aggregation",
                _(
                    "Percentages and rates do not add up: choose the mean, the weighted mean, "
                    "the latest value or a ratio of two indicators."
                ),
            )
        if cleaned.get("aggregation") == Indicator.Aggregation.RATIO:
            num, den = cleaned.get("numerator"), cleaned.get("denominator")
            if not num or not den or num == den:
                self.add_error("denominator", _("A ratio needs two different indicators."))
        else:
            cleaned["numerator"] = cleaned["denominator"] = None
        dimensions = cleaned.get("dimensions")
        if dimensions is not None:
            problem = too_many_combinations(dimensions)
            if problem:
                self.add_error("dimensions", problem)
        if cleaned.get("baseline_period") and cleaned.get("frequency"):
            try:
                cleaned["baseline_period"] = normalize_period(
                    cleaned["baseline_period"],
                    cleaned["frequency"],
                    self.instance.initiative.fiscal_year_start,
                )
            except PeriodError as error:
                self.add_error("baseline_period", str(error))
        if cleaned.get("baseline_value") is not None and not cleaned.get("baseline_period"):
            self.add_error("baseline_period", _("Say which period the baseline describes."))
        return cleaned


class TargetForm(ModelForm):
    """One target: a period of the indicator's frequency, a value, why (in both languages)."""

    class Meta:
        model = Target
        fields = ["period", "value", "note_fr", "note_en"]
        field_classes = {"period": PeriodField, "value": NumberField}
        widgets = {
            "note_fr": forms.TextInput(attrs={"lang": "fr"}),
            "note_en": forms.TextInput(attrs={"lang": "en"}),
        }
        labels = {"value": _("Value")}
        error_messages = {"value": {"required": _("Give the target's value.")}}

    def __init__(self, *args, frequency: str | None = None, fiscal_start: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        self.frequency, self.fiscal_start = frequency, fiscal_start
        self.fields["period"].help_text = _("e.g. %(example)s") % {
            "example": shown_period(example_target_period(frequency, fiscal_start))
        }

    def validate_unique(self):
        """One target per period is checked by the formset, across the targets sent together."""

    def clean_period(self):
        typed = self.cleaned_data["period"].strip()
        if not self.frequency:
            return typed
        try:
            return normalize_period(typed, self.frequency, self.fiscal_start)
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None


EXAMPLE_PERIODS = {
    Frequency.YEAR: "2030",
    Frequency.HALF_YEAR: "2030-H2",
    Frequency.QUARTER: "2030-Q4",
    Frequency.MONTH: "2030-12",
    Frequency.WEEK: "2030-W52",
}


def example_target_period(frequency: str | None, fiscal_start: int) -> str:
    """A period of `frequency` in 2030, the year targets often aim at."""
    if frequency in FISCAL:
        return period_of(date(2030, fiscal_start, 1), frequency, fiscal_start)
    return EXAMPLE_PERIODS.get(frequency, "2030")


class BaseTargetFormSet(BaseInlineFormSet):
    def clean(self):
        """Two targets for one period are refused at the second one, by name, not by code."""
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            if (not form.has_changed() and not form.instance.pk) or self._should_delete_form(form):
                continue
            period = form.cleaned_data.get("period")
            if period in seen:
                form.add_error("period", _("Another target already has this period."))
            seen.add(period)
        if not any(self.errors):
            super().clean()

    def save_all(self) -> None:
        """Removals first, so a period freed in the same save can be taken by another target."""
        kept = self.save(commit=False)
        for target in self.deleted_objects:
            target.delete()
        for target in kept:
            target.indicator = self.instance
            target.save()


TargetFormSet = inlineformset_factory(
    Indicator, Target, form=TargetForm, formset=BaseTargetFormSet, extra=2, can_delete=True
)


@transaction.atomic
def save_indicator(form: IndicatorForm, targets: BaseTargetFormSet) -> Indicator:
    """Write what changed of the definition and of the targets, and nothing else: a form sent
    back unchanged adds no row to the history."""
    indicator = form.save() if form.has_changed() or not form.instance.pk else form.instance
    targets.instance = indicator
    targets.save_all()
    return indicator


def target_formset(indicator: Indicator, frequency: str | None, data=None) -> BaseTargetFormSet:
    return TargetFormSet(
        data,
        instance=indicator,
        prefix="targets",
        form_kwargs={
            "frequency": frequency,
            "fiscal_start": indicator.initiative.fiscal_year_start,
        },
    )
