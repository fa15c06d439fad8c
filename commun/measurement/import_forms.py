"""Importing a file: the file sent (a CSV or an .xlsx of at most 20 MB)."""

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
