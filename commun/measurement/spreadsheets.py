"""The reporting sheet a partner downloads, fills in offline and sends back (Excel round trip)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from commun.formatting.numbers import plain_number
from commun.measurement.aggregation import parse_breakdown
from commun.measurement.checks import combinations
from commun.measurement.completeness import closed_periods
from commun.measurement.figures import main_territory, partner_indicators
from commun.measurement.models import Observation

PERIODS_PREFILLED = 2


def reporting_workbook(initiative, partner) -> bytes:
    """One row per value due or already entered: what exists is filled in, the rest is blank."""
    indicators = list(
        partner_indicators(partner, initiative).prefetch_related("dimensions__categories")
    )
    dimensions = []
    for indicator in indicators:
        for dimension in indicator.dimensions.all():
            if dimension not in dimensions:
                dimensions.append(dimension)
    headers = [_("indicator"), _("indicator name"), _("period"), _("territory")]
    headers += [d.name for d in dimensions] + [_("value"), _("comment"), _("status")]
    book = Workbook()
    sheet = book.active
    sheet.title = _("Values")[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E3F1EA")
    territory = main_territory(initiative)
    today = timezone.localdate()
    periods_of = {i.pk: closed_periods(i.frequency, today, PERIODS_PREFILLED) for i in indicators}
    entered_by_indicator = {}
    for o in Observation.objects.filter(
        indicator__in=indicators,
        partner=partner,
        period__in={p for periods in periods_of.values() for p in periods},
    ).select_related("territory"):
        entered_by_indicator.setdefault(o.indicator_id, {})[
            (o.period, o.territory_id, o.breakdown)
        ] = o
    for indicator in indicators:
        combos = combinations(indicator)
        periods = periods_of[indicator.pk]
        entered = entered_by_indicator.get(indicator.pk, {})
        places = {o.territory for o in entered.values()} | ({territory} if territory else set())
        for period in periods:
            for place in sorted(places, key=lambda t: t.path):
                for key, _label in combos:
                    obs = entered.get((period, place.pk, key))
                    if obs is None and place != territory:
                        continue
                    parts = parse_breakdown(key)
                    sheet.append(
                        [indicator.code, indicator.name, period, place.code]
                        + [parts.get(d.code, "") for d in dimensions]
                        + [
                            plain_number(obs.value) if obs else "",
                            obs.comment if obs else "",
                            obs.get_status_display() if obs else "",
                        ]
                    )
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 50)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
