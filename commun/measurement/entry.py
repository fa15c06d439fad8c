"""Writing reported values: one path for the entry grid, imports and the API.

Everything a person sends is checked first (`checks.py`); if any row is wrong nothing is written,
and each problem names its row. Then every row is written in bulk in one transaction, with the
history of corrections, and the figures of what changed are rebuilt (`aggregation.rebuild`).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commun.measurement.aggregation import deepest_depth, lock_figures, rebuild
from commun.measurement.bulk import insert_rows, stored_form
from commun.measurement.checks import (
    LOCKED,
    Batch,
    EntryRejected,
    EntryRow,
    Problem,
    check_batches,
)
from commun.measurement.missing import write_missing
from commun.measurement.models import Observation, ObservationChange
from commun.measurement.page_cache import figures_changed
from commun.measurement.periods import period_start


@dataclass
class SaveResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    missing: Counter = field(default_factory=Counter)  # {symbol: missing values sent}


def write_batch(
    batch: Batch,
    *,
    by,
    provenance: str,
    status: str,
    result: SaveResult,
    revision: str = "",
    new: list,
) -> set:
    """Write a checked batch in bulk, its new values added to `new` (rows for `insert_rows`,
    which the caller inserts at once, for every batch); returns the (indicator, period) pairs
    whose figures change. An approved value it changes is a revision: `revision`, the reason,
    goes in its history."""
    now = timezone.now()
    # New rows go to the database as it stores them (`insert_rows(prepared=True)`).
    stored = stored_form()
    stored_now, by_id = stored(now), by.pk if by else None
    starts, partner = {}, batch.partner.pk if batch.partner else None
    updates, indicators, revised, before = {}, {}, set(), len(new)
    existing, absent = batch.existing, batch.missing
    missing_rows, replaced = [], []  # missing values sent; those a value replaces
    for row in batch.rows:
        indicator = row.indicator
        cell = (indicator.id, row.territory.id, row.breakdown)
        current = existing.get(cell) if existing else None
        if row.missing:
            missing_rows.append((row, current))
            continue
        if current and current.status in LOCKED and current.value == row.value:
            result.unchanged += 1
            continue
        comment = row.comment.strip()
        if current is None and cell in absent:
            replaced.append(absent[cell].pk)  # a value now given where one was missing
        if current is None:
            frequency = indicator.frequency
            if frequency not in starts:
                starts[frequency] = stored(period_start(batch.period, frequency))
            new.append(
                (
                    indicator.id,
                    batch.period,
                    starts[frequency],
                    row.territory.id,
                    row.breakdown,
                    partner,
                    stored(row.value),
                    None if row.numerator is None else stored(row.numerator),
                    None if row.denominator is None else stored(row.denominator),
                    None if row.weight is None else stored(row.weight),
                    comment,
                    row.quality,
                    status,
                    "",
                    provenance,
                    by_id,
                    stored_now,
                )
            )
        else:
            sent = (
                row.value,
                row.numerator,
                row.denominator,
                row.weight,
                comment,
                row.quality,
                status,
            )
            if sent == (
                current.value,
                current.numerator,
                current.denominator,
                current.weight,
                current.comment,
                current.quality,
                current.status,
            ):
                result.unchanged += 1
                continue
            updates[current.pk] = sent
            if current.status == Observation.Status.APPROVED and current.value != row.value:
                revised.add(current.pk)
        indicators[indicator.id] = indicator
    changed, originals = [], []
    for obs in Observation.objects.filter(pk__in=list(updates)) if updates else []:
        originals.append(state_of(obs))
        (
            obs.value,
            obs.numerator,
            obs.denominator,
            obs.weight,
            obs.comment,
            obs.quality,
            obs.status,
        ) = updates[obs.pk]
        obs.provenance, obs.entered_by, obs.return_reason = provenance, by, ""
        obs.entered_at = now
        changed.append(obs)
    Observation.objects.bulk_update(changed, [*UPDATED_FIELDS], batch_size=500)
    record_changes(originals, changed, by, dict.fromkeys(revised, revision))
    result.created += len(new) - before - len(replaced)
    result.changed += len(changed) + len(replaced)
    touched = write_missing(batch, missing_rows, replaced, by=by, result=result, revision=revision)
    return touched | {(indicator, batch.period) for indicator in indicators.values()}


NEW_OBSERVATION_COLUMNS = [
    "indicator_id",
    "period",
    "period_start",
    "territory_id",
    "breakdown",
    "partner_id",
    "value",
    "numerator",
    "denominator",
    "weight",
    "comment",
    "quality",
    "status",
    "return_reason",
    "provenance",
    "entered_by_id",
    "entered_at",
]
UPDATED_FIELDS = (
    "value",
    "numerator",
    "denominator",
    "weight",
    "comment",
    "quality",
    "status",
    "provenance",
    "entered_by",
    "return_reason",
    "entered_at",
)


def state_of(obs: Observation) -> ObservationChange:
    """The observation as it stands, as a history row (kept only if it is about to change)."""
    return ObservationChange(
        observation=obs,
        value=obs.value,
        status=obs.status,
        note=obs.return_reason,
        changed_by_id=obs.reviewed_by_id or obs.entered_by_id,
    )


def record_changes(originals: list, changed: list, by, notes: dict | None = None) -> None:
    """History of corrections: the new state of each changed observation, preceded — the first
    time it changes — by its original state, so that no value ever entered is lost. A value
    that never changes has no history rows: it is its own record. `notes`: {observation id:
    why it changed} (a revision's reason), else its return reason."""
    if not changed:
        return
    notes = notes or {}
    with_history = set(
        ObservationChange.objects.filter(observation__in=changed).values_list(
            "observation_id", flat=True
        )
    )
    rows = [state for state in originals if state.observation.pk not in with_history]
    rows += [
        ObservationChange(
            observation=obs,
            value=obs.value,
            status=obs.status,
            note=notes.get(obs.pk, obs.return_reason),
            changed_by=by,
        )
        for obs in changed
    ]
    ObservationChange.objects.bulk_create(rows, batch_size=1000)


def sent_status(partner) -> str:
    """What sending values makes of them: a partner's wait for review; the backbone's own data
    (no partner: only backbone staff enter it) is approved at once."""
    return Observation.Status.APPROVED if partner is None else Observation.Status.SUBMITTED


def save_batches(
    batches: list[Batch],
    *,
    by,
    provenance: str,
    status: str,
    progress=None,
    problems=(),
    revision: str = "",
    figures=None,
) -> SaveResult:
    """Check every batch, then write them all in one transaction, or nothing at all.

    `revision`: the reason backbone staff give for sending revised values over approved ones
    (the caller has checked they may); without it, an approved value is locked.

    `problems` are those already found while reading the rows (a file's unreadable cells): they
    are reported together with the checks, which run once. `progress(done, total)` is called as
    batches are checked, the first half of the work; the second, the writing, is one transaction
    that nobody else sees until it ends, so it reports no progress of its own.

    `figures(touched)`: what the transaction does with the (indicator, period) pairs it wrote,
    `rebuild_touched` unless said (a large import marks them for later: `figures_later.py`).
    """
    revising = bool(revision.strip())

    def write() -> SaveResult:
        return write_batches(
            batches,
            by=by,
            provenance=provenance,
            status=status,
            revision=revision.strip(),
            figures=figures,
        )

    found = check_batches(batches, problems, progress, revising)
    if found:
        raise EntryRejected(found)
    try:
        return write()
    except IntegrityError as error:
        if not any(name in str(error) for name in ONE_VALUE_PER_CELL):
            raise
    # Someone else sent one of these cells at the same moment and was first: check again
    # against what is now stored, so that this sending updates it, finds it unchanged, or is
    # refused with its reason (a value already submitted is locked).
    for batch in batches:
        batch.existing, batch.previous = {}, {}
    found = check_batches(batches, problems, revising=revising)
    if found:
        raise EntryRejected(found)
    return write()


# How the database names the constraints two writers sending the same new cell at once run
# into (PostgreSQL names the constraint; SQLite, the table and its columns).
ONE_VALUE_PER_CELL = (
    "one_value_per_partner_and_cell",
    "one_backbone_value_per_cell",
    "UNIQUE constraint failed: measurement_observation.",
)


def write_batches(
    batches: list[Batch], *, by, provenance: str, status: str, revision: str = "", figures=None
) -> SaveResult:
    """Write checked batches and rebuild their figures (or what `figures` does with the pairs
    they touched), in one transaction."""
    result = SaveResult()
    touched, new = set(), []
    with transaction.atomic():
        for batch in batches:
            touched |= write_batch(
                batch,
                by=by,
                provenance=provenance,
                status=status,
                result=result,
                revision=revision,
                new=new,
            )
        # Every batch's new values in one insert (one COPY on PostgreSQL).
        insert_rows(Observation, NEW_OBSERVATION_COLUMNS, new, prepared=True)
        (figures or rebuild_touched)(touched)
    return result


def save_observations(
    *, partner, period: str, territory, rows: list[EntryRow], by, provenance: str, status: str
) -> SaveResult:
    """Check every row, then write them all, or nothing (EntryRejected lists every problem)."""
    return save_batches(
        [Batch(partner, period, territory, rows)], by=by, provenance=provenance, status=status
    )


def review(observations, *, approve: bool, reason: str, by) -> int:
    """Approve submitted values, or return them (or reopen approved ones) with a reason."""
    if not approve and not reason.strip():
        raise EntryRejected([Problem("", _("Say why the values are returned."))])
    now = timezone.now()
    touched, originals, changed = set(), [], []
    with transaction.atomic():
        for obs in observations:
            if approve and obs.status != Observation.Status.SUBMITTED:
                continue
            if not approve and obs.status not in LOCKED:
                continue
            originals.append(state_of(obs))
            obs.status = Observation.Status.APPROVED if approve else Observation.Status.RETURNED
            obs.return_reason = "" if approve else reason.strip()
            obs.reviewed_by, obs.reviewed_at = by, now
            changed.append(obs)
            touched.add((obs.indicator, obs.period))
        Observation.objects.bulk_update(
            changed, ["status", "return_reason", "reviewed_by", "reviewed_at"], batch_size=500
        )
        record_changes(originals, changed, by)
        rebuild_touched(touched)
    return len(changed)


def rebuild_touched(touched) -> None:
    """Recompute the figures of each (indicator, period) pair, one rebuild per indicator.

    Every pair is locked first, at once (in a fixed order), so that two writers touching some
    of the same pairs never wait for each other."""
    lock_figures((indicator.pk, period) for indicator, period in touched)
    periods_by_indicator = {}
    for indicator, period in touched:
        periods_by_indicator.setdefault(indicator, set()).add(period)
    deepest = {}  # the territory tree's depth, asked once per initiative
    for indicator, periods in sorted(periods_by_indicator.items(), key=lambda item: item[0].pk):
        if indicator.initiative_id not in deepest:
            deepest[indicator.initiative_id] = deepest_depth(indicator.initiative_id)
        rebuild(indicator, periods, deepest[indicator.initiative_id], announce=False)
    # Last, once: pages find the new figures (the version row stays locked until the commit).
    for initiative_id in sorted(deepest):
        figures_changed(initiative_id)
