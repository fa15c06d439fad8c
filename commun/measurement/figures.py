"""Reading figures: which indicators a person may see, and their precomputed values."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, Window, prefetch_related_objects
from django.db.models.functions import RowNumber

from commun.access import Action, can
from commun.initiatives.models import Initiative
from commun.measurement.aggregation import breakdown_key, combination_figures, is_combination
from commun.measurement.checks import combinations
from commun.measurement.models import Aggregate, Indicator, Observation, Target, Territory
from commun.measurement.periods import period_bounds
from commun.measurement.rollup import SCOPES


def indicators_seen(initiative: Initiative, *, backbone: bool):
    """The backbone sees every indicator; partners and observers see adopted or retired ones
    meant for partners or for everyone."""
    indicators = Indicator.objects.filter(initiative=initiative)
    if backbone:
        return indicators
    return indicators.exclude(status=Indicator.Status.DRAFT).filter(
        visibility__in=[Indicator.Visibility.PUBLIC, Indicator.Visibility.PARTNERS]
    )


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


@dataclass(frozen=True)
class LatestFigure:
    period: str
    value: Decimal | None


@dataclass
class Headline:
    indicator: Indicator
    period: str | None
    value: Decimal | None
    previous: Decimal | None
    target: "Target | None"  # the target of this period, or the next one
    partial: bool = False  # some reporting partners have not sent this period yet

    @property
    def gap(self) -> Decimal | None:
        """How far the figure is from the target, in the indicator's unit (positive: above)."""
        if self.target is None or self.value is None:
            return None
        return self.value - self.target.value

    @property
    def trend(self) -> str:
        """ "better", "worse" or "same" against the previous period, by the indicator's direction.

        A partial period has no trend: a partner that has not reported yet is not a change."""
        if self.partial or self.value is None or self.previous is None:
            return "same"
        if self.value == self.previous or self.indicator.direction == Indicator.Direction.BAND:
            return "same"
        up = self.value > self.previous
        if self.indicator.direction == Indicator.Direction.DOWN:
            up = not up
        return "better" if up else "worse"


def headlines(indicators, territory: Territory | None, scope: str) -> list[Headline]:
    """Each indicator's two latest figures for the territory (total), in a fixed number of
    queries."""
    indicators = list(indicators)
    if territory is None:
        return [Headline(i, None, None, None, None) for i in indicators]
    # The two latest periods of each indicator, ranked in the database: the page reads 2 rows per
    # indicator whatever the length of its history.
    rows = (
        Aggregate.objects.filter(
            indicator__in=indicators, territory=territory, breakdown="", scope=scope
        )
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("indicator_id")], order_by=F("period_start").desc()
            )
        )
        .filter(rank__lte=2)
        .order_by("indicator_id", "rank")
        .values_list("indicator_id", "period", "value")
    )
    latest: dict[int, list[tuple]] = {}
    for indicator_id, period, value in rows:
        latest.setdefault(indicator_id, []).append(LatestFigure(period, value))
    targets: dict[int, list[Target]] = {}
    for target in Target.objects.filter(indicator__in=indicators).order_by("period"):
        targets.setdefault(target.indicator_id, []).append(target)
    prefetch_related_objects(indicators, "reporting_partners")
    partial = partial_cells(
        [(i, latest[i.pk][0].period) for i in indicators if latest.get(i.pk)], scope
    )
    result = []
    for indicator in indicators:
        rows_here = latest.get(indicator.pk, [])
        period = rows_here[0].period if rows_here else None
        result.append(
            Headline(
                indicator,
                period,
                rows_here[0].value if rows_here else None,
                rows_here[1].value if len(rows_here) > 1 else None,
                next_target(targets.get(indicator.pk, []), period),
                (indicator.pk, period) in partial,
            )
        )
    return result


def next_target(targets: list, period: str | None):
    """The target of `period`, or the first one after it (periods of one frequency sort as text)."""
    if period is None:
        return None
    return next((t for t in targets if t.period >= period), None)


def partial_cells(pairs, scope: str) -> set[tuple[int, str]]:
    """Of the (indicator, period) pairs, those for which some partners that were reporting the
    indicator sent nothing counted in `scope`: their figure is not final, and no trend or
    forecast should rest on them. One query; indicators come with their reporting partners."""
    pairs = [
        (i, p)
        for i, p in pairs
        if i.aggregation != Indicator.Aggregation.RATIO and i.reporting_partners.all()
    ]
    if not pairs:
        return set()
    # The status inside each pair's condition: each pair then reads the (indicator, period,
    # status) index; a status condition outside the pairs leads SQLite to the (status, indicator)
    # index, through every approved value of the initiative.
    condition = Q()
    for indicator, period in pairs:
        condition |= Q(indicator_id=indicator.pk, period=period, status__in=SCOPES[scope])
    reported = {
        (ind, period): n
        for ind, period, n in Observation.objects.filter(condition, partner__isnull=False)
        .values("indicator_id", "period")
        .annotate(n=Count("partner", distinct=True))
        .values_list("indicator_id", "period", "n")
    }
    partial = set()
    for indicator, period in pairs:
        starts, ends = period_bounds(period, indicator.frequency)
        expected = sum(1 for p in indicator.reporting_partners.all() if p.took_part(starts, ends))
        if reported.get((indicator.pk, period), 0) < expected:
            partial.add((indicator.pk, period))
    return partial


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


def forecast(points, frequency: str, horizon: int = 3) -> list[tuple[str, float]]:
    """ "Turn the curve": where the line goes if nothing changes — the least-squares line through
    the observed values, carried `horizon` periods past the last one (needs 3 points or more)."""
    from commun.measurement.periods import next_period

    values = [(period, float(value)) for period, value in points if value is not None]
    if len(values) < 3:
        return []
    n = len(values)
    xs = range(n)
    mean_x = sum(xs) / n
    mean_y = sum(v for _p, v in values) / n
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (v - mean_y) for x, (_p, v) in zip(xs, values, strict=True)) / spread
    line = [(values[-1][0], values[-1][1])]
    period = values[-1][0]
    for step in range(1, horizon + 1):
        period = next_period(period, frequency)
        line.append((period, mean_y + slope * (n - 1 + step - mean_x)))
    return line


def ecosystem_links(user, initiative: Initiative) -> list[tuple[str, str, str, list[str]]]:
    """[(who collects, which data, how often, [for whom])] of the adopted indicators one may see."""
    from django.utils.translation import gettext as _

    audiences = {
        Indicator.Visibility.PUBLIC: [_("The public"), _("Partners"), _("The backbone")],
        Indicator.Visibility.PARTNERS: [_("Partners"), _("The backbone")],
        Indicator.Visibility.BACKBONE: [_("The backbone")],
    }
    links = []
    for indicator in (
        visible_indicators(user, initiative)
        .filter(status=Indicator.Status.ADOPTED)
        .prefetch_related("reporting_partners")
    ):
        label = str(indicator.name)
        collectors = [p.acronym or str(p.name) for p in indicator.reporting_partners.all()]
        if not collectors:
            collectors = [indicator.source or _("The backbone")]
        for collector in collectors:
            links.append(
                (
                    str(collector),
                    label,
                    str(indicator.get_frequency_display()),
                    audiences[indicator.visibility],
                )
            )
    return links


def partial_periods(indicator: Indicator, periods, scope: str) -> set[str]:
    """The periods of one indicator whose figure is partial (see `partial_cells`)."""
    return {period for _i, period in partial_cells([(indicator, p) for p in periods], scope)}
