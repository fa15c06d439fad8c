"""The demo's shared measurement (data/measurement.toml): territories, disaggregations, about a
dozen indicators and five years of observations (drawn in `observations.py`), for the main demo
initiative. Indicators name their outcome and data need by the agenda item's position."""

import random
from datetime import date
from decimal import Decimal

from commun.agenda.models import DataNeed, Outcome
from commun.demo.cast import Cast, data
from commun.demo.observations import Observations, at, streams
from commun.initiatives.models import Initiative
from commun.measurement.aggregation import rebuild
from commun.measurement.models import (
    Aggregate,
    Category,
    Dimension,
    Indicator,
    Target,
    Territory,
)

# Read from the data, not the model: what an indicator row holds besides the model's own fields.
LINKS = {"partners", "dimensions", "outcome", "data_need", "targets", "baseline"}
LINKS |= {"adopted_on", "retired_on", "numerator", "denominator"}


def loaded(initiative: Initiative) -> bool:
    return Territory.objects.filter(initiative=initiative).exists()


def load(cast: Cast) -> None:
    content = data("measurement")
    initiative = cast.initiative
    territories = _territories(initiative, content["territories"])
    dimensions = _dimensions(initiative, content["dimensions"])
    indicators = _indicators(cast, dimensions, content["indicators"])
    values = Observations(indicators, territories, cast, random.Random(2026))
    values.population()
    values.partner_streams(streams())
    values.save()
    for indicator in indicators.values():
        if indicator.aggregation != Indicator.Aggregation.RATIO:
            rebuild(indicator, values.periods.get(indicator.code, ()))
    _baselines(indicators.values(), territories[content["root"]])


def _territories(initiative, rows) -> dict[str, Territory]:
    territories = {}
    for row in rows:
        territories[row["code"]] = Territory.objects.create(
            initiative=initiative,
            parent=territories.get(row.get("parent")),
            code=row["code"],
            name_fr=row["name_fr"],
            name_en=row["name_en"],
        )
    return territories


def _dimensions(initiative, rows) -> dict[str, Dimension]:
    dimensions = {}
    for position, row in enumerate(rows):
        dimension = Dimension.objects.create(
            initiative=initiative,
            code=row["code"],
            name_fr=row["name_fr"],
            name_en=row["name_en"],
            position=position,
        )
        Category.objects.bulk_create(
            Category(dimension=dimension, position=index, **category)
            for index, category in enumerate(row["categories"])
        )
        dimensions[row["code"]] = dimension
    return dimensions


def _indicators(cast: Cast, dimensions, rows) -> dict[str, Indicator]:
    initiative = cast.initiative
    indicators = {}
    for position, row in enumerate(rows):
        fields = {k: v for k, v in row.items() if k not in LINKS}
        indicator = Indicator(
            initiative=initiative,
            position=position,
            baseline_period=row.get("baseline", ""),
            outcome=_item(Outcome, initiative, row.get("outcome")),
            data_need=_item(DataNeed, initiative, row.get("data_need")),
            numerator=indicators.get(row.get("numerator")),
            denominator=indicators.get(row.get("denominator")),
            **fields,
        )
        retired_on = row.get("retired_on")
        if retired_on:
            indicator.status = Indicator.Status.ADOPTED  # adopted, retired later: two history lines
        indicator._history_user = cast.staff
        indicator._history_date = at(row.get("adopted_on") or date(2025, 10, 8), 14)
        indicator.save()
        if retired_on:
            indicator.status = Indicator.Status.RETIRED
            indicator._history_date = at(retired_on, 15)
            indicator.save()
        partners = [cast.partner(key) for key in row["partners"]]
        indicator.reporting_partners.set([p for p in partners if p])
        indicator.dimensions.set([dimensions[code] for code in row["dimensions"]])
        Target.objects.bulk_create(
            Target(indicator=indicator, period=target["period"], value=Decimal(target["value"]))
            for target in row["targets"]
        )
        indicators[indicator.code] = indicator
    return indicators


def _item(model, initiative, position):
    """The agenda item at that position (the indicator stays unlinked when it is missing)."""
    if position is None:
        return None
    return model.objects.filter(initiative=initiative, position=position).first()


def _baselines(indicators, root: Territory) -> None:
    """Each baseline value is the indicator's figure for the whole territory in its baseline
    period (the figure the partners saw when they adopted it)."""
    for indicator in indicators:
        if not indicator.baseline_period:
            continue
        row = Aggregate.objects.filter(
            indicator=indicator,
            period=indicator.baseline_period,
            territory=root,
            breakdown="",
            scope="approved",
        ).first()
        if row is not None and row.value is not None:
            value = round(row.value, indicator.decimals)
            # Not through save(): the baseline is part of the definition adopted back then.
            Indicator.objects.filter(pk=indicator.pk).update(baseline_value=value)
            indicator.baseline_value = value
