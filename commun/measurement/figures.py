"""Reading figures: which indicators a person may see, and their precomputed values (series, by
territory, by breakdown). Cards are in `headlines`, partial periods in `coverage`."""

from django.db.models import Q, prefetch_related_objects

from commun.access import Action, can
from commun.initiatives.models import Initiative
from commun.measurement.aggregation import breakdown_key, combination_figures, is_combination
from commun.measurement.checks import combinations
from commun.measurement.models import Aggregate, Indicator, Territory


def indicators_seen(initiative: Initiative, *, backbone: bool):
    """The backbone sees every indicator; partners and observers see adopted or retired ones
    meant for partners or for everyone."""
    indicators = Indicator.objects.filter(initiative=initiative)
    return indicators if backbone else indicators.filter(Indicator.MEMBERS_SEE)


def visible_indicators(user, initiative: Initiative):
    return indicators_seen(initiative, backbone=can(user, Action.MANAGE_INDICATORS, initiative))


def public_indicators(initiative: Initiative):
    """What the initiative chose to publish: adopted indicators marked public."""
    return Indicator.objects.filter(
        initiative=initiative,
        status=Indicator.Status.ADOPTED,
        visibility=Indicator.Visibility.PUBLIC,
    )


def visible_to_token(token):
    """A partner's token sees what partners see; the backbone's token sees every indicator."""
    return indicators_seen(token.initiative, backbone=token.partner is None)


def figure_scope_for_token(token) -> str:
    return Aggregate.Scope.ALL if token.partner is None else Aggregate.Scope.APPROVED


def figure_scope(user, initiative: Initiative, asked: str | None = None) -> str:
    """Approved data for everyone; staff may ask for all submitted data too."""
    if asked == Aggregate.Scope.ALL and can(user, Action.REVIEW_DATA, initiative):
        return Aggregate.Scope.ALL
    return Aggregate.Scope.APPROVED


def main_territory(initiative: Initiative) -> Territory | None:
    return Territory.objects.filter(initiative=initiative, parent=None).order_by("pk").first()


def series(indicator: Indicator, territory: Territory, scope: str, breakdown: str = ""):
    """[(period, value)] oldest first."""
    if is_combination(breakdown):
        cells = combination_figures(indicator, scope, keys=[breakdown])
        return [
            (cell.period, cell.value)
            for cell in sorted(cells, key=lambda cell: cell.period_start)
            if cell.territory_id == territory.pk
        ]
    return list(
        Aggregate.objects.filter(
            indicator=indicator, territory=territory, breakdown=breakdown, scope=scope
        )
        .order_by("period_start")
        .values_list("period", "value")
    )


def by_territory(indicator: Indicator, period: str, scope: str):
    """[(territory, value)] of one period, in the territories' tree order."""
    return [
        (row.territory, row.value)
        for row in Aggregate.objects.filter(
            indicator=indicator, period=period, breakdown="", scope=scope
        )
        .select_related("territory")
        .order_by("territory__path")
    ]


def by_breakdown(indicator: Indicator, period: str, territory: Territory, scope: str):
    """{breakdown key: value} of one period and territory: margins and crossed cells."""
    values = dict(
        Aggregate.objects.filter(
            indicator=indicator, period=period, territory=territory, scope=scope
        )
        .exclude(breakdown="")
        .values_list("breakdown", "value")
    )
    for cell in combination_figures(indicator, scope, [period]):
        if cell.territory_id == territory.pk:
            values[cell.breakdown] = cell.value
    return values


def breakdown_lists(indicator: Indicator, values: dict) -> list[tuple[str, list]]:
    """[(title, [(label, value)])] for the indicator page: one list per disaggregation (its
    margins), then, with several disaggregations, every combination of them."""
    prefetch_related_objects([indicator], "dimensions__categories")
    dimensions = list(indicator.dimensions.all())
    lists = [
        (
            dimension.name,
            [
                (category.name, values.get(breakdown_key({dimension.code: category.code})))
                for category in dimension.categories.all()
            ],
        )
        for dimension in dimensions
    ]
    if len(dimensions) > 1:
        crossed = [(label, values.get(key)) for key, label in combinations(indicator)]
        lists.append((" \u00d7 ".join(dimension.name for dimension in dimensions), crossed))
    return lists


def partner_indicators(partner, initiative: Initiative):
    """Adopted indicators this partner reports (ratios are computed, never entered)."""
    return (
        Indicator.objects.filter(initiative=initiative, status=Indicator.Status.ADOPTED)
        .exclude(aggregation=Indicator.Aggregation.RATIO)
        .filter(Q(reporting_partners=partner) if partner else Q())
        .distinct()
    )
