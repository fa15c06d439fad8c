"""What pages and exports show beside a figure, from the values of its own cell: the quality flag
a statistics agency gave it ("E (use with caution)"), or, where there is no value, why it is
missing ("x (confidential)"). A figure made of several values with different flags (or none)
shows none: a flag speaks of one value, not of a sum."""

from collections import defaultdict

from django.db.models import Q

from commun.measurement.models import Aggregate, MissingValue, Observation


def quality_label(flag: str) -> str:
    """ "E (use with caution)" for a flag, "" for none (as `Observation.quality_label`)."""
    return Observation(quality=flag).quality_label


def notes(indicator, scope: str, **cells) -> dict[tuple, str]:
    """{(period, territory id, breakdown): note} of the indicator's cells matching `cells`
    (period=…, territory=…, breakdown=… as for a queryset): the flag shared by every value of a
    cell, else why the cell is missing. Two queries."""
    values = Observation.objects.filter(indicator=indicator, **cells)
    if scope == Aggregate.Scope.APPROVED:
        values = values.filter(status=Observation.Status.APPROVED)
    else:
        values = values.exclude(status=Observation.Status.RETURNED)
    flags = defaultdict(set)
    for period, territory_id, breakdown, flag in values.values_list(
        "period", "territory_id", "breakdown", "quality"
    ):
        flags[(period, territory_id, breakdown)].add(flag)
    found = {
        cell: quality_label(next(iter(shared)))
        for cell, shared in flags.items()
        if len(shared) == 1 and next(iter(shared))
    }
    for missing in MissingValue.objects.filter(indicator=indicator, **cells):
        cell = (missing.period, missing.territory_id, missing.breakdown)
        if cell not in flags:
            found.setdefault(cell, missing.label)
    return found


def territories_with_notes(indicator, period: str, scope: str, figures: list) -> list[tuple]:
    """[(territory, figure or None, note)] in the tree's order: the figures of one period by
    territory (`figures.by_territory`), each with its note, and the territories whose value is
    missing, where their figure would be."""
    found = notes(indicator, scope, period=period, breakdown="")
    rows = [(place, value, found.get((period, place.pk, ""), "")) for place, value in figures]
    shown = {place.pk for place, _value in figures}
    absent = (
        MissingValue.objects.filter(indicator=indicator, period=period, breakdown="")
        .exclude(territory_id__in=shown)
        .select_related("territory")
    )
    for missing in absent:
        if missing.territory_id not in shown:
            shown.add(missing.territory_id)
            rows.append((missing.territory, None, missing.label))
    return sorted(rows, key=lambda row: row[0].path)


def reported_cells(indicator, period: str, partner=None) -> tuple[list, list]:
    """([Observation], [MissingValue]) of one period of the indicator, as the API lists them:
    every one for the backbone (`partner` None); for a partner, its own and the backbone's
    approved ones (another partner's values are seen only added up, in figures)."""
    values = Observation.objects.filter(indicator=indicator, period=period)
    missing = MissingValue.objects.filter(indicator=indicator, period=period)
    if partner is not None:
        values = values.filter(
            Q(partner=partner) | Q(partner__isnull=True, status=Observation.Status.APPROVED)
        )
        missing = missing.filter(Q(partner=partner) | Q(partner__isnull=True))
    order = ("territory__path", "breakdown", "partner_id")
    return (
        list(values.select_related("territory", "partner").order_by(*order)),
        list(missing.select_related("territory", "partner").order_by(*order)),
    )
