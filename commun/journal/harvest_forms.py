"""The form of a harvest campaign."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commun.forms import IsoDateInput, ModelForm
from commun.initiatives.models import GovernanceBody, Partner
from commun.journal.models import HarvestCampaign


class HarvestForm(ModelForm):
    class Meta:
        model = HarvestCampaign
        fields = [
            "title_fr",
            "title_en",
            "instructions_fr",
            "instructions_en",
            "period_start",
            "period_end",
            "deadline",
            "partners",
            "bodies",
            "remind_days_before",
        ]
        widgets = {
            "period_start": IsoDateInput(),
            "period_end": IsoDateInput(),
            "deadline": IsoDateInput(),
            "partners": forms.CheckboxSelectMultiple(),
            "bodies": forms.CheckboxSelectMultiple(),
            "instructions_fr": forms.Textarea(attrs={"rows": 4}),
            "instructions_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Partner.objects.filter(initiative=initiative)
        self.fields["bodies"].queryset = GovernanceBody.objects.filter(initiative=initiative)

    def clean(self):
        cleaned = super().clean()
        start, end, deadline = (cleaned.get(k) for k in ("period_start", "period_end", "deadline"))
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        if start and deadline and deadline < start:
            self.add_error("deadline", _("The deadline comes before the period starts."))
        if not cleaned.get("partners") and not cleaned.get("bodies"):
            self.add_error(None, _("Ask at least one partner or one body."))
        return cleaned
