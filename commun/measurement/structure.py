"""Territories and disaggregations of an initiative, and when their structure is locked."""

from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from commun.measurement.models import Category, Dimension, Observation, Territory


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
