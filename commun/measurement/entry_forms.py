"""Entering values: which period and territory the grid shows, and the grid itself (a value,
or a numerator and a denominator, and a comment per indicator and breakdown)."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from commun.formatting import format_number
from commun.formatting.numbers import parse_number
from commun.forms import Form
from commun.measurement.checks import EntryRow
from commun.measurement.forms import PeriodField
from commun.measurement.models import Indicator, Territory


class EntryChoiceForm(Form):
    """Which period and territory the grid shows; the period written the reader's way."""

    period = PeriodField(label=_("Period"))
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = Territory.objects.filter(initiative=initiative)


RATIO_UNITS = {Indicator.Unit.PERCENT, Indicator.Unit.RATE}


class EntryGridForm(Form):
    """One value (and comment) per indicator and breakdown; empty cells are left alone.

    Percentages and rates may instead be given as a numerator and a denominator (n/d fields):
    the value is then computed, and numerator ≤ denominator is checked."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid_rows = rows  # [(indicator, key, label, current observation or None, previous)]
        for index, (indicator, _key, label, current, *_rest) in enumerate(rows):
            self.fields[f"v{index}"] = forms.CharField(
                label=f"{indicator.name} — {label}",
                required=False,
                initial=format_number(current.value) if current else "",
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 9}),
            )
            if indicator.unit in RATIO_UNITS:
                for prefix, name, stored in (
                    ("n", _("Numerator"), current and current.numerator),
                    ("d", _("Denominator"), current and current.denominator),
                ):
                    self.fields[f"{prefix}{index}"] = forms.CharField(
                        label=f"{name} — {indicator.name} — {label}",
                        required=False,
                        initial=format_number(stored)
                        if stored is not None and stored != ""
                        else "",
                        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
                    )
            self.fields[f"c{index}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                initial=current.comment if current else "",
                widget=forms.TextInput(attrs={"size": 20}),
            )

    def entry_rows(self) -> tuple[list[EntryRow], dict]:
        """The rows to save, and the cells whose number could not be read."""
        rows, unreadable = [], {}
        for index, (indicator, key, label, *_rest) in enumerate(self.grid_rows):
            texts = {p: self.cleaned_data.get(f"{p}{index}", "") or "" for p in ("v", "n", "d")}
            if not any(text.strip() for text in texts.values()):
                continue
            numbers = {}
            for prefix, text in texts.items():
                try:
                    numbers[prefix] = parse_number(text, get_language())
                except ValueError as error:
                    unreadable[f"{prefix}{index}"] = str(error)
            if len(numbers) < 3:
                continue
            rows.append(
                EntryRow(
                    indicator,
                    key,
                    numbers["v"],
                    where=f"{indicator.name} — {label}",
                    numerator=numbers["n"],
                    denominator=numbers["d"],
                    comment=self.cleaned_data.get(f"c{index}", ""),
                    line=index + 1,  # so a refused row's problems come back to its cells
                )
            )
        return rows, unreadable

    def mark_refused(self, problems) -> None:
        """Each problem at the value it refuses (its row's `line`): the message beside the cell,
        and every cell of the row the person filled marked invalid and described by it."""
        for problem in problems:
            if not 0 < problem.line <= len(self.grid_rows):
                continue
            index = problem.line - 1
            self.add_error(f"v{index}", problem.message)
            for name in (f"n{index}", f"d{index}"):
                if name in self.fields and (self.data.get(name) or "").strip():
                    self.fields[name].widget.attrs.update(
                        {"aria-invalid": "true", "aria-describedby": f"id_v{index}_error"}
                    )
