"""Small measurement set-ups built by hand, so expected figures can be computed on paper."""

from decimal import Decimal

from commun.measurement.models import Category, Dimension, Indicator, Observation, Territory
from commun.measurement.periods import period_start


def territory_tree(initiative):
    """city → north (a, b) and south (c, d)."""
    city = Territory.objects.create(initiative=initiative, code="t-city", name_fr="Ville")
    north = Territory.objects.create(
        initiative=initiative, code="t-north", name_fr="Nord", parent=city
    )
    south = Territory.objects.create(
        initiative=initiative, code="t-south", name_fr="Sud", parent=city
    )
    leaves = {
        code: Territory.objects.create(
            initiative=initiative, code=f"t-{code}", name_fr=code.upper(), parent=parent
        )
        for code, parent in (("a", north), ("b", north), ("c", south), ("d", south))
    }
    return {"city": city, "north": north, "south": south, **leaves}


def gender(initiative, code="gender"):
    """The initiative's gender disaggregation (the demo has one), with at least f and m."""
    dimension, _created = Dimension.objects.get_or_create(
        initiative=initiative, code=code, defaults={"name_fr": "Genre"}
    )
    for category, name in (("f", "Femmes"), ("m", "Hommes")):
        Category.objects.get_or_create(
            dimension=dimension, code=category, defaults={"name_fr": name}
        )
    return dimension


def indicator(initiative, code, aggregation, unit=Indicator.Unit.COUNT, **extra):
    fields = {
        "initiative": initiative,
        "code": code,
        "name_fr": f"Indicateur {code}",
        "kind": Indicator.Kind.PERFORMANCE,
        "question": Indicator.Question.HOW_MUCH,
        "unit": unit,
        "direction": Indicator.Direction.UP,
        "aggregation": aggregation,
        "frequency": "year",
        "status": Indicator.Status.ADOPTED,
    }
    return Indicator.objects.create(**(fields | extra))


def observe(
    indicator,
    territory,
    value,
    partner=None,
    breakdown="",
    status="approved",
    weight=None,
    period="2025",
    numerator=None,
    denominator=None,
):
    return Observation.objects.create(
        indicator=indicator,
        period=period,
        period_start=period_start(period, indicator.frequency),
        territory=territory,
        breakdown=breakdown,
        partner=partner,
        value=Decimal(str(value)),
        weight=None if weight is None else Decimal(str(weight)),
        numerator=None if numerator is None else Decimal(str(numerator)),
        denominator=None if denominator is None else Decimal(str(denominator)),
        status=status,
        provenance="form",
    )
