"""Checking and writing reported values: one path for the entry grid, imports and the API.

Everything a person sends is checked first; if any row is wrong nothing is written, and each
problem names its row. A value far from the previous period's is accepted only with a comment.
"""

import itertools
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from commun.initiatives.models import Partner
from commun.measurement.aggregation import breakdown_key, ratio_factor, rebuild
from commun.measurement.bulk import insert_rows
from commun.measurement.models import MAX_COMBINATIONS, Indicator, Observation, ObservationChange
from commun.measurement.periods import period_start, previous_period

# A value that moves more than this share away from the previous period's needs a comment —
# unless the move is smaller than JUMP_MIN_ABSOLUTE (small numbers swing: 2 → 4 is not news).
JUMP_THRESHOLD = Decimal("0.5")
JUMP_MIN_ABSOLUTE = Decimal(5)
LOCKED = {Observation.Status.SUBMITTED, Observation.Status.APPROVED}
MAX_DIGITS_BEFORE_POINT = 14
STORED_PRECISION = Decimal("0.000001")


def combinations(indicator: Indicator) -> list[tuple[str, str]]:
    """[(breakdown key, label)] of every combination of the indicator's categories ("" if none).

    Uses `dimensions__categories` when the caller prefetched them (a grid of many indicators)."""
    dimensions = list(indicator.dimensions.all())
    if not dimensions:
        return [("", _("Total"))]
    choices = [[(d.code, c.code, c.name) for c in d.categories.all()] for d in dimensions]
    combos = []
    for picked in itertools.product(*choices):
        key = breakdown_key({dim: cat for dim, cat, _name in picked})
        combos.append((key, " · ".join(name for _dim, _cat, name in picked)))
    return combos


def count_combinations(dimensions) -> int:
    total = 1
    for dimension in dimensions:
        total *= max(dimension.categories.count(), 1)
    return total


def too_many_combinations(dimensions) -> str | None:
    count = count_combinations(dimensions)
    if count > MAX_COMBINATIONS:
        return _(
            "These disaggregations make %(count)d combinations; at most %(max)d are allowed. "
            "Report fewer disaggregations together, or group categories."
        ) % {"count": count, "max": MAX_COMBINATIONS}
    return None


@dataclass
class EntryRow:
    """One value someone wants to report. `where` names it in error reports (a line, a cell)."""

    indicator: Indicator
    breakdown: str
    value: Decimal | None
    where: str
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    weight: Decimal | None = None
    comment: str = ""
    territory: object = None  # None: the batch's territory
    line: int = 0  # its place in a file or a request


@dataclass
class Problem:
    where: str
    message: str
    line: int = 0  # where the row stands in what was sent, to list problems in that order


@dataclass
class EntryRejected(Exception):
    problems: list[Problem] = field(default_factory=list)


def parse_number(text: str) -> Decimal | None:
    """A number as people type it: "1 234,5", "1 234.5" (non-breaking spaces too), "12"."""
    cleaned = (text or "").strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if not cleaned:
        return None
    if "," in cleaned and "." in cleaned:
        cleaned = (
            cleaned.replace(",", "")
            if cleaned.rfind(".") > cleaned.rfind(",")
            else (cleaned.replace(".", "").replace(",", "."))
        )
    else:
        cleaned = cleaned.replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("“%(text)s” is not a number.") % {"text": text}) from None
    if not number.is_finite():
        raise ValueError(_("“%(text)s” is not a number.") % {"text": text})
    return number


def plain_number(value: Decimal) -> str:
    """12.500000 → "12.5", 1E+2 → "100": what a person would type back into a form."""
    text = format(value.normalize(), "f")
    return text


def show_number(value: Decimal) -> str:
    """A number written for the reader's language: "1 234,5" in French."""
    return number_format(Decimal(plain_number(value)), use_l10n=True, force_grouping=True)


