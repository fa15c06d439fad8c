"""Reviewing values: which values the review page shows, and why values are returned."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commun.forms import Form
from commun.initiatives.models import Partner
from commun.measurement.models import Indicator
from commun.measurement.review_queue import period_keys


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
        max_length=40,  # as people write it: "exercice 2023-2024", "semaine 5 de 2026"
        widget=forms.TextInput(attrs={"size": 8, "placeholder": "2025-Q3"}),
    )

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fiscal_start = initiative.fiscal_year_start
        self.fields["partner"].queryset = Partner.objects.filter(initiative=initiative)
        self.fields["indicator"].queryset = Indicator.objects.filter(
            initiative=initiative
        ).order_by("code")

    def clean_status(self):
        return self.cleaned_data["status"] or "submitted"

    def clean(self):
        cleaned = super().clean()
        text = (cleaned.get("period") or "").strip()
        cleaned["periods"] = (
            period_keys(text, cleaned.get("indicator"), self.fiscal_start) if text else set()
        )
        if text and not cleaned["periods"]:
            self.add_error(
                "period",
                _("“%(text)s” is not a period (e.g. 2025, 2025-Q3 or 2025-07).") % {"text": text},
            )
        return cleaned
