"""Staff pages for territories and disaggregations."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commun.access import Action, initiative_view
from commun.measurement.models import Category, Dimension, Territory
from commun.measurement.structure import (
    StructureLocked,
    add_category,
    delete_category,
    delete_territory,
    dimension_in_use,
)
from commun.measurement.structure_forms import CategoryForm, DimensionForm, TerritoryForm


def territory_from_url(initiative, kwargs):
    return get_object_or_404(Territory, initiative=initiative, pk=kwargs["territory_id"])


def dimension_from_url(initiative, kwargs):
    return get_object_or_404(Dimension, initiative=initiative, pk=kwargs["dimension_id"])


def category_from_url(initiative, kwargs):
    return get_object_or_404(Category, dimension__initiative=initiative, pk=kwargs["category_id"])


@initiative_view(Action.MANAGE_INDICATORS)
def structure(request, initiative):
    territory_form = TerritoryForm(
        request.POST if "territory" in request.POST else None, initiative=initiative
    )
    dimension_form = DimensionForm(
        request.POST if "dimension" in request.POST else None, initiative=initiative
    )
    if request.method == "POST":
        form = territory_form if "territory" in request.POST else dimension_form
        if form.is_valid():
            form.save()
            messages.success(request, _("Saved."))
            return redirect("measurement:structure", slug=initiative.slug)
        messages.error(request, _("Nothing was saved: correct the fields marked below."))
    dimensions = [
        (d, dimension_in_use(d))
        for d in Dimension.objects.filter(initiative=initiative).prefetch_related("categories")
    ]
    return render(
        request,
        "measurement/structure.html",
        {
            "initiative": initiative,
            "territories": Territory.objects.filter(initiative=initiative),
            "dimensions": dimensions,
            "territory_form": territory_form,
            "dimension_form": dimension_form,
            "category_form": CategoryForm(),
        },
    )


@initiative_view(Action.MANAGE_INDICATORS, territory_from_url)
@require_POST
def territory_delete(request, initiative, territory_id, obj):
    try:
        delete_territory(obj)
        messages.success(request, _("The territory is deleted."))
    except StructureLocked as error:
        messages.error(request, str(error))
    return redirect("measurement:structure", slug=initiative.slug)


@initiative_view(Action.MANAGE_INDICATORS, dimension_from_url)
@require_POST
def category_add(request, initiative, dimension_id, obj):
    form = CategoryForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was saved: a category needs a code and a French name."))
    elif obj.categories.filter(code=form.cleaned_data["code"]).exists():
        messages.error(request, _("This disaggregation already has a category with this code."))
    else:
        try:
            add_category(obj, **form.cleaned_data)
            messages.success(request, _("Saved."))
        except StructureLocked as error:
            messages.error(request, str(error))
    return redirect("measurement:structure", slug=initiative.slug)


@initiative_view(Action.MANAGE_INDICATORS, category_from_url)
@require_POST
def category_delete(request, initiative, category_id, obj):
    try:
        delete_category(obj)
        messages.success(request, _("The category is deleted."))
    except StructureLocked as error:
        messages.error(request, str(error))
    return redirect("measurement:structure", slug=initiative.slug)
