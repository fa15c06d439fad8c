"""Forms of mutually reinforcing activities: an activity, a junction, a shared action, filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commun.activities.models import Activity, Junction, Population, SharedAction
from commun.agenda.models import Lever, Outcome, Strategy
from commun.formatting.sorting import dictionary_order
from commun.forms import Form, IsoDateInput, ModelForm
from commun.initiatives.models import GovernanceBody, Partner
from commun.measurement.models import Indicator, Territory
from commun.people.models import User

CHECKBOXES = forms.CheckboxSelectMultiple


class ActivityForm(ModelForm):
    """A partner editor's activity always keeps the editor's own organization among its partners."""

    class Meta:
        model = Activity
        fields = [
            "name_fr",
            "name_en",
            "description_fr",
            "description_en",
            "status",
            "partners",
            "starts",
            "ends",
            "strategies",
            "outcomes",
            "levers",
            "populations",
            "audience_fr",
            "audience_en",
            "territories",
            "indicators",
            "resources_fr",
            "resources_en",
            "annual_budget",
        ]
        widgets = {
            "description_fr": forms.Textarea(attrs={"rows": 3, "lang": "fr"}),
            "description_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
            "resources_fr": forms.Textarea(attrs={"rows": 2, "lang": "fr"}),
            "resources_en": forms.Textarea(attrs={"rows": 2, "lang": "en"}),
            "starts": IsoDateInput(),
            "ends": IsoDateInput(),
            "partners": CHECKBOXES,
            "strategies": CHECKBOXES,
            "outcomes": CHECKBOXES,
            "levers": CHECKBOXES,
            "populations": CHECKBOXES,
            "territories": CHECKBOXES,
            "indicators": CHECKBOXES,
        }
        help_texts = {
            "levers": _("The priority changes of the common agenda this activity acts on."),
            "indicators": _(
                "The shared indicators that measure how much, how well, who is better off."
            ),
            "annual_budget": _("In dollars per year, if partners agree to share it."),
        }

    def __init__(self, *args, initiative, own_partner: Partner | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.initiative = initiative
        self.own_partner = own_partner
        here = {"initiative": initiative}
        self.fields["partners"].queryset = Partner.objects.filter(**here)
        self.fields["strategies"].queryset = Strategy.objects.filter(**here)
        self.fields["outcomes"].queryset = Outcome.objects.filter(**here)
        self.fields["levers"].queryset = Lever.objects.filter(**here).order_by(
            "-is_priority", "position", "pk"
        )
        self.fields["populations"].queryset = Population.objects.filter(**here)
        self.fields["territories"].queryset = Territory.objects.filter(**here)
        self.fields["territories"].label_from_instance = lambda t: "\u2003" * t.depth + t.name
        self.fields["indicators"].queryset = Indicator.objects.filter(**here).exclude(
            status=Indicator.Status.DRAFT
        )
        if own_partner and not self.instance.pk:
            self.initial.setdefault("partners", [own_partner.pk])

    def clean_partners(self):
        partners = self.cleaned_data["partners"]
        if self.own_partner and self.own_partner not in partners:
            raise forms.ValidationError(
                _("Your organization must stay among the partners running this activity.")
            )
        return partners

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts and ends and ends < starts:
            self.add_error("ends", _("The end date comes before the start date."))
        return cleaned


class JunctionForm(ModelForm):
    class Meta:
        model = Junction
        fields = ["kind", "target", "note_fr", "note_en"]

    def __init__(self, *args, source: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.initiative = source.initiative
        self.instance.source = source
        self.fields["target"].queryset = (
            Activity.objects.filter(initiative=source.initiative)
            .exclude(pk=source.pk)
            .order_by(dictionary_order("name"))
        )
        self.fields["target"].label = _("Activity")

    def clean(self):
        cleaned = super().clean()
        target, kind = cleaned.get("target"), cleaned.get("kind")
        if target and kind:
            exists = Junction.objects.filter(source=self.instance.source, target=target, kind=kind)
            if exists.exists():
                raise forms.ValidationError(_("This junction is already declared."))
        return cleaned


class SharedActionForm(ModelForm):
    class Meta:
        model = SharedAction
        fields = [
            "title_fr",
            "title_en",
            "owner_body",
            "owner_person",
            "partner",
            "strategy",
            "due",
            "status",
            "done_on",
        ]
        widgets = {
            "due": IsoDateInput(),
            "done_on": IsoDateInput(),
        }

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.initiative = initiative
        self.fields["owner_body"].queryset = GovernanceBody.objects.filter(initiative=initiative)
        self.fields["owner_person"].queryset = User.objects.filter(
            memberships__initiative=initiative
        )
        self.fields["partner"].queryset = Partner.objects.filter(initiative=initiative)
        self.fields["strategy"].queryset = Strategy.objects.filter(initiative=initiative)


class PopulationForm(ModelForm):
    class Meta:
        model = Population
        fields = ["name_fr", "name_en"]

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.initiative = initiative

    def clean_name_fr(self):
        name = self.cleaned_data["name_fr"].strip()
        clash = Population.objects.filter(initiative=self.instance.initiative, name_fr__iexact=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This population is already in the list."))
        return name


class PlanFilterForm(Form):
    body = forms.ModelChoiceField(
        queryset=GovernanceBody.objects.none(),
        required=False,
        label=_("Body"),
        empty_label=_("All bodies"),
    )
    partner = forms.ModelChoiceField(
        queryset=Partner.objects.none(),
        required=False,
        label=_("Partner"),
        empty_label=_("All partners"),
    )
    status = forms.ChoiceField(required=False, label=_("Status"))

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = GovernanceBody.objects.filter(initiative=initiative)
        self.fields["partner"].queryset = Partner.objects.filter(
            initiative=initiative, shared_actions__isnull=False
        ).distinct()
        self.fields["status"].choices = [
            ("", _("Any status")),
            ("open", _("Open (to do or in progress)")),
            ("overdue", _("Overdue")),
            *SharedAction.Status.choices,
        ]
