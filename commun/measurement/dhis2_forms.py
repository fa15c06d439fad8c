"""The DHIS2 mapping tables' form: one DHIS2 id and what it means in the initiative."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commun.forms import ModelForm
from commun.initiatives.models import Partner
from commun.measurement.aggregation import breakdown_key
from commun.measurement.models import Dhis2Mapping, Dimension, Indicator, Territory

Kind = Dhis2Mapping.Kind
ALL = ""  # a dimension's choice meaning "every category": the total, or a margin


class MappingForm(ModelForm):
    """Kind, DHIS2 id, its name, and the target its kind asks for: an indicator, a territory, a
    partner, or a breakdown (one category per disaggregation, or all of them: the total)."""

    class Meta:
        model = Dhis2Mapping
        fields = ["kind", "dhis2_id", "name", "indicator", "territory", "partner"]
        labels = {
            "indicator": _("indicator (for a data element)"),
            "territory": _("territory (for an organisation unit)"),
            "partner": _("partner (for an attribute option combo)"),
        }

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.initiative = initiative
        self.was_mapped = self.instance.pk is not None and self.instance.mapped
        self.fields["indicator"].queryset = Indicator.objects.filter(initiative=initiative)
        self.fields["territory"].queryset = Territory.objects.filter(initiative=initiative)
        self.fields["partner"].queryset = Partner.objects.filter(initiative=initiative)
        self.dimensions = list(
            Dimension.objects.filter(initiative=initiative).prefetch_related("categories")
        )
        chosen = dict(
            part.split("=", 1) for part in self.instance.breakdown.split(";") if "=" in part
        )
        for dimension in self.dimensions:
            self.fields[f"dim_{dimension.code}"] = forms.ChoiceField(
                label=_("%(dimension)s (for a category option combo)")
                % {"dimension": dimension.name},
                choices=[(ALL, _("All (not broken down)"))]
                + [(c.code, c.name) for c in dimension.categories.all()],
                required=False,
                initial=chosen.get(dimension.code, ALL),
            )

    def clean_dhis2_id(self):
        return self.cleaned_data["dhis2_id"].strip()

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        needed = {
            Kind.DATA_ELEMENT: "indicator",
            Kind.ORG_UNIT: "territory",
            Kind.ATTRIBUTE_OPTION_COMBO: "partner",
        }.get(kind)
        if needed and not data.get(needed):
            self.add_error(needed, _("Choose what this DHIS2 id stands for."))
        same = Dhis2Mapping.objects.filter(
            initiative=self.instance.initiative, kind=kind, dhis2_id=data.get("dhis2_id")
        )
        if kind and same.exclude(pk=self.instance.pk).exists():
            self.add_error("dhis2_id", _("This DHIS2 id is already mapped."))
        return data

    def save(self, commit=True):
        mapping = self.instance
        kind = self.cleaned_data["kind"]
        # Only the target of its kind is kept: a row changed from one kind to another keeps
        # nothing of the other.
        if kind != Kind.DATA_ELEMENT:
            mapping.indicator = None
        if kind != Kind.ORG_UNIT:
            mapping.territory = None
        if kind != Kind.ATTRIBUTE_OPTION_COMBO:
            mapping.partner = None
        mapping.breakdown = (
            breakdown_key(
                {
                    d.code: self.cleaned_data[f"dim_{d.code}"]
                    for d in self.dimensions
                    if self.cleaned_data.get(f"dim_{d.code}")
                }
            )
            if kind == Kind.CATEGORY_OPTION_COMBO
            else ""
        )
        mapping.mapped = True
        if commit and mapping.pk and not self.was_mapped:
            mapping.save()  # an id to map, mapped: saved even as the form proposed it
            return mapping
        return super().save(commit)
