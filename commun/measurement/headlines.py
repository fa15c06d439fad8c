"""An indicator's card: its latest complete figure, the one before it, a more recent partial
period and the target ahead."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from commun.measurement.coverage import Coverage, partial_cells
from commun.measurement.models import Aggregate, Indicator, Target, Territory


@dataclass(frozen=True)
class LatestFigure:
    period: str
    value: Decimal | None


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


def headlines(
    indicators, territory: Territory | None, scope: str, *, targets: bool = True
) -> list[Headline]:
    """Each indicator's latest complete figure for the territory (total), the complete one
    before it, and a more recent partial period if any, in a fixed number of queries; the
    target ahead unless `targets` is false (targets are set for the main territory, not its
    parts)."""
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
    ahead: dict[int, list[Target]] = {}
    if targets:
        for target in Target.objects.filter(indicator__in=indicators).order_by("period"):
            ahead.setdefault(target.indicator_id, []).append(target)
    partial = partial_cells(
        [(i, figure.period) for i in indicators for figure in latest.get(i.pk, [])], scope
    )
    return [
        headline(indicator, latest.get(indicator.pk, []), partial, ahead.get(indicator.pk, []))
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
