"""Figures written out for spreadsheets."""

import csv

from django.utils.translation import gettext as _

from commun.formatting.numbers import plain_number
from commun.measurement.aggregation import combination_figures
from commun.measurement.checks import combinations
from commun.measurement.models import Aggregate, Indicator, Territory


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
    places = {t.pk: t for t in Territory.objects.filter(initiative_id=indicator.initiative_id)}
    stored = Aggregate.objects.filter(indicator=indicator, scope=scope).values_list(
        "period", "period_start", "territory_id", "breakdown", "value", "count"
    )
    crossed = [
        (c.period, c.period_start, c.territory_id, c.breakdown, c.value, c.count)
        for c in combination_figures(
            indicator, scope, deepest=max((t.depth for t in places.values()), default=0)
        )
    ]
    rows = sorted([*stored, *crossed], key=lambda row: (row[1], places[row[2]].path, row[3]))
    for period, _start, territory_id, key, value, count in rows:
        writer.writerow(
            [
                indicator.code,
                period,
                places[territory_id].name,
                labels.get(key, key) if key else _("Total"),
                "" if value is None else plain_number(round(value, indicator.decimals)),
                count,
            ]
        )
