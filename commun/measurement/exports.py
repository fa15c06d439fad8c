"""Figures written out for spreadsheets."""

import csv

from django.utils.translation import gettext as _

from commun.measurement.checks import combinations, plain_number
from commun.measurement.models import Aggregate, Indicator


def write_figures_csv(out, indicator: Indicator, scope: str) -> None:
    labels = dict(combinations(indicator))
    writer = csv.writer(out)
    writer.writerow(
        [
            _("indicator"),
            _("period"),
            _("territory"),
            _("breakdown"),
            _("value"),
            _("values counted"),
        ]
    )
    rows = (
        Aggregate.objects.filter(indicator=indicator, scope=scope)
        .select_related("territory")
        .order_by("period_start", "territory__path", "breakdown")
    )
    for row in rows:
        writer.writerow(
            [
                indicator.code,
                row.period,
                row.territory.name,
                labels.get(row.breakdown, row.breakdown) if row.breakdown else _("Total"),
                "" if row.value is None else plain_number(round(row.value, indicator.decimals)),
                row.count,
            ]
        )
