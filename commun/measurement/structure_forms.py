"""The initiative's measurement structure: its territories and its disaggregations (a dimension and
its categories), each with a code unique in the initiative."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commun.forms import Form, ModelForm
from commun.measurement.models import Dimension, Territory


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

    def clean_parent(self):
        parent = self.cleaned_data["parent"]
        if parent is not None and self.instance.pk and self.instance.contains(parent):
            raise forms.ValidationError(
                _("“%(parent)s” is part of “%(name)s”: it cannot hold it.")
                % {"parent": parent.name, "name": self.instance.name}
            )
        return parent


class AliasForm(Form):
    name = forms.CharField(label=_("other name"), max_length=150)


class TerritoryFileForm(Form):
    file = forms.FileField(label=_("File (CSV or Excel .xlsx)"))


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
