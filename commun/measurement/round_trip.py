"""An indicator's CSV of figures (`exports.write_figures_csv`) imported back: it changes nothing.

That file holds figures, not values: a territory's figure adds up its parts', a total or a
margin adds up its cells, and several partners may count in one cell. Written back as values,
they would freeze what Commun computes (a territory's own value wins over its parts). So a row
of such a file (known by its "Values counted" column) whose value is the figure Commun shows for
its cell — either scope, approved or all values, at the indicator's decimals as the file writes
it — is unchanged; only a row that says something else is sent as a value, and checked as any.
"""

from collections import defaultdict
from decimal import Decimal

from commun.measurement.aggregation import combination_figures, is_combination
from commun.measurement.models import Aggregate
from commun.measurement.parsing import Parsed

SCOPES = [choice for choice, _label in Aggregate.Scope.choices]


def set_aside_figures_as_shown(parsed: Parsed) -> None:
    """Take out of `parsed`'s batches the rows that say what Commun shows (`parsed.as_shown`
    counts them); the rows left are values to check and write."""
    rows = [row for batch in parsed.batches for row in batch.rows]
    if not rows:
        return
    indicators = {row.indicator.id: row.indicator for row in rows}
    periods = {batch.period for batch in parsed.batches}
    shown = defaultdict(set)  # (indicator, period, territory, breakdown) -> figures
    stored = Aggregate.objects.filter(
        indicator_id__in=list(indicators), period__in=list(periods), value__isnull=False
    ).values_list("indicator_id", "period", "territory_id", "breakdown", "value")
    for indicator_id, period, territory_id, breakdown, value in stored:
        shown[(indicator_id, period, territory_id, breakdown)].add(value)
    crossed = defaultdict(set)  # cells crossing disaggregations: computed when read
    for row in rows:
        if is_combination(row.breakdown):
            crossed[row.indicator.id].add(row.breakdown)
    for indicator_id, keys in crossed.items():
        for scope in SCOPES:
            for figure in combination_figures(indicators[indicator_id], scope, periods, keys):
                if figure.value is not None:
                    cell = (indicator_id, figure.period, figure.territory_id, figure.breakdown)
                    shown[cell].add(figure.value)
    for batch in parsed.batches:
        kept = []
        for row in batch.rows:
            figures = shown.get((row.indicator.id, batch.period, row.territory.id, row.breakdown))
            if figures and is_shown(row.value, figures, row.indicator.decimals):
                parsed.as_shown += 1
            else:
                kept.append(row)
        batch.rows = kept
    parsed.batches = [batch for batch in parsed.batches if batch.rows]


def is_shown(value: Decimal | None, figures: set, decimals: int) -> bool:
    """Whether a value read from the file is one of the cell's figures, as stored or as the
    file writes it (rounded to the indicator's decimals)."""
    return value is not None and any(
        value == figure or value == round(figure, decimals) for figure in figures
    )
