"""The forms of observed outcomes: reporting one, its evidence, and the journal's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commun.activities.models import Activity
from commun.agenda.models import Outcome, Strategy
from commun.formatting.sorting import dictionary_order
from commun.forms import Form, IsoDateInput, ModelForm
from commun.initiatives.models import Partner
from commun.journal.journal_reading import JournalFilters
from commun.journal.models import (
    ActorKind,
    ChangeKind,
    Evidence,
    HarvestCampaign,
    ObservedOutcome,
    ProgressMarker,
    SocialActor,
)
from commun.journal.outcomes import MAX_DOCUMENT_BYTES
from commun.measurement.models import Territory


def yes_no(label, yes, no):
    return forms.TypedChoiceField(
        label=label,
        choices=[("True", yes), ("False", no)],
        coerce=lambda value: value in (True, "True"),  # the stored value, or as sent
        widget=forms.RadioSelect,
    )


class OutcomeForm(ModelForm):
    """A change reported in minutes, on a phone: who changed, what, when, where, why it matters,
    how the initiative contributed, and the progress markers it shows."""

    new_actor_name = forms.CharField(
        label=_("or a new actor's name"),
        max_length=200,
        required=False,
        help_text=_("When the actor is not in the list: it is added to the initiative's actors."),
    )
    new_actor_kind = forms.ChoiceField(
        label=_("the new actor is"), choices=[("", "—"), *ActorKind.choices], required=False
    )
    positive = yes_no(_("Positive or negative"), _("A positive change"), _("A negative change"))
    intended = yes_no(_("Intended or not"), _("Intended"), _("Not intended"))

    class Meta:
        model = ObservedOutcome
        fields = [
            "actor",
            "new_actor_name",
            "new_actor_kind",
            "kind",
            "title_fr",
            "title_en",
            "description_fr",
            "description_en",
            "observed_on",
            "territories",
            "significance_fr",
            "significance_en",
            "contribution_fr",
            "contribution_en",
            "activities",
            "partners",
            "strategies",
            "intended_outcome",
            "positive",
            "intended",
            "markers",
            "campaign",
            "partner",
        ]
        widgets = {
            "observed_on": IsoDateInput(),
            "description_fr": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "significance_fr": forms.Textarea(attrs={"rows": 3}),
            "significance_en": forms.Textarea(attrs={"rows": 3}),
            "contribution_fr": forms.Textarea(attrs={"rows": 3}),
            "contribution_en": forms.Textarea(attrs={"rows": 3}),
            "markers": forms.CheckboxSelectMultiple,
            "strategies": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "title_fr": _("Write in French, in English or in both."),
            "markers": _("Only the markers of the actor chosen above count."),
        }

    def __init__(self, *args, for_partner: bool = False, markers_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        initiative = self.instance.initiative
        mine = {"initiative": initiative}
        fields = self.fields
        fields["actor"].required = False
        fields["actor"].queryset = SocialActor.objects.filter(**mine).order_by(
            dictionary_order("name")
        )
        fields["title_fr"].required = False
        fields["territories"].queryset = Territory.objects.filter(**mine)
        fields["activities"].queryset = Activity.objects.filter(**mine).order_by(
            dictionary_order("name")
        )
        partners = Partner.objects.filter(**mine).order_by(dictionary_order("name"))
        fields["partners"].queryset = partners
        fields["strategies"].queryset = Strategy.objects.filter(**mine)
        fields["intended_outcome"].queryset = Outcome.objects.filter(**mine)
        fields["campaign"].queryset = HarvestCampaign.objects.filter(**mine)
        markers = ProgressMarker.objects.filter(actor__initiative=initiative).select_related(
            "actor"
        )
        fields["markers"].queryset = markers
        fields["markers"].choices = grouped_markers(markers)
        if markers_url:  # choosing the actor shows its markers only (htmx)
            fields["actor"].widget.attrs.update(
                {
                    "hx-get": markers_url,
                    "hx-target": "#outcome-markers",
                    "hx-trigger": "change",
                    "hx-swap": "innerHTML",
                }
            )
        if for_partner:
            del fields["partner"]
        else:
            fields["partner"].queryset = partners
            fields["partner"].help_text = _("Leave empty for the backbone's own outcomes.")
        for name in ("territories", "activities", "partners"):
            fields[name].widget.attrs["size"] = 6

    GROUPS = [
        (
            _("What changed"),
            [
                "actor",
                "new_actor_name",
                "new_actor_kind",
                "kind",
                "title_fr",
                "title_en",
                "observed_on",
                "positive",
                "intended",
            ],
        ),
        (_("In more words"), ["description_fr", "description_en", "territories"]),
        (_("Why it matters"), ["significance_fr", "significance_en"]),
        (
            _("How the initiative contributed"),
            [
                "contribution_fr",
                "contribution_en",
                "activities",
                "partners",
                "strategies",
                "intended_outcome",
            ],
        ),
        (_("Progress markers"), ["markers"]),
        (_("Harvest and partner"), ["campaign", "partner"]),
    ]

    def groups(self) -> list[dict]:
        """The fields in the order a person fills them: the first group always open, the others
        folded unless they hold a value or an error."""
        shown = []
        for order, (title, names) in enumerate(self.GROUPS):
            fields = [self[name] for name in names if name in self.fields]
            if not fields:
                continue
            filled = any(f.errors or (f.value() not in (None, "", [], ())) for f in fields)
            shown.append({"title": title, "fields": fields, "open": order == 0 or filled})
        return shown

    def clean(self):
        cleaned = super().clean()
        actor, new_name = cleaned.get("actor"), cleaned.get("new_actor_name", "").strip()
        if actor and new_name:
            self.add_error("new_actor_name", _("Choose an actor or name a new one, not both."))
        elif not actor and not new_name:
            self.add_error("actor", _("Say who changed: choose an actor or name a new one."))
        elif new_name and not cleaned.get("new_actor_kind"):
            self.add_error("new_actor_kind", _("Say what kind of actor it is."))
        cleaned["new_actor_name"] = new_name
        if not cleaned.get("title_fr") and not cleaned.get("title_en"):
            self.add_error("title_fr", _("Say in one line what changed, in French or English."))
        elif not cleaned.get("title_fr"):
            cleaned["title_fr"] = cleaned["title_en"]  # the required column holds what was given
        strays = [m for m in cleaned.get("markers") or [] if m.actor_id != getattr(actor, "pk", 0)]
        if strays:
            self.add_error("markers", _("These progress markers are not the chosen actor's."))
        return cleaned


def markers_field(initiative, actor_id) -> forms.BoundField:
    """The markers field offering one actor's markers (none when no actor is chosen)."""
    form = OutcomeForm(instance=ObservedOutcome(initiative=initiative))
    markers = ProgressMarker.objects.filter(
        actor__initiative=initiative, actor_id=actor_id
    ).select_related("actor")
    form.fields["markers"].queryset = markers
    form.fields["markers"].choices = grouped_markers(markers)
    return form["markers"]


