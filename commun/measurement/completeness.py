"""Who reported what, for which period, and what is late."""

from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Count

from commun.formatting.sorting import dictionary_key
from commun.measurement.models import Indicator, Observation
from commun.measurement.periods import period_bounds, period_of, previous_period

PERIODS_SHOWN = 4
# Worst first: a cell shows the least advanced status among its values.
STATUS_ORDER = ["returned", "draft", "submitted", "approved"]


@dataclass(frozen=True)
class Cell:
    status: str  # one of STATUS_ORDER, "late" (period over, nothing sent), "due" (still open),
    # or "before" (not a partner at the time: joined later, or had left)
    count: int = 0
    period: str = ""


def closed_periods(
    frequency: str, today: date, count: int = PERIODS_SHOWN, fiscal_start: int = 1
) -> list[str]:
    """The last `count` periods that have ended by `today`, oldest first (a fiscal year ends
    at the end of its twelfth month from `fiscal_start`)."""
    current = period_of(today, frequency, fiscal_start)
    periods, period = [], previous_period(current, frequency)
    while len(periods) < count:
        periods.append(period)
        period = previous_period(period, frequency)
    return periods[::-1]


def completeness(initiative, today: date, partner=None):
    """[(indicator, periods, [(partner, [Cell per period])])] for adopted reported indicators."""
    indicators = list(
        Indicator.objects.filter(initiative=initiative, status=Indicator.Status.ADOPTED)
        .exclude(aggregation=Indicator.Aggregation.RATIO)
        .prefetch_related("reporting_partners")
        .order_by("position", "code")
    )
    start = initiative.fiscal_year_start
    periods = {
        ind.pk: closed_periods(ind.frequency, today, fiscal_start=start) for ind in indicators
    }
    wanted = {p for ps in periods.values() for p in ps}
    rows = Observation.objects.filter(
        indicator__in=indicators, period__in=wanted, partner__isnull=False
    )
    if partner is not None:
        rows = rows.filter(partner=partner)
    found = {}
    for ind, who, period, status, n in rows.values_list(
        "indicator_id", "partner_id", "period", "status"
    ).annotate(n=Count("pk")):
        key = (ind, who, period)
        best = found.get(key)
        if best is None or STATUS_ORDER.index(status) < STATUS_ORDER.index(best.status):
            found[key] = Cell(status, n + (best.count if best else 0))
        else:
            found[key] = Cell(best.status, best.count + n)
    table = []
    for ind in indicators:
        reporters = [p for p in ind.reporting_partners.all() if partner is None or p == partner]
        if not reporters:
            continue
        lines = []
        for who in sorted(reporters, key=lambda p: dictionary_key(p.name)):
            cells = []
            for period in periods[ind.pk]:
                cell = found.get((ind.pk, who.pk, period))
                starts, ends = period_bounds(period, ind.frequency)
                if cell is None and not who.took_part(starts, ends):
                    cell = Cell("before")  # not a partner at the time: nothing was due
                elif cell is None:
                    cell = Cell("late" if ends <= today else "due")
                cells.append(replace(cell, period=period))
            lines.append((who, cells))
        table.append((ind, periods[ind.pk], lines))
    return table
