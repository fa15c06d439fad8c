"""Territories and disaggregations: reused everywhere, locked once data uses them."""

import pytest
from django.urls import reverse

from commun.measurement.models import Category, Territory
from commun.measurement.structure import StructureLocked, add_category, delete_territory
from tests.helpers import client_for
from tests.measurement.factories import gender, indicator, observe, territory_tree


def test_a_disaggregation_used_by_data_cannot_change_its_categories(initiative, people):
    places = territory_tree(initiative)
    dimension = gender(initiative, code="sexe")
    add_category(dimension, "x", "Autre", "Other")  # still free: no data yet
    served = indicator(initiative, "served-structure", "sum")
    served.dimensions.add(dimension)
    observe(served, places["a"], 3, breakdown="sexe=f")
    with pytest.raises(StructureLocked):
        add_category(dimension, "y", "Encore", "More")
    category = Category.objects.get(dimension=dimension, code="f")
    response = client_for(people["backbone_staff"]).post(
        reverse("measurement:category_delete", args=[initiative.slug, category.pk]), follow=True
    )
    assert Category.objects.filter(pk=category.pk).exists()
    assert dimension.name_fr in response.content.decode()


def test_a_territory_holding_data_or_parts_cannot_be_deleted(initiative):
    places = territory_tree(initiative)
    served = indicator(initiative, "served-territory", "sum")
    observe(served, places["a"], 3)
    for name in ("north", "a"):
        with pytest.raises(StructureLocked):
            delete_territory(places[name])
    delete_territory(places["d"])
    assert not Territory.objects.filter(pk=places["d"].pk).exists()


def test_staff_add_a_territory_under_another_and_its_path_follows(initiative, people):
    places = territory_tree(initiative)
    client_for(people["backbone_staff"]).post(
        reverse("measurement:structure", args=[initiative.slug]),
        {"territory": "1", "parent": places["a"].pk, "code": "t-a1", "name_fr": "Îlot A1"},
    )
    created = Territory.objects.get(initiative=initiative, code="t-a1")
    assert created.lineage() == [places["city"].pk, places["north"].pk, places["a"].pk, created.pk]
