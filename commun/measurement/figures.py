"""Reading figures: which indicators a person may see, and their precomputed values."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.utils.translation import ngettext

from commun.access import Action, can
from commun.i18n import TranslatedField
from commun.initiatives.models import Initiative
from commun.measurement.aggregation import breakdown_key, combination_figures, is_combination
from commun.measurement.checks import combinations
from commun.measurement.models import Aggregate, Indicator, Observation, Target, Territory
from commun.measurement.periods import LAST_YEAR, next_period, period_bounds, period_start
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


@dataclass(frozen=True)
class Coverage:
    """How many of the partners expected to report a period have sent something for it."""

    reported: int
    expected: int

    @property
    def partial(self) -> bool:
        return self.reported < self.expected

    @property
    def short(self) -> str:
        """ "12/25 partners", for a chart's label."""
        return ngettext(
            "%(reported)d/%(expected)d partner",
            "%(reported)d/%(expected)d partners",
            self.expected,
        ) % {"reported": self.reported, "expected": self.expected}

    @property
    def sentence(self) -> str:
        """ "12 of 25 partners have reported" / "12 partenaires sur 25 ont transmis leurs données"."""
        if self.reported == 0:
            return ngettext(
                "The partner expected has not reported yet",
                "None of the %(expected)d partners expected has reported yet",
                self.expected,
            ) % {"expected": self.expected}
        return ngettext(
            "%(reported)d of %(expected)d partners has reported",
            "%(reported)d of %(expected)d partners have reported",
            self.reported,
        ) % {"reported": self.reported, "expected": self.expected}


@dataclass(frozen=True)
class Provisional:
    """A period more recent than the headline's, not final yet: some partners have not reported."""

    period: str
    value: Decimal | None
    coverage: Coverage


@dataclass
class Headline:
    """What a card shows: the latest complete period's figure, compared with the complete period
    before it, and the target ahead. A more recent partial period is only announced (`pending`):
    it feeds neither the figure, nor the trend, nor the distance to the target."""

    indicator: Indicator
    period: str | None
    value: Decimal | None
    previous: Decimal | None
    target: "Target | None"  # the target of this period, or the next one
    partial: bool = False  # no complete period among the latest: this figure is partial
    previous_period: str | None = None
    pending: Provisional | None = None
    coverage: Coverage | None = None  # of `period`, when it is partial

    @property
    def gap(self) -> Decimal | None:
        """How far the figure is from the target, in the indicator's unit (positive: above)."""
        if self.partial or self.target is None or self.value is None:
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


# How many of an indicator's latest periods a card reads to find its latest complete one (and the
# complete one before it), whatever the length of its history.
LOOK_BACK = 4


def headlines(indicators, territory: Territory | None, scope: str) -> list[Headline]:
    """Each indicator's latest complete figure for the territory (total), the complete one
    before it, and a more recent partial period if any, in a fixed number of queries."""
    indicators = list(indicators)
    if territory is None:
        return [Headline(i, None, None, None, None) for i in indicators]
    # The latest periods of each indicator, ranked in the database: the page reads a few rows per
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
        .filter(rank__lte=LOOK_BACK)
        .order_by("indicator_id", "rank")
        .values_list("indicator_id", "period", "value")
    )
    latest: dict[int, list[LatestFigure]] = {}
    for indicator_id, period, value in rows:
        latest.setdefault(indicator_id, []).append(LatestFigure(period, value))
    targets: dict[int, list[Target]] = {}
    for target in Target.objects.filter(indicator__in=indicators).order_by("period"):
        targets.setdefault(target.indicator_id, []).append(target)
    with_partners(indicators)
    partial = partial_cells(
        [(i, figure.period) for i in indicators for figure in latest.get(i.pk, [])], scope
    )
    return [
        headline(indicator, latest.get(indicator.pk, []), partial, targets.get(indicator.pk, []))
        for indicator in indicators
    ]


def headline(indicator, figures: list[LatestFigure], partial: dict, targets) -> Headline:
    """The card of one indicator from its latest figures (newest first)."""
    complete = [f for f in figures if (indicator.pk, f.period) not in partial]
    if not complete:  # nothing final among the latest periods: show the latest, marked partial
        if not figures:
            return Headline(indicator, None, None, None, None)
        shown = figures[0]
        return Headline(
            indicator,
            shown.period,
            shown.value,
            None,
            next_target(targets, shown.period),
            partial=True,
            coverage=partial[(indicator.pk, shown.period)],
        )
    shown = complete[0]
    before = complete[1] if len(complete) > 1 else None
    newest = figures[0]
    pending = None
    if newest is not shown:
        pending = Provisional(newest.period, newest.value, partial[(indicator.pk, newest.period)])
    return Headline(
        indicator,
        shown.period,
        shown.value,
        before.value if before else None,
        next_target(targets, shown.period),
        previous_period=before.period if before else None,
        pending=pending,
    )


def next_target(targets: list, period: str | None):
    """The target of `period`, or the first one after it (periods of one frequency sort as text)."""
    if period is None:
        return None
    return next((t for t in targets if t.period >= period), None)


def with_partners(indicators) -> None:
    """Load what `partial_cells` reads: each indicator's reporting partners, and a ratio's sides'."""
    prefetch_related_objects(
        indicators,
        "reporting_partners",
        "numerator__reporting_partners",
        "denominator__reporting_partners",
    )