def value_problems(row: EntryRow) -> list[str]:
    """What is wrong with the value itself, for its indicator's unit."""
    indicator, value = row.indicator, row.value
    problems = []
    if row.numerator is not None or row.denominator is not None:
        if row.numerator is None or row.denominator is None:
            problems.append(_("Give both the numerator and the denominator, or neither."))
        elif row.denominator <= 0:
            problems.append(_("The denominator must be greater than zero."))
        elif row.numerator < 0:
            problems.append(_("The numerator cannot be negative."))
        elif indicator.unit == Indicator.Unit.PERCENT and row.numerator > row.denominator:
            problems.append(_("The numerator cannot be greater than the denominator."))
        else:
            computed = row.numerator / row.denominator * ratio_factor(indicator)
            if value is not None and abs(value - computed) > Decimal("0.5") * Decimal(10) ** (
                -indicator.decimals
            ):
                problems.append(
                    _("The value %(value)s does not match numerator ÷ denominator (%(computed)s).")
                    % {
                        "value": show_number(value),
                        "computed": show_number(round(computed, indicator.decimals)),
                    }
                )
            row.value = value = computed  # rounded below, with every other value
    if value is None:
        return problems or [_("A value is needed.")]
    # Stored with 6 decimals: rounding now makes the same file compare equal the next time. The
    # size is checked after rounding, which can carry a digit over (99.9999999 → 100.000000).
    try:
        rounded = value.quantize(STORED_PRECISION)
    except InvalidOperation:
        rounded = None
    if rounded is None or abs(rounded) >= Decimal(10) ** MAX_DIGITS_BEFORE_POINT:
        return [*problems, _("This number is too large.")]
    row.value = value = rounded
    if indicator.unit == Indicator.Unit.PERCENT and not (0 <= value <= 100):
        problems.append(_("A percentage is between 0 and 100."))
    non_negative = {Indicator.Unit.COUNT, Indicator.Unit.AMOUNT, Indicator.Unit.RATE}
    if indicator.unit in non_negative and value < 0:
        problems.append(_("This value cannot be negative."))
    if indicator.unit == Indicator.Unit.COUNT and value != value.to_integral_value():
        problems.append(_("A count is a whole number."))
    if row.weight is not None and row.weight <= 0:
        problems.append(_("A weight must be greater than zero."))
    return problems


def jump_from(previous: Decimal | None, value: Decimal) -> Decimal | None:
    """The relative change from the previous period's value, when it is beyond the threshold."""
    if previous is None or abs(value - previous) < JUMP_MIN_ABSOLUTE:
        return None
    if previous == 0:
        return None if value == 0 else Decimal(1)
    change = abs(value - previous) / abs(previous)
    return change if change > JUMP_THRESHOLD else None


@dataclass
class Batch:
    """Rows one partner (None: the backbone) reports for one period; each row names its
    territory, or takes the batch's."""

    partner: Partner | None
    period: str
    territory: object
    rows: list[EntryRow]
    existing: dict = field(default_factory=dict)

    def __post_init__(self):
        for row in self.rows:
            if row.territory is None:
                row.territory = self.territory


def cell_of(row: EntryRow) -> tuple:
    return (row.indicator.pk, row.territory.pk, row.breakdown)


def row_problem(row: EntryRow, message: str) -> Problem:
    return Problem(row.where, message, row.line)


def check_batch(batch: Batch, allowed: dict | None = None) -> list[Problem]:
    """Every problem of the batch's rows; remembers the values already stored for them.

    `allowed` caches each indicator's breakdowns across batches of one save.
    """
    allowed = {} if allowed is None else allowed
    problems = []
    for row in batch.rows:
        if row.territory is None:
            row.territory = batch.territory
        if row.indicator.pk not in allowed:
            allowed[row.indicator.pk] = {key for key, _label in combinations(row.indicator)}
        if row.breakdown not in allowed[row.indicator.pk]:
            problems.append(
                row_problem(
                    row,
                    _("“%(key)s” is not a breakdown of this indicator.")
                    % {"key": row.breakdown or "—"},
                )
            )
            continue
        problems += [row_problem(row, message) for message in value_problems(row)]
    indicators = {row.indicator.pk for row in batch.rows}
    territories = {row.territory.pk for row in batch.rows}
    batch.existing = {
        (obs.indicator_id, obs.territory_id, obs.breakdown): obs
        for obs in Observation.objects.filter(
            indicator__in=indicators,
            period=batch.period,
            territory__in=territories,
            partner=batch.partner,
        )
    }
    previous_periods = {previous_period(batch.period, r.indicator.frequency) for r in batch.rows}
    previous = {
        (ind, place, key, prev): value
        for ind, place, key, prev, value in Observation.objects.filter(
            indicator__in=indicators,
            period__in=previous_periods,
            territory__in=territories,
            partner=batch.partner,
        )
        .exclude(status=Observation.Status.RETURNED)
        .values_list("indicator_id", "territory_id", "breakdown", "period", "value")
    }
    seen = set()
    for row in batch.rows:
        cell = cell_of(row)
        if cell in seen:
            problems.append(row_problem(row, _("This value is given twice.")))
        seen.add(cell)
        current = batch.existing.get(cell)
        if current and current.status in LOCKED and row.value != current.value:
            problems.append(
                row_problem(
                    row,
                    _("This value is already %(status)s and locked; backbone staff can reopen it.")
                    % {"status": current.get_status_display().lower()},
                )
            )
        if row.value is not None:
            before = previous.get((*cell, previous_period(batch.period, row.indicator.frequency)))
            change = jump_from(before, row.value)
            if change is not None and not row.comment.strip():
                problems.append(
                    row_problem(
                        row,
                        _(
                            "This value moves %(change)s %% away from the previous period "
                            "(%(previous)s): explain it in the comment."
                        )
                        % {"change": round(change * 100), "previous": show_number(before)},
                    )
                )
    return problems