def grouped_markers(markers) -> list:
    """The markers as choices grouped by actor, each with its level."""
    groups: dict = {}
    for marker in markers:
        label = f"{marker.get_level_display()} : {marker.text}"
        groups.setdefault(marker.actor, []).append((marker.pk, label))
    return [(str(actor.name), choices) for actor, choices in groups.items()]


class EvidenceForm(Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Evidence.Kind.choices)
    text = forms.CharField(
        label=_("description or quote"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    source = forms.CharField(
        label=_("source"),
        max_length=300,
        required=False,
        help_text=_("Who said it, where and when."),
    )
    url = forms.URLField(label=_("link"), max_length=1000, required=False, assume_scheme="https")
    document = forms.FileField(label=_("document"), required=False, help_text=_("At most 10 MB."))

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and document.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("The document is larger than 10 MB."))
        return document

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Evidence.Kind.LINK and not cleaned.get("url") and "url" not in self.errors:
            self.add_error("url", _("Give the link."))
        if kind == Evidence.Kind.QUOTE:
            if not cleaned.get("text"):
                self.add_error("text", _("Write the quote."))
            if not cleaned.get("source"):
                self.add_error("source", _("Say who said it."))
        missing = not cleaned.get("document") and "document" not in self.errors
        if kind == Evidence.Kind.DOCUMENT and missing:
            self.add_error("document", _("Choose the document to add."))
        return cleaned

    def evidence_fields(self) -> dict:
        """What the chosen kind keeps (a link keeps no document, and so on)."""
        cleaned = self.cleaned_data
        kind = cleaned["kind"]
        fields = {"kind": kind, "text": cleaned.get("text", "")}
        if kind == Evidence.Kind.LINK:
            fields["url"] = cleaned["url"]
        elif kind == Evidence.Kind.QUOTE:
            fields["source"] = cleaned["source"]
        else:
            fields["document"] = cleaned["document"]
        return fields


BOTH = ("", _("Both"))


class JournalFilterForm(Form):
    q = forms.CharField(label=_("Words"), required=False)
    status = forms.ChoiceField(
        label=_("status"), choices=[("", "—"), *ObservedOutcome.Status.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("kind of change"), choices=[("", "—"), *ChangeKind.choices], required=False
    )
    actor = forms.ModelChoiceField(label=_("who changed"), queryset=None, required=False)
    partner = forms.ModelChoiceField(label=_("partner"), queryset=None, required=False)
    strategy = forms.ModelChoiceField(label=_("strategy"), queryset=None, required=False)
    territory = forms.ModelChoiceField(label=_("territory"), queryset=None, required=False)
    positive = forms.ChoiceField(
        label=_("positive or negative"),
        choices=[BOTH, ("yes", _("Positive")), ("no", _("Negative"))],
        required=False,
    )
    intended = forms.ChoiceField(
        label=_("intended or not"),
        choices=[BOTH, ("yes", _("Intended")), ("no", _("Not intended"))],
        required=False,
    )
    campaign = forms.ModelChoiceField(label=_("harvest"), queryset=None, required=False)
    since = forms.DateField(label=_("observed from"), required=False, widget=IsoDateInput())
    until = forms.DateField(label=_("observed until"), required=False, widget=IsoDateInput())

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        mine = {"initiative": initiative}
        self.fields["actor"].queryset = SocialActor.objects.filter(**mine).order_by(
            dictionary_order("name")
        )
        self.fields["partner"].queryset = Partner.objects.filter(**mine).order_by(
            dictionary_order("name")
        )
        self.fields["strategy"].queryset = Strategy.objects.filter(**mine)
        self.fields["territory"].queryset = Territory.objects.filter(**mine)
        self.fields["campaign"].queryset = HarvestCampaign.objects.filter(**mine)

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("This date is before the first one."))
        return cleaned

    def filters(self) -> JournalFilters:
        """The filters asked; none when the form is not valid (its errors say why)."""
        if not self.is_bound or not self.is_valid():
            return JournalFilters()
        data = dict(self.cleaned_data)
        data["text"] = data.pop("q")
        for name in ("positive", "intended"):
            data[name] = {"yes": True, "no": False}.get(data[name])
        return JournalFilters(**data)