def partial_cells(pairs, scope: str) -> dict[tuple[int, str], Coverage]:
    """Of the (indicator, period) pairs, those for which some partners that were reporting the
    indicator sent nothing counted in `scope`, with their coverage: their figure is not final,
    and no trend, forecast or distance to a target should rest on them. A ratio is partial when
    its numerator or its denominator is (with the lower coverage of the two). One query;
    indicators come with their reporting partners (`with_partners`)."""
    pairs = list(pairs)
    measured = []  # (indicator whose values are counted, period)
    for indicator, period in pairs:
        if indicator.aggregation == Indicator.Aggregation.RATIO:
            measured += [
                (side, period)
                for side in (indicator.numerator, indicator.denominator)
                if side is not None
            ]
        else:
            measured.append((indicator, period))
    measured = [(i, p) for i, p in measured if i.reporting_partners.all()]
    if not measured:
        return {}
    # The status inside each pair's condition: each pair then reads the (indicator, period,
    # status) index; a status condition outside the pairs leads SQLite to the (status, indicator)
    # index, through every approved value of the initiative.
    condition = Q()
    for indicator, period in set((i.pk, p) for i, p in measured):
        condition |= Q(indicator_id=indicator, period=period, status__in=SCOPES[scope])
    reported = {
        (ind, period): n
        for ind, period, n in Observation.objects.filter(condition, partner__isnull=False)
        .values("indicator_id", "period")
        .annotate(n=Count("partner", distinct=True))
        .values_list("indicator_id", "period", "n")
    }

    def coverage_of(indicator, period) -> Coverage | None:
        if not indicator.reporting_partners.all():
            return None
        starts, ends = period_bounds(period, indicator.frequency)
        expected = sum(1 for p in indicator.reporting_partners.all() if p.took_part(starts, ends))
        found = Coverage(reported.get((indicator.pk, period), 0), expected)
        return found if found.partial else None

    partial = {}
    for indicator, period in pairs:
        if indicator.aggregation == Indicator.Aggregation.RATIO:
            sides = [indicator.numerator, indicator.denominator]
        else:
            sides = [indicator]
        found = [c for side in sides if side is not None if (c := coverage_of(side, period))]
        if found:
            partial[(indicator.pk, period)] = min(found, key=lambda c: c.reported / c.expected)
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


def forecast(points, frequency: str, horizon: int = 3, partial=()) -> list[tuple[str, float]]:
    """ "Turn the curve": where the line goes if nothing changes — the least-squares line through
    the observed values of complete periods (`partial` ones left out), over time, carried
    `horizon` periods past the last one (needs 3 points or more), never past the years Commun
    measures (a period stored before they were bounded has no forecast)."""
    values = [
        (period, float(value))
        for period, value in points
        if value is not None and period not in partial
    ]
    if len(values) < 3:
        return []
    xs = [period_position(period, frequency) for period, _v in values]
    n = len(values)
    mean_x = sum(xs) / n
    mean_y = sum(v for _p, v in values) / n
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (v - mean_y) for x, (_p, v) in zip(xs, values, strict=True)) / spread
    line = [(values[-1][0], values[-1][1])]
    period = values[-1][0]
    if period_start(period, frequency).year > LAST_YEAR:
        return []
    for step in range(1, horizon + 1):
        period = next_period(period, frequency)
        if period_start(period, frequency).year > LAST_YEAR:
            break
        line.append((period, mean_y + slope * (xs[-1] + step - mean_x)))
    return line if len(line) > 1 else []


def period_position(period: str, frequency: str) -> int:
    """The period's place on a line where each period is one step (a gap in the data is a gap)."""
    start = period_start(period, frequency)
    months = start.year * 12 + start.month - 1
    return months // {"year": 12, "quarter": 3}.get(frequency, 1)


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


def partial_periods(indicator: Indicator, periods, scope: str) -> dict[str, Coverage]:
    """The periods of one indicator whose figure is partial, with their coverage (see
    `partial_cells`)."""
    with_partners([indicator])
    return {
        period: coverage
        for (_i, period), coverage in partial_cells(
            [(indicator, p) for p in periods], scope
        ).items()
    }


@dataclass
class TargetChange:
    """One change to one of an indicator's targets, as its history page lists it."""

    when: object
    who: object
    kind: str  # "+" created, "~" changed, "-" deleted
    period: str
    value: Decimal
    note_fr: str
    note_en: str
    before: "TargetChange | None" = None  # the same target just before this change
    note = TranslatedField()

    @property
    def changed(self) -> list[str]:
        """What differs from the version before: "period", "value", "note_fr", "note_en"."""
        if self.before is None:
            return []
        return [
            name
            for name in ("period", "value", "note_fr", "note_en")
            if getattr(self, name) != getattr(self.before, name)
        ]


def target_history(indicator: Indicator, limit: int = 30) -> list[TargetChange]:
    """The latest changes to the indicator's targets, newest first (one query)."""
    rows = (
        Target.history.filter(indicator_id=indicator.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    changes, last = [], {}
    for row in rows:
        change = TargetChange(
            row.history_date,
            row.history_user,
            row.history_type,
            row.period,
            row.value,
            row.note_fr,
            row.note_en,
            before=last.get(row.id),
        )
        last[row.id] = change
        changes.append(change)
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes[:limit]