@dataclass
class SaveResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0


def write_batch(batch: Batch, *, by, provenance: str, status: str, result: SaveResult) -> set:
    """Write a checked batch in bulk; returns the (indicator, period) pairs whose figures change."""
    now = timezone.now()
    new, changed, originals, touched = [], [], [], set()
    for row in batch.rows:
        current = batch.existing.get(cell_of(row))
        if current and current.status in LOCKED and current.value == row.value:
            result.unchanged += 1
            continue
        fields = {
            "value": row.value,
            "numerator": row.numerator,
            "denominator": row.denominator,
            "weight": row.weight,
            "comment": row.comment.strip(),
            "status": status,
        }
        if current is None:
            new.append(
                (
                    row.indicator.pk,
                    batch.period,
                    period_start(batch.period, row.indicator.frequency),
                    row.territory.pk,
                    row.breakdown,
                    batch.partner.pk if batch.partner else None,
                    row.value,
                    row.numerator,
                    row.denominator,
                    row.weight,
                    fields["comment"],
                    status,
                    "",
                    provenance,
                    by.pk if by else None,
                    now,
                )
            )
        elif any(getattr(current, name) != value for name, value in fields.items()):
            originals.append(state_of(current))
            for name, value in fields.items():
                setattr(current, name, value)
            current.provenance, current.entered_by, current.return_reason = provenance, by, ""
            current.entered_at = now
            changed.append(current)
        else:
            result.unchanged += 1
            continue
        touched.add((row.indicator, batch.period))
    insert_rows(Observation, NEW_OBSERVATION_COLUMNS, new)
    Observation.objects.bulk_update(changed, [*UPDATED_FIELDS], batch_size=500)
    record_changes(originals, changed, by)
    result.created += len(new)
    result.changed += len(changed)
    return touched


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


def record_changes(originals: list, changed: list, by) -> None:
    """History of corrections: the new state of each changed observation, preceded — the first
    time it changes — by its original state, so that no value ever entered is lost. A value
    that never changes has no history rows: it is its own record."""
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
            note=obs.return_reason,
            changed_by=by,
        )
        for obs in changed
    ]
    ObservationChange.objects.bulk_create(rows, batch_size=1000)


def sent_status(partner) -> str:
    """What sending values makes of them: a partner's wait for review; the backbone's own data
    (no partner: only backbone staff enter it) is approved at once."""
    return Observation.Status.APPROVED if partner is None else Observation.Status.SUBMITTED


def check_batches(batches: list[Batch], problems=(), progress=None) -> list[Problem]:
    """`problems` already found, plus every batch's own, all at once (so one correction round
    suffices); `progress(done, total)` counts the batches as the first half of a save."""
    problems, allowed = list(problems), {}
    for number, batch in enumerate(batches, start=1):
        problems += check_batch(batch, allowed)
        if progress:
            progress(number, 2 * len(batches) or 1)
    return sorted(problems, key=lambda problem: problem.line)


def save_batches(
    batches: list[Batch], *, by, provenance: str, status: str, progress=None, problems=()
) -> SaveResult:
    """Check every batch, then write them all in one transaction, or nothing at all.

    `problems` are those already found while reading the rows (a file's unreadable cells): they
    are reported together with the checks, which run once. `progress(done, total)` is called as
    batches are checked then written (2 steps per batch).
    """
    steps = 2 * len(batches) or 1
    problems = check_batches(batches, problems, progress)
    if problems:
        raise EntryRejected(problems)
    result = SaveResult()
    touched = set()
    with transaction.atomic():
        for number, batch in enumerate(batches, start=len(batches) + 1):
            touched |= write_batch(
                batch, by=by, provenance=provenance, status=status, result=result
            )
            if progress:
                progress(number, steps)
        rebuild_touched(touched)
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
    """Recompute the figures of each (indicator, period) pair, one rebuild per indicator."""
    periods_by_indicator = {}
    for indicator, period in touched:
        periods_by_indicator.setdefault(indicator, set()).add(period)
    for indicator, periods in periods_by_indicator.items():
        rebuild(indicator, periods)
