"""Territories and disaggregations of an initiative, and when their structure is locked; a
territory moved in the tree (its figures follow) and its other names."""

from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils.translation import gettext as _

from commun.measurement.entry import rebuild_touched
from commun.measurement.models import (
    Category,
    Dimension,
    Indicator,
    Observation,
    Territory,
    TerritoryAlias,
)
from commun.measurement.names import simplify, spellings


class StructureLocked(Exception):
    pass


def dimension_in_use(dimension: Dimension) -> bool:
    """Data uses a disaggregation once any value is broken down by it."""
    return Observation.objects.filter(
        indicator__dimensions=dimension, breakdown__contains=f"{dimension.code}="
    ).exists()


def add_category(dimension: Dimension, code: str, name_fr: str, name_en: str) -> Category:
    if dimension_in_use(dimension):
        raise StructureLocked(
            _("“%(name)s” is used by reported data: its categories can no longer change.")
            % {"name": dimension.name}
        )
    position = dimension.categories.count()
    return Category.objects.create(
        dimension=dimension, code=code, name_fr=name_fr, name_en=name_en, position=position
    )


def delete_category(category: Category) -> None:
    if dimension_in_use(category.dimension):
        raise StructureLocked(
            _("“%(name)s” is used by reported data: its categories can no longer change.")
            % {"name": category.dimension.name}
        )
    category.delete()


def delete_territory(territory: Territory) -> None:
    if territory.children.exists() or territory.observations.exists():
        raise StructureLocked(
            _("“%(name)s” holds other territories or reported data: it cannot be deleted.")
            % {"name": territory.name}
        )
    try:
        territory.delete()
    except ProtectedError:
        raise StructureLocked(_("This territory is still in use.")) from None


def figures_follow_move(territories) -> None:
    """After territories moved in the tree: rebuild the figures of every indicator and period
    that has values in them or in their parts (the territories above them changed)."""
    within = Q()
    for territory in territories:
        within |= Q(territory__path__startswith=territory.path)
    if not within:
        return
    pairs = set(Observation.objects.filter(within).values_list("indicator_id", "period").distinct())
    indicators = Indicator.objects.in_bulk({indicator_id for indicator_id, _period in pairs})
    rebuild_touched({(indicators[indicator_id], period) for indicator_id, period in pairs})


def save_territory(form) -> Territory:
    """Save a territory's form; when it moved, its figures, and those of the territories it
    left and joined, follow (in the same transaction)."""
    with transaction.atomic():
        moved = form.instance.pk is not None and "parent" in form.changed_data
        territory = form.save()
        if moved:
            figures_follow_move([territory])
    return territory


def names_in_use(initiative, exclude=()) -> dict[str, set[int]]:
    """{simplified code, name or other name: ids of the territories it names} in the initiative,
    leaving out the territories in `exclude`."""
    found = {}
    territories = Territory.objects.filter(initiative=initiative).exclude(pk__in=exclude)
    for territory in territories.only("code", "name_fr", "name_en"):
        for key in spellings(territory.code, territory.name_fr, territory.name_en):
            found.setdefault(key, set()).add(territory.pk)
    aliases = TerritoryAlias.objects.filter(initiative=initiative).exclude(territory__in=exclude)
    for key, territory_id in aliases.values_list("key", "territory_id"):
        found.setdefault(key, set()).add(territory_id)
    return found


def alias_taken(name: str, owner: str) -> str:
    return _("“%(name)s” already names “%(territory)s”.") % {"name": name, "territory": owner}


def add_aliases(pairs) -> list[str]:
    """Each (name, territory) made that territory's other name, all or none: the problems, one
    per name refused (and then nothing is saved)."""
    problems = []
    with transaction.atomic():
        for name, territory in pairs:
            try:
                add_alias(territory, name)
            except StructureLocked as error:
                problems.append(str(error))
        if problems:
            transaction.set_rollback(True)
    return problems


def add_alias(territory: Territory, name: str) -> TerritoryAlias:
    """Give the territory another name files may use; refused (StructureLocked) when that name,
    simplified, already names another territory (by its code, names or another name)."""
    name = " ".join(name.split())
    key = simplify(name)
    if not key:
        raise StructureLocked(_("Write the other name."))
    if key in spellings(territory.code, territory.name_fr, territory.name_en) or (
        territory.aliases.filter(key=key).exists()
    ):
        raise StructureLocked(
            _("“%(name)s” already names this territory: files find it without an other name.")
            % {"name": name}
        )
    owners = names_in_use(territory.initiative_id, exclude=[territory.pk]).get(key)
    if owners:
        owner = Territory.objects.filter(pk__in=owners).order_by("path").first()
        raise StructureLocked(alias_taken(name, owner.name))
    return TerritoryAlias.objects.create(territory=territory, name=name)
