"""Forms of shared measurement: an indicator's definition, the entry grid, the review."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commun.agenda.models import DataNeed, Outcome
from commun.formatting.numbers import parse_number, plain_number
from commun.initiatives.models import Partner
from commun.measurement.checks import EntryRow, too_many_combinations
from commun.measurement.models import Dimension, Indicator, Territory
from commun.measurement.periods import PeriodError, normalize_period


class IndicatorForm(forms.ModelForm):
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
        return cleaned


class EntryChoiceForm(forms.Form):
    """Which period and territory the grid shows."""

    period = forms.CharField(label=_("Period"), max_length=10)
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = Territory.objects.filter(initiative=initiative)


RATIO_UNITS = {Indicator.Unit.PERCENT, Indicator.Unit.RATE}


class EntryGridForm(forms.Form):
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
                initial=plain_number(current.value) if current else "",
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
                        initial=plain_number(stored) if stored is not None and stored != "" else "",
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
                    numbers[prefix] = parse_number(text)
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
                )
            )
        return rows, unreadable


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are these values returned?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class TerritoryForm(forms.ModelForm):
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


class DimensionForm(forms.ModelForm):
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


class CategoryForm(forms.Form):
    code = forms.SlugField(label=_("code"), max_length=30)
    name_fr = forms.CharField(label=_("name (French)"), max_length=100)
    name_en = forms.CharField(label=_("name (English)"), max_length=100, required=False)
