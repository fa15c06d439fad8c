"""Staff pages for territories and disaggregations."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from commun.access import Action, initiative_view
from commun.measurement.models import Category, Dimension, Territory, TerritoryAlias
from commun.measurement.structure import (
    StructureLocked,
    add_alias,
    add_category,
    delete_category,
    delete_territory,
    dimension_in_use,
    save_territory,
)
from commun.measurement.structure_forms import (
    AliasForm,
    CategoryForm,
    DimensionForm,
    TerritoryFileForm,
    TerritoryForm,
)
from commun.measurement.territory_files import (
    ALIAS_SEPARATOR,
    apply_territories,
    plan_territories,
)
from commun.views import form_page


def territory_from_url(initiative, kwargs):
    return get_object_or_404(Territory, initiative=initiative, pk=kwargs["territory_id"])


def dimension_from_url(initiative, kwargs):
    return get_object_or_404(Dimension, initiative=initiative, pk=kwargs["dimension_id"])


def alias_from_url(initiative, kwargs):
    return get_object_or_404(TerritoryAlias, initiative=initiative, pk=kwargs["alias_id"])


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
            "file_form": TerritoryFileForm(),
            "alias_separator": ALIAS_SEPARATOR,
        },
    )


@initiative_view(Action.MANAGE_INDICATORS, territory_from_url)
def territory_edit(request, initiative, territory_id, obj):
    """A territory's code, names and parent (its figures follow a move), and its other names."""
    form = TerritoryForm(request.POST or None, instance=obj, initiative=initiative)

    def on_valid(form):
        save_territory(form)
        return _("Saved."), reverse("measurement:territory_edit", args=[initiative.slug, obj.pk])

    history = obj.history.select_related("history_user", "parent").order_by("-history_date")[:30]
    return form_page(
        request,
        form,
        "measurement/territory.html",
        {
            "initiative": initiative,
            "territory": obj,
            "aliases": obj.aliases.all(),
            "alias_form": AliasForm(),
            "history": history,
        },
        on_valid,
    )


@initiative_view(Action.MANAGE_INDICATORS, territory_from_url)
@require_POST
def territory_alias_add(request, initiative, territory_id, obj):
    form = AliasForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was saved: write the other name."))
    else:
        try:
            add_alias(obj, form.cleaned_data["name"])
            messages.success(request, _("Saved."))
        except StructureLocked as error:
            messages.error(request, str(error))
    return redirect("measurement:territory_edit", slug=initiative.slug, territory_id=obj.pk)


@initiative_view(Action.MANAGE_INDICATORS, alias_from_url)
@require_POST
def territory_alias_delete(request, initiative, alias_id, obj):
    obj.delete()
    messages.success(request, _("The other name is removed."))
    return redirect(
        "measurement:territory_edit", slug=initiative.slug, territory_id=obj.territory_id
    )


@initiative_view(Action.MANAGE_INDICATORS)
@require_POST
def territories_import(request, initiative):
    """Territories created and updated from a file, all or nothing, then what changed said."""
    form = TerritoryFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to import."))
        return redirect("measurement:structure", slug=initiative.slug)
    upload = form.cleaned_data["file"]
    plan = plan_territories(initiative, upload.name, upload.read())
    if plan.problems:
        return render(
            request,
            "measurement/territories_import.html",
            {"initiative": initiative, "plan": plan, "filename": upload.name},
        )
    if not plan.changes_anything:
        messages.success(
            request,
            ngettext(
                "Nothing changed: the file's %(count)d territory is already as it says.",
                "Nothing changed: the file's %(count)d territories are already as it says.",
                len(plan.unchanged),
            )
            % {"count": len(plan.unchanged)},
        )
    else:
        apply_territories(initiative, plan)
        messages.success(request, import_summary(plan))
    return redirect("measurement:structure", slug=initiative.slug)


def import_summary(plan) -> str:
    return _("Territories imported: %(new)s, %(changed)s, %(unchanged)s.") % {
        "new": ngettext("%(count)d new", "%(count)d new", len(plan.created))
        % {"count": len(plan.created)},
        "changed": ngettext("%(count)d changed", "%(count)d changed", len(plan.changed))
        % {"count": len(plan.changed)},
        "unchanged": ngettext("%(count)d unchanged", "%(count)d unchanged", len(plan.unchanged))
        % {"count": len(plan.unchanged)},
    }


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
