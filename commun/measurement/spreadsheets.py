"""The reporting sheet a partner downloads, fills in offline and sends back (Excel round trip)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from commun.measurement.aggregation import parse_breakdown
from commun.measurement.completeness import closed_periods
from commun.measurement.entry import combinations, plain_number
from commun.measurement.figures import main_territory, partner_indicators
from commun.measurement.models import Observation

PERIODS_PREFILLED = 2


def reporting_workbook(initiative, partner) -> bytes:
    """One row per value due or already entered: what exists is filled in, the rest is blank."""
    indicators = list(partner_indicators(partner, initiative).prefetch_related("dimensions"))
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
    for indicator in indicators:
        periods = closed_periods(indicator.frequency, today, PERIODS_PREFILLED)
        entered = {
            (o.period, o.territory_id, o.breakdown): o
            for o in Observation.objects.filter(
                indicator=indicator, partner=partner, period__in=periods
            ).select_related("territory")
        }
        places = {o.territory for o in entered.values()} | ({territory} if territory else set())
        for period in periods:
            for place in sorted(places, key=lambda t: t.path):
                for key, _label in combinations(indicator):
                    obs = entered.get((period, place.pk, key))
                    if obs is None and place != territory:
                        continue
                    parts = parse_breakdown(key)
                    sheet.append(
                        [indicator.code, indicator.name, period, place.code]
                        + [_category_name(d, parts.get(d.code)) for d in dimensions]
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


def _category_name(dimension, code):
    if code is None:
        return ""
    for category in dimension.categories.all():
        if category.code == code:
            return category.code
    return code
