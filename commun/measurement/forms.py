"""Forms of shared measurement: an indicator's definition, the entry grid, the review."""

from decimal import Decimal

from django import forms
from django.db import transaction
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from commun.agenda.models import DataNeed, Outcome
from commun.formatting import format_number, format_period
from commun.formatting.numbers import parse_number
from commun.forms import Form, ModelForm
from commun.initiatives.models import Partner
from commun.measurement.checks import EntryRow, too_many_combinations
from commun.measurement.models import Dimension, Indicator, Target, Territory
from commun.measurement.periods import Frequency, PeriodError, normalize_period
from commun.measurement.review_queue import period_keys


def period_key(text: str, frequency: str | None = None) -> str | None:
    """The canonical key of a period typed by a person, for `frequency` or, without one, for
    whichever frequency reads it; None when none does."""
    for candidate in [frequency] if frequency else list(Frequency):
        try:
            return normalize_period(text, candidate)
        except PeriodError:
            continue
    return None


def shown_period(key: str) -> str:
    """What a period input shows: the reader's way ("T3 2026") when it reads back as the same
    period, else the key itself ("2026-Q3")."""
    written = format_period(key)
    return written if written and period_key(written) == key else key


class PeriodField(forms.CharField):
    """A period, shown the reader's way and read in either language's spelling; the key it
    stands for is checked against the indicator's frequency by the form."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return shown_period(value) if value and period_key(value) == value else value

    def has_changed(self, initial, data):
        typed = (data or "").strip()
        return (period_key(typed) or typed) != (initial or "")


class NumberField(forms.DecimalField):
    """A number typed either language's way ("28,5", "28.5", "3 640"), shown the reader's way."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "size": 10})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            number = parse_number(str(value), get_language())
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None
        return number

    def prepare_value(self, value):
        return format_number(value) if isinstance(value, Decimal) else value

    def widget_attrs(self, widget):
        return {}  # no "step" or "min": the box is text, read by `to_python`


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
                    cleaned["baseline_period"], cleaned["frequency"]
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

    def __init__(self, *args, frequency: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.frequency = frequency
        self.fields["period"].help_text = _("e.g. %(example)s") % {
            "example": shown_period(EXAMPLE_PERIODS.get(frequency, "2030"))
        }

    def validate_unique(self):
        """One target per period is checked by the formset, across the targets sent together."""

    def clean_period(self):
        typed = self.cleaned_data["period"].strip()
        if not self.frequency:
            return typed
        try:
            return normalize_period(typed, self.frequency)
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None


EXAMPLE_PERIODS = {Frequency.YEAR: "2030", Frequency.QUARTER: "2030-Q4", Frequency.MONTH: "2030-12"}


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
        data, instance=indicator, prefix="targets", form_kwargs={"frequency": frequency}
    )


class EntryChoiceForm(Form):
    """Which period and territory the grid shows; the period written the reader's way."""

    period = PeriodField(label=_("Period"))
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = Territory.objects.filter(initiative=initiative)


RATIO_UNITS = {Indicator.Unit.PERCENT, Indicator.Unit.RATE}


