from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from commun.forms import Form, IsoDateInput


class HistoryFilterForm(Form):
    """Narrow the history of changes to one kind of record, one person, a range of dates."""

    kind = forms.ChoiceField(label=_("Kind of record"), required=False)
    person = forms.TypedChoiceField(label=_("Changed by"), required=False, coerce=int)
    since = forms.DateField(
        label=pgettext_lazy("start of a range of dates", "From"),
        required=False,
        widget=IsoDateInput(),
    )
    until = forms.DateField(
        label=pgettext_lazy("end of a range of dates", "To"), required=False, widget=IsoDateInput()
    )

    def __init__(self, *args, kinds, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *kinds]
        self.fields["person"].choices = [("", _("Anyone")), *people]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date comes before the start date."))
        return cleaned
