"""Reading figures: which indicators a person may see, and their precomputed values."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from commun.access import Action, can
from commun.initiatives.models import Initiative
from commun.measurement.models import Aggregate, Indicator, Target, Territory


def visible_indicators(user, initiative: Initiative):
    """Staff see every indicator; members see adopted or retired ones meant for partners or all."""
    indicators = Indicator.objects.filter(initiative=initiative)
    if can(user, Action.MANAGE_INDICATORS, initiative):
        return indicators
    return indicators.exclude(status=Indicator.Status.DRAFT).filter(
        visibility__in=[Indicator.Visibility.PUBLIC, Indicator.Visibility.PARTNERS]
    )


def public_indicators(initiative: Initiative):
    """What the initiative chose to publish: adopted indicators marked public."""
    return Indicator.objects.filter(
        initiative=initiative,
        status=Indicator.Status.ADOPTED,
        visibility=Indicator.Visibility.PUBLIC,
    )


def visible_to_token(token):
    """A partner's token sees what partners see; the backbone's token sees every indicator."""
    indicators = Indicator.objects.filter(initiative=token.initiative)
    if token.partner is None:
        return indicators
    return indicators.exclude(status=Indicator.Status.DRAFT).filter(
        visibility__in=[Indicator.Visibility.PUBLIC, Indicator.Visibility.PARTNERS]
    )


def figure_scope_for_token(token) -> str:
    return Aggregate.Scope.ALL if token.partner is None else Aggregate.Scope.APPROVED


def figure_scope(user, initiative: Initiative, asked: str | None = None) -> str:
    """Approved data for everyone; staff may ask for all submitted data too."""
    if asked == Aggregate.Scope.ALL and can(user, Action.REVIEW_DATA, initiative):
        return Aggregate.Scope.ALL
    return Aggregate.Scope.APPROVED


def main_territory(initiative: Initiative) -> Territory | None:
    return Territory.objects.filter(initiative=initiative, parent=None).order_by("pk").first()


@dataclass
class Headline:
    indicator: Indicator
    period: str | None
    value: Decimal | None
    previous: Decimal | None
    target: Decimal | None

    @property
    def trend(self) -> str:
        """ "better", "worse" or "same" against the previous period, by the indicator's direction."""
        if self.value is None or self.previous is None or self.value == self.previous:
            return "same"
        up = self.value > self.previous
        if self.indicator.direction == Indicator.Direction.DOWN:
            up = not up
        if self.indicator.direction == Indicator.Direction.BAND:
            return "same"
        return "better" if up else "worse"


def headlines(indicators, territory: Territory | None, scope: str) -> list[Headline]:
    """Each indicator's two latest figures for the territory (total), in two queries."""
    indicators = list(indicators)
    if territory is None:
        return [Headline(i, None, None, None, None) for i in indicators]
    rows = Aggregate.objects.filter(
        indicator__in=indicators, territory=territory, breakdown="", scope=scope
    ).order_by("indicator_id", "-period_start")
    latest: dict[int, list[Aggregate]] = {}
    for row in rows.only("indicator_id", "period", "value"):
        kept = latest.setdefault(row.indicator_id, [])
        if len(kept) < 2:
            kept.append(row)
    targets = {
        (t.indicator_id, t.period): t.value for t in Target.objects.filter(indicator__in=indicators)
    }
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
                targets.get((indicator.pk, period)) if period else None,
            )
        )
    return result


def series(indicator: Indicator, territory: Territory, scope: str, breakdown: str = ""):
    """[(period, value)] oldest first."""
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
    """{breakdown key: value} of one period and territory, totals and margins included."""
    return dict(
        Aggregate.objects.filter(
            indicator=indicator, period=period, territory=territory, scope=scope
        )
        .exclude(breakdown="")
        .values_list("breakdown", "value")
    )


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
