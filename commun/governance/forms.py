"""The forms of role clarification: a decision area's name, and one area's roles."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commun.forms import Form, ModelForm
from commun.governance.models import Letter, RoleArea
from commun.governance.roles import KINDS, Holder, RolesRefused, check_roles

KIND_TITLES = {
    "body": _("Governance bodies"),
    "partner": _("Partners"),
    "person": _("People"),
}


class DecisionAreaForm(ModelForm):
    class Meta:
        model = RoleArea
        fields = ["area_fr", "area_en"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area_fr"].required = True


def field_name(holder: Holder) -> str:
    return holder.key.replace(":", "_")


class RolesForm(Form):
    """A role (or none) for each possible holder; exactly one accountable."""

    def __init__(self, *args, holders: list[Holder], current: dict[str, str], **kwargs):
        initial = {field_name(h): current.get(h.key, "") for h in holders}
        super().__init__(*args, initial=initial, **kwargs)
        self.holders = holders
        for holder in holders:
            self.fields[field_name(holder)] = forms.ChoiceField(
                label=holder.name,
                choices=[("", "—"), *Letter.choices],
                required=False,
            )

    def chosen(self) -> dict[str, str]:
        """{holder key: letter} of the holders given a role."""
        return {
            h.key: self.cleaned_data[field_name(h)]
            for h in self.holders
            if self.cleaned_data.get(field_name(h))
        }

    def clean(self):
        cleaned = super().clean()
        try:
            check_roles(self.chosen(), {h.key: h.name for h in self.holders})
        except RolesRefused as refused:
            raise forms.ValidationError(str(refused)) from refused
        return cleaned

    def groups(self):
        """[(title, [bound fields])] by kind of holder, the kinds that have holders."""
        return [
            (KIND_TITLES[kind], [self[field_name(h)] for h in self.holders if h.kind == kind])
            for kind in KINDS
            if any(h.kind == kind for h in self.holders)
        ]