class EntryGridForm(Form):
    """One value (and comment) per indicator and breakdown; empty cells are left alone.

    Percentages and rates may instead be given as a numerator and a denominator (n/d fields):
    the value is then computed, and numerator ≤ denominator is checked."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid_rows = rows  # [(indicator, key, label, current observation or None, previous)]
        for index, (indicator, _key, label, current, _previous) in enumerate(rows):
            self.fields[f"v{index}"] = forms.CharField(
                label=f"{indicator.name} — {label}",
                required=False,
                initial=format_number(current.value) if current else "",
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 9}),
            )
            if indicator.unit in RATIO_UNITS:
                for prefix, name, stored in (
                    ("n", _("Numerator"), current and current.numerator),
                    ("d", _("Denominator"), current and current.denominator),
                ):
                    self.fields[f"{prefix}{index}"] = forms.CharField(
                        label=f"{name} — {indicator.name} — {label}",
                        required=False,
                        initial=format_number(stored)
                        if stored is not None and stored != ""
                        else "",
                        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
                    )
            self.fields[f"c{index}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                initial=current.comment if current else "",
                widget=forms.TextInput(attrs={"size": 20}),
            )

    def entry_rows(self) -> tuple[list[EntryRow], dict]:
        """The rows to save, and the cells whose number could not be read."""
        rows, unreadable = [], {}
        for index, (indicator, key, label, _current, _previous) in enumerate(self.grid_rows):
            texts = {p: self.cleaned_data.get(f"{p}{index}", "") or "" for p in ("v", "n", "d")}
            if not any(text.strip() for text in texts.values()):
                continue
            numbers = {}
            for prefix, text in texts.items():
                try:
                    numbers[prefix] = parse_number(text, get_language())
                except ValueError as error:
                    unreadable[f"{prefix}{index}"] = str(error)
            if len(numbers) < 3:
                continue
            rows.append(
                EntryRow(
                    indicator,
                    key,
                    numbers["v"],
                    where=f"{indicator.name} — {label}",
                    numerator=numbers["n"],
                    denominator=numbers["d"],
                    comment=self.cleaned_data.get(f"c{index}", ""),
                    line=index + 1,  # so a refused row's problems come back to its cells
                )
            )
        return rows, unreadable

    def mark_refused(self, problems) -> None:
        """Each problem at the value it refuses (its row's `line`): the message beside the cell,
        and every cell of the row the person filled marked invalid and described by it."""
        for problem in problems:
            if not 0 < problem.line <= len(self.grid_rows):
                continue
            index = problem.line - 1
            self.add_error(f"v{index}", problem.message)
            for name in (f"n{index}", f"d{index}"):
                if name in self.fields and (self.data.get(name) or "").strip():
                    self.fields[name].widget.attrs.update(
                        {"aria-invalid": "true", "aria-describedby": f"id_v{index}_error"}
                    )


class ReturnForm(Form):
    reason = forms.CharField(
        label=_("Why are these values returned?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class ReviewFilterForm(Form):
    """What the review page shows: values waiting (or approved, to reopen), of one partner, one
    indicator, one period, or all."""

    status = forms.ChoiceField(
        label=_("Show"),
        choices=[
            ("submitted", _("Values waiting for review")),
            ("approved", _("Approved values (to reopen)")),
        ],
        required=False,
    )
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.none(),
        required=False,
        empty_label=_("All partners"),
    )
    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.none(),
        required=False,
        empty_label=_("All indicators"),
    )
    period = forms.CharField(
        label=_("Period"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"size": 8, "placeholder": "2025-Q3"}),
    )

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(initiative=initiative)
        self.fields["indicator"].queryset = Indicator.objects.filter(
            initiative=initiative
        ).order_by("code")

    def clean_status(self):
        return self.cleaned_data["status"] or "submitted"

    def clean(self):
        cleaned = super().clean()
        text = (cleaned.get("period") or "").strip()
        cleaned["periods"] = period_keys(text, cleaned.get("indicator")) if text else set()
        if text and not cleaned["periods"]:
            self.add_error(
                "period",
                _("“%(text)s” is not a period (e.g. 2025, 2025-Q3 or 2025-07).") % {"text": text},
            )
        return cleaned


class TerritoryForm(ModelForm):
    class Meta:
        model = Territory
        fields = ["parent", "code", "name_fr", "name_en"]

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.initiative = initiative
        self.fields["parent"].queryset = Territory.objects.filter(initiative=initiative)

    def clean_code(self):
        code = self.cleaned_data["code"]
        clash = Territory.objects.filter(initiative=self.instance.initiative, code=code)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another territory already has this code."))
        return code


class DimensionForm(ModelForm):
    class Meta:
        model = Dimension
        fields = ["code", "name_fr", "name_en"]

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.initiative = initiative

    def clean_code(self):
        code = self.cleaned_data["code"]
        clash = Dimension.objects.filter(initiative=self.instance.initiative, code=code)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another disaggregation already has this code."))
        return code


class CategoryForm(Form):
    code = forms.SlugField(label=_("code"), max_length=30)
    name_fr = forms.CharField(label=_("name (French)"), max_length=100)
    name_en = forms.CharField(label=_("name (English)"), max_length=100, required=False)
