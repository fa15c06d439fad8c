"""Missing values: the cells a source says have no value, and why (`markers.py` reads them).

Written by the same all-or-nothing save as values (`entry.write_batch`): a missing value sent
for a cell replaces the value stored there (checked first like any change: a submitted value is
locked, an approved one needs a revision's reason), and a value sent later replaces the missing
value. The value a missing value replaces is kept on it (`replaced_value`, with the revision's
reason). A missing value counts in no figure: the roll-ups never see it.
"""

from commun.measurement.models import MissingValue, Observation
from commun.measurement.periods import period_start


def write_missing(batch, rows: list, replaced: list, *, by, result, revision: str = "") -> set:
    """Record the batch's missing values (`rows`: [(EntryRow, the value stored or None)]) and
    delete the missing values a value now replaces (`replaced`, their ids); the (indicator,
    period) pairs whose figures change (a value a missing value replaces)."""
    gone, superseded, records, touched = [], list(replaced), [], set()
    for row, current in rows:
        result.missing[row.symbol] += 1
        before = batch.missing.get((row.indicator.id, row.territory.id, row.breakdown))
        if (
            current is None
            and before
            and (before.reason, before.symbol) == (row.missing, row.symbol)
        ):
            result.unchanged += 1
            continue
        if before is not None:
            superseded.append(before.pk)
        if current is not None:
            gone.append(current.pk)
            touched.add((row.indicator, batch.period))
        records.append(
            MissingValue(
                indicator=row.indicator,
                period=batch.period,
                period_start=period_start(batch.period, row.indicator.frequency),
                territory=row.territory,
                breakdown=row.breakdown,
                partner=batch.partner,
                reason=row.missing,
                symbol=row.symbol,
                replaced_value=current.value if current else None,
                note=revision if current and current.status == Observation.Status.APPROVED else "",
                entered_by=by,
            )
        )
        if current is None and before is None:
            result.created += 1
        else:
            result.changed += 1
    if superseded:
        MissingValue.objects.filter(pk__in=superseded).delete()
    if gone:
        Observation.objects.filter(pk__in=gone).delete()
    MissingValue.objects.bulk_create(records, batch_size=500)
    return touched
