"""Territories and disaggregations: reused everywhere, locked once data uses them."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from commun.measurement.aggregation import rebuild
from commun.measurement.models import Aggregate, Category, Territory, TerritoryAlias
from commun.measurement.structure import (
    StructureLocked,
    add_alias,
    add_category,
    delete_territory,
)
from commun.people.models import User
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


def edit(client, initiative, place, **changes):
    fields = {
        "code": place.code,
        "name_fr": place.name_fr,
        "name_en": place.name_en,
        "parent": place.parent_id or "",
    }
    return client.post(
        reverse("measurement:territory_edit", args=[initiative.slug, place.pk]),
        fields | changes,
        follow=True,
    )


def figures_of(served):
    return dict(
        Aggregate.objects.filter(indicator=served, scope="approved", breakdown="").values_list(
            "territory__code", "value"
        )
    )


def test_staff_rename_a_territory_and_its_history_keeps_both_names(initiative, people):
    places = territory_tree(initiative)
    client = client_for(people["backbone_staff"])
    edit(client, initiative, places["a"], code="t-aa", name_fr="Îlot A", name_en="Block A")
    renamed = Territory.objects.get(pk=places["a"].pk)
    assert (renamed.code, renamed.name_fr, renamed.name_en) == ("t-aa", "Îlot A", "Block A")
    names = list(renamed.history.order_by("history_date").values_list("name_fr", flat=True))
    assert names == ["A", "Îlot A"]
    page = client.get(reverse("measurement:territory_edit", args=[initiative.slug, renamed.pk]))
    assert "Historique du territoire" in page.content.decode()  # staff read French


def test_a_territory_saved_unchanged_writes_no_history(initiative, people):
    places = territory_tree(initiative)
    edit(client_for(people["backbone_staff"]), initiative, places["north"])
    assert places["north"].history.count() == 1  # its creation only


def test_a_moved_territory_takes_its_parts_and_its_figures_along(initiative, people):
    places = territory_tree(initiative)
    served = indicator(initiative, "served-moved", "sum")
    observe(served, places["a"], 3)
    observe(served, places["b"], 4)
    observe(served, places["c"], 5)
    rebuild(served, ["2025"])
    assert figures_of(served)["t-north"] == 7
    leaf = Territory.objects.create(
        initiative=initiative, code="t-a1", name_fr="A1", parent=places["a"]
    )
    edit(client_for(people["backbone_staff"]), initiative, places["a"], parent=places["south"].pk)
    moved, part = (Territory.objects.get(pk=t.pk) for t in (places["a"], leaf))
    assert (moved.depth, part.depth) == (2, 3)
    assert part.lineage() == [places["city"].pk, places["south"].pk, moved.pk, part.pk]
    figures = figures_of(served)
    assert (figures["t-north"], figures["t-south"], figures["t-city"]) == (4, 8, 12)


@pytest.mark.parametrize(
    ("language", "says"),
    [("en", "“A” is part of “Nord”: it cannot hold it."), ("fr", "« A » fait partie de « Nord »")],
)
def test_a_territory_cannot_move_inside_itself(initiative, people, language, says):
    User.objects.filter(pk=people["backbone_staff"].pk).update(language=language)
    places = territory_tree(initiative)
    client = client_for(people["backbone_staff"])
    for inside in (places["north"], places["a"]):
        response = edit(client, initiative, places["north"], parent=inside.pk)
        assert Territory.objects.get(pk=places["north"].pk).parent == places["city"]
    assert says.replace("'", "&#x27;") in response.content.decode()


def test_aliases_are_added_and_removed_on_the_territory_page(initiative, people):
    places = territory_tree(initiative)
    client = client_for(people["backbone_staff"])
    add = reverse("measurement:territory_alias_add", args=[initiative.slug, places["north"].pk])
    client.post(add, {"name": "Secteur  nord"})
    alias = TerritoryAlias.objects.get(territory=places["north"])
    assert (alias.name, alias.key, alias.initiative) == ("Secteur nord", "secteur nord", initiative)
    page = client.get(
        reverse("measurement:territory_edit", args=[initiative.slug, places["north"].pk])
    )
    assert "Secteur nord" in page.content.decode()
    client.post(reverse("measurement:territory_alias_delete", args=[initiative.slug, alias.pk]))
    assert not TerritoryAlias.objects.filter(territory=places["north"]).exists()


@pytest.mark.parametrize(
    ("language", "says"),
    [("en", "“sud” already names “Sud”."), ("fr", "« sud » désigne déjà « Sud ».")],
)
def test_an_alias_naming_another_territory_is_refused(initiative, people, language, says):
    User.objects.filter(pk=people["backbone_staff"].pk).update(language=language)
    places = territory_tree(initiative)
    TerritoryAlias.objects.create(territory=places["c"], name="Cité C")
    client = client_for(people["backbone_staff"])
    add = reverse("measurement:territory_alias_add", args=[initiative.slug, places["north"].pk])
    response = client.post(add, {"name": "sud"}, follow=True)
    assert says in response.content.decode()
    client.post(add, {"name": "CITE-C"})  # another's alias, once simplified
    client.post(add, {"name": "Nord"})  # its own name
    assert not TerritoryAlias.objects.filter(territory=places["north"]).exists()


def test_an_alias_is_unique_in_the_initiative_once_simplified(initiative):
    places = territory_tree(initiative)
    TerritoryAlias.objects.create(territory=places["a"], name="Grand-Est")
    with pytest.raises(IntegrityError), transaction.atomic():
        TerritoryAlias.objects.create(territory=places["b"], name="grand est")
    with pytest.raises(StructureLocked):
        add_alias(places["b"], "Grand\u2013Est")
