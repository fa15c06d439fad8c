"""The entry grid's read model: what a partner (or the backbone, `partner` None) is asked to
report for one territory and period, one group of indicators per frequency (a period is written
per frequency), each cell with the value stored (or why it is missing), the previous period's
value (to see a jump) and whether it is locked. Reads three queries per frequency, whatever the
number of indicators or cells; writing goes through `entry.save_batches`."""

from decimal import Decimal
from typing import NamedTuple

from django.utils import timezone

from commun.measurement.checks import LOCKED, reportable_breakdowns
from commun.measurement.completeness import closed_periods
from commun.measurement.figures import main_territory, partner_indicators
from commun.measurement.models import Indicator, MissingValue, Observation, Territory
from commun.measurement.periods import Frequency, PeriodError, normalize_period, previous_period


class PeriodGroup(NamedTuple):
    """The indicators of one frequency, and the period key the chosen period gives them (None
    when it cannot be written in that frequency)."""

    frequency: str
    label: str
    key: str | None
    indicators: list[Indicator]


class GridRow(NamedTuple):
    """One cell: one combination of an indicator's categories, one category alone (a margin)
    or its total."""

    indicator: Indicator
    breakdown: str
    label: str
    current: Observation | None
    previous: Decimal | None
    missing: MissingValue | None = None  # why the cell has no value, when a source said it

    @property
    def locked(self) -> bool:
        """Sent or approved: shown, not editable (staff reopen it)."""
        return self.current is not None and self.current.status in LOCKED


def reported_indicators(partner, initiative) -> list[Indicator]:
    """The indicators the grid asks for, with their categories read at once."""
    return list(partner_indicators(partner, initiative).prefetch_related("dimensions__categories"))


def default_territory(partner, initiative) -> Territory | None:
    """Where the partner enters values first: the territory it last reported on, else the
    initiative's widest one."""
    last = (
        Observation.objects.filter(partner=partner, indicator__initiative=initiative)
        .select_related("territory")
        .order_by("-entered_at")
        .first()
    )
    return last.territory if last else main_territory(initiative)


def entry_defaults(partner, indicators, initiative) -> tuple[Territory | None, str]:
    """Where and when the grid opens: the partner's default territory, and the last period that
    has ended for its first indicator's frequency."""
    frequency = indicators[0].frequency if indicators else "year"
    return default_territory(partner, initiative), closed_periods(
        frequency, timezone.localdate(), 1, initiative.fiscal_year_start
    )[0]


def period_groups(indicators, period: str, fiscal_start: int = 1) -> list[PeriodGroup]:
    """One group per frequency that has indicators, in the order of `Frequency` (fiscal years
    from the initiative's `fiscal_start` month)."""
    groups = []
    for frequency, label in Frequency.choices:
        group = [i for i in indicators if i.frequency == frequency]
        if not group:
            continue
        try:
            key = normalize_period(period, frequency, fiscal_start)
        except PeriodError:
            key = None
        groups.append(PeriodGroup(frequency, label, key, group))
    return groups


def grid_rows(groups: list[PeriodGroup], territory, partner) -> list[GridRow]:
    """Every cell of every group, in order, with what is stored now and the period before."""
    rows = []
    if territory is None:
        return rows
    for _frequency, _label, key, group in groups:
        if key is None:
            continue
        current = {
            (o.indicator_id, o.breakdown): o
            for o in Observation.objects.filter(
                indicator__in=group, period=key, territory=territory, partner=partner
            )
        }
        previous = {
            (o.indicator_id, o.breakdown): o.value
            for o in Observation.objects.filter(
                indicator__in=group,
                period=previous_period(key, group[0].frequency),
                territory=territory,
                partner=partner,
            )
        }
        missing = {
            (m.indicator_id, m.breakdown): m
            for m in MissingValue.objects.filter(
                indicator__in=group, period=key, territory=territory, partner=partner
            )
        }
        for indicator in group:
            for breakdown, label in reportable_breakdowns(indicator):
                rows.append(
                    GridRow(
                        indicator,
                        breakdown,
                        label,
                        current.get((indicator.pk, breakdown)),
                        previous.get((indicator.pk, breakdown)),
                        missing.get((indicator.pk, breakdown)),
                    )
                )
    return rows
