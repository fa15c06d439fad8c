"""Base forms for every form of Commun: what a browser sends is read as the person meant it.

- A textarea's lines arrive with CRLF ends (browsers always send them so): they are read as LF,
  as stored, so text sent back untouched is the same text.
- A model form sent back unchanged saves nothing: no new history entry, no new "last changed".
- A decimal in a number input is shown as a person types it ("28.5", not "28.500000").
"""

from decimal import Decimal

from django import forms
from django.http import QueryDict

from commun.formatting.numbers import plain_number


def browser_data(data):
    """The submitted data with CRLF line ends read as LF."""
    if data is None or not hasattr(data, "lists"):
        return data
    cleaned = QueryDict(mutable=True)
    for key, values in data.lists():
        cleaned.setlist(key, [v.replace("\r\n", "\n") if isinstance(v, str) else v for v in values])
    return cleaned


class IsoDateInput(forms.DateInput):
    """<input type="date">, whose value must be ISO whatever the reader's language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class IsoDateTimeInput(forms.DateTimeInput):
    """<input type="datetime-local">, in the site's time zone, whose value must be ISO whatever
    the reader's language."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class PlainNumberInput(forms.NumberInput):
    """A decimal shown as typed ("420000", "28.5"), not as stored ("420000.000000")."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            return plain_number(value)
        return super().format_value(value)


class BrowserDataMixin:
    def __init__(self, data=None, *args, **kwargs):
        super().__init__(browser_data(data), *args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.NumberInput:
                field.widget = PlainNumberInput(attrs=field.widget.attrs)


class Form(BrowserDataMixin, forms.Form):
    pass


class ModelForm(BrowserDataMixin, forms.ModelForm):
    def save(self, commit=True):
        """Writes only when the person changed something (a new object is always written)."""
        if commit and self.instance.pk and not self.has_changed():
            return self.instance
        return super().save(commit)
