"""Importing a file: the file sent (a CSV or an .xlsx of at most 20 MB); backbone staff's
revision of approved values."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commun.forms import Form
from commun.measurement.reading import MAX_FILE_BYTES


class UploadForm(Form):
    file = forms.FileField(
        label=gettext_lazy("File (CSV or Excel .xlsx)"),
        help_text=gettext_lazy("At most 20 MB. Nothing is written before you check the preview."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        if not upload.name.lower().endswith((".csv", ".txt", ".tsv", ".xlsx")):
            raise forms.ValidationError(_("Send a .csv or .xlsx file."))
        return upload


class RevisionForm(Form):
    """Sending a file's values over approved ones (backbone staff): a reason is required."""

    revise = forms.BooleanField(
        label=gettext_lazy("These values revise approved ones"),
        required=False,
        help_text=gettext_lazy(
            "A statistics agency's new release, for instance: the approved values this file "
            "changes are replaced, stay approved, and keep their previous value in their history."
        ),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for the revision"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("revise") and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why these values are revised."))
        return data

    def reason_given(self) -> str:
        """The reason, when the option is chosen (and the form valid); else ""."""
        data = self.cleaned_data
        return data["reason"].strip() if data.get("revise") else ""


# The unknown territory names a preview offers to name at once (a file rarely has more; the
# others are named again once these are known).
PLACES_AT_ONCE = 30


class TerritoryChoice(forms.ModelChoiceField):
    """Territories in the tree's order, each indented under its parent."""

    def label_from_instance(self, territory):
        return "\u00a0\u00a0" * territory.depth + territory.name


class PlaceNamesForm(Form):
    """Which territory each name a file uses is (backbone staff): each chosen name becomes that
    territory's other name, so that this file and the next ones find it."""

    def __init__(self, *args, names, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        territories = initiative.territories.order_by("path")
        self.names = names[:PLACES_AT_ONCE]
        for index, name in enumerate(self.names):
            self.fields[f"name_{index}"] = forms.CharField(
                widget=forms.HiddenInput, initial=name, max_length=150
            )
            self.fields[f"territory_{index}"] = TerritoryChoice(
                territories,
                required=False,
                label=name,
                empty_label=_("— leave it unknown —"),
            )

    def pairs(self) -> list[tuple[str, object]]:
        """[(name as the file writes it, the territory chosen)] for the names given one."""
        return [
            (self.cleaned_data[f"name_{index}"], self.cleaned_data[f"territory_{index}"])
            for index in range(len(self.names))
            if self.cleaned_data.get(f"territory_{index}")
        ]
