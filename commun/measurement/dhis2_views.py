"""Backbone staff's page of the DHIS2 mapping tables: the ids to map (named by refused imports)
first, each mapped in one click, then every mapping, to edit or delete."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commun.access import Action, initiative_view
from commun.measurement.dhis2_forms import MappingForm
from commun.measurement.models import Category, Dhis2Mapping
from commun.views import form_page


def mapping_from_url(initiative, kwargs):
    return get_object_or_404(Dhis2Mapping, initiative=initiative, pk=kwargs["mapping_id"])


def breakdown_names(initiative) -> dict:
    """{(disaggregation code, category code): "Genre: Femmes"} for the list's breakdowns."""
    return {
        (c.dimension.code, c.code): f"{c.dimension.name}: {c.name}"
        for c in Category.objects.filter(dimension__initiative=initiative).select_related(
            "dimension"
        )
    }


def described(mapping: Dhis2Mapping, names: dict) -> str:
    """What a mapped id stands for, in the reader's words."""
    if mapping.kind == Dhis2Mapping.Kind.CATEGORY_OPTION_COMBO:
        parts = [part.split("=", 1) for part in mapping.breakdown.split(";") if "=" in part]
        return " · ".join(names.get(tuple(part), "=".join(part)) for part in parts) or _("Total")
    return str(mapping.indicator or mapping.territory or mapping.partner or "")


def target_choices(initiative) -> dict:
    """{kind: [(field name, label, [(value, text)])]}: the selects that map an id of each kind,
    read once for every line of the list (a fixed number of queries, however many ids wait)."""
    form = MappingForm(initiative=initiative)

    def options(name):
        return [(str(value), str(text)) for value, text in form.fields[name].choices]

    return {
        Dhis2Mapping.Kind.DATA_ELEMENT: [
            ("indicator", form["indicator"].label, options("indicator"))
        ],
        Dhis2Mapping.Kind.ORG_UNIT: [("territory", form["territory"].label, options("territory"))],
        Dhis2Mapping.Kind.ATTRIBUTE_OPTION_COMBO: [
            ("partner", form["partner"].label, options("partner"))
        ],
        Dhis2Mapping.Kind.CATEGORY_OPTION_COMBO: [
            (f"dim_{d.code}", form[f"dim_{d.code}"].label, options(f"dim_{d.code}"))
            for d in form.dimensions
        ],
    }


@initiative_view(Action.MANAGE_INDICATORS)
def mappings(request, initiative):
    form = MappingForm(request.POST or None, initiative=initiative)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Saved."))
            return redirect("measurement:dhis2", slug=initiative.slug)
        messages.error(request, _("Nothing was saved: correct the fields marked below."))
    rows = Dhis2Mapping.objects.filter(initiative=initiative).select_related(
        "indicator", "territory", "partner"
    )
    names = breakdown_names(initiative)
    choices = target_choices(initiative)
    to_map = [(m, choices[m.kind]) for m in rows if not m.mapped]
    return render(
        request,
        "measurement/dhis2.html",
        {
            "initiative": initiative,
            "to_map": to_map,
            "mapped": [(m, described(m, names)) for m in rows if m.mapped],
            "form": form,
        },
    )


@initiative_view(Action.MANAGE_INDICATORS, mapping_from_url)
def mapping_edit(request, initiative, mapping_id, obj):
    form = MappingForm(request.POST or None, instance=obj, initiative=initiative)

    def on_valid(form):
        form.save()
        return _("Saved."), reverse("measurement:dhis2", args=[initiative.slug])

    return form_page(
        request,
        form,
        "measurement/dhis2_mapping.html",
        {"initiative": initiative, "mapping": obj},
        on_valid,
    )


@initiative_view(Action.MANAGE_INDICATORS, mapping_from_url)
@require_POST
def mapping_map(request, initiative, mapping_id, obj):
    """An id a refused import named, mapped from its line of the list."""
    form = MappingForm(request.POST, instance=obj, initiative=initiative)
    if form.is_valid():
        form.save()
        messages.success(
            request, _("Mapped: the next import reads “%(id)s”.") % {"id": obj.dhis2_id}
        )
        return redirect("measurement:dhis2", slug=initiative.slug)
    return render(
        request,
        "measurement/dhis2_mapping.html",
        {"initiative": initiative, "mapping": obj, "form": form},
    )


@initiative_view(Action.MANAGE_INDICATORS, mapping_from_url)
@require_POST
def mapping_delete(request, initiative, mapping_id, obj):
    obj.delete()
    messages.success(request, _("The mapping is deleted."))
    return redirect("measurement:dhis2", slug=initiative.slug)
