"""Checking reported values before anything is written: one path for the entry grid, imports
and the API.

Every row is checked, and every problem names its row, so that one correction round suffices:
type and range for the indicator's unit, percentages within 0 to 100, numerator ≤ denominator,
breakdowns the indicator has (a combination of its categories, one disaggregation alone, the
total), a cell given twice, values already submitted or approved (locked), and a value far from
the previous period's, accepted only with a comment. What is stored already
is read in one query per partner (`stored_values`), not row by row. Backbone staff may send
revised values over approved ones (`revising`, a statistics agency's new release): only then is
an approved value not locked.
"""

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commun.formatting.numbers import format_number, format_percent
from commun.initiatives.models import Partner
from commun.measurement.aggregation import breakdown_key, parse_breakdown, ratio_factor
from commun.measurement.models import (
    MAX_COMBINATIONS,
    STORED_PRECISION,
    Category,
    Indicator,
    MissingValue,
    Observation,
)
from commun.measurement.periods import previous_period

# A value that moves more than this share away from the previous period's needs a comment —
# unless the move is smaller than JUMP_MIN_ABSOLUTE (small numbers swing: 2 → 4 is not news).
JUMP_THRESHOLD = Decimal("0.5")
JUMP_MIN_ABSOLUTE = Decimal(5)
LOCKED = {Observation.Status.SUBMITTED, Observation.Status.APPROVED}
MAX_DIGITS_BEFORE_POINT = 14
TOO_LARGE = Decimal(10) ** MAX_DIGITS_BEFORE_POINT
NON_NEGATIVE = {Indicator.Unit.COUNT, Indicator.Unit.AMOUNT, Indicator.Unit.RATE}
HALF = Decimal("0.5")


APPROVED_LOCKED = gettext_lazy(
    "This value is already approved and locked; backbone staff can reopen it, or import the "
    "file again as a revision of approved values, with a reason."
)


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


def reportable_breakdowns(indicator: Indicator) -> list[tuple[str, str]]:
    """[(breakdown key, label)] of every cell a value may be given for: each combination of the
    indicator's categories, then each disaggregation's categories alone (its margins), then the
    total — the roll-up keeps a given margin or total over its cells' (`aggregation.py`)."""
    dimensions = list(indicator.dimensions.all())
    cells = combinations(indicator)
    if not dimensions:
        return cells
    if len(dimensions) > 1:
        cells += [
            (breakdown_key({d.code: c.code}), c.name)
            for d in dimensions
            for c in d.categories.all()
        ]
    return [*cells, ("", _("Total"))]


def breakdown_label(indicator: Indicator, key: str) -> str:
    """A breakdown key as the reader names it: "age=0-17;gender=f" → "0 à 17 ans · Femmes";
    a code no category holds any more is shown as it is."""
    if not key:
        return _("Total")
    names = {
        (d.code, c.code): c.name for d in indicator.dimensions.all() for c in d.categories.all()
    }
    parts = parse_breakdown(key).items()
    if not set(parts) <= set(names):  # another disaggregation's categories: a refused row
        names = {
            (c.dimension.code, c.code): c.name
            for c in Category.objects.filter(
                dimension__initiative_id=indicator.initiative_id
            ).select_related("dimension")
        }
    return " · ".join(names.get((dim, cat), f"{dim}={cat}") for dim, cat in parts)


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


@dataclass(slots=True)
class EntryRow:
    """One value someone wants to report. `where` names it in error reports (a cell, an item of
    a request); empty, it is the row's `line` in a file, named only if a problem needs it."""

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
    quality: str = ""  # a statistics agency's quality flag (`Observation.Quality`)
    missing: str = ""  # why the cell has no value (`MissingValue.Reason`): a missing value
    symbol: str = ""  # the missing value's marker as the source writes it ("x", "..")


@dataclass
class Problem:
    where: str
    message: str
    line: int = 0  # where the row stands in what was sent, to list problems in that order
    revisable: bool = False  # an approved value changed: staff may send it as a revision


@dataclass
class EntryRejected(Exception):
    problems: list[Problem] = field(default_factory=list)


def show_number(value: Decimal) -> str:
    """A number written for the reader's language: "1 234,5" in French."""
    return format_number(value)


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
            # A value given with them that agrees to its decimals is kept as given: the grid and
            # the reporting sheet send back the value stored, as it was stored.
            if value is None:
                row.value = value = computed  # rounded below, with every other value
            elif abs(value - computed) > HALF * Decimal(10) ** (-indicator.decimals):
                problems.append(
                    _("The value %(value)s does not match numerator ÷ denominator (%(computed)s).")
                    % {
                        "value": show_number(value),
                        "computed": show_number(round(computed, indicator.decimals)),
                    }
                )
    if value is None:
        return problems or [_("A value is needed.")]
    # Stored with 6 decimals: rounding now makes the same file compare equal the next time. The
    # size is checked after rounding, which can carry a digit over (99.9999999 → 100.000000).
    try:
        rounded = value.quantize(STORED_PRECISION)
    except InvalidOperation:
        rounded = None
    if rounded is None or abs(rounded) >= TOO_LARGE:
        return [*problems, _("This number is too large.")]
    row.value = value = rounded
    unit = indicator.unit
    if unit == Indicator.Unit.PERCENT and not (0 <= value <= 100):
        problems.append(_("A percentage is between 0 and 100."))
    if unit in NON_NEGATIVE and value < 0:
        problems.append(_("This value cannot be negative."))
    if unit == Indicator.Unit.COUNT and value != value.to_integral_value():
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
    territory, or takes the batch's. `existing` and `previous` hold what is stored already for
    the batch's cells, this period and the one before (see `stored_values`)."""

    partner: Partner | None
    period: str
    territory: object
    rows: list[EntryRow]
    existing: dict = field(default_factory=dict)
    previous: dict = field(default_factory=dict)
    missing: dict = field(default_factory=dict)  # {cell: StoredMissing}

    def __post_init__(self):
        for row in self.rows:
            if row.territory is None:
                row.territory = self.territory


def line_label(number: int) -> str:
    return _("line %(number)d") % {"number": number}


def problem_at(where: str, line: int, message: str) -> Problem:
    """A problem named by `where`, or, when empty, by its line in a file."""
    return Problem(where or line_label(line), message, line)


def row_problem(row: EntryRow, message: str) -> Problem:
    return problem_at(row.where, row.line, message)


@dataclass(frozen=True)
class Stored:
    """What is stored for a cell: enough to compare with what is sent, without a model."""

    pk: int
    status: str
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    weight: Decimal | None
    comment: str
    quality: str


@dataclass(frozen=True)
class StoredMissing:
    """A missing value stored for a cell."""

    pk: int
    reason: str
    symbol: str


def stored_values(batches: list[Batch]) -> None:
    """Fill each batch's `existing` (its period) and `previous` (the period before, returned
    values left out) in one query per partner, whatever the number of rows and periods."""
    by_partner = defaultdict(list)
    for batch in batches:
        by_partner[batch.partner.pk if batch.partner else None].append(batch)
    for partner_id, group in by_partner.items():
        wanted = {}  # period -> [(batch, "existing" or "previous")]
        indicators = set()
        for batch in group:
            wanted.setdefault(batch.period, []).append((batch, "existing"))
            for frequency in {row.indicator.frequency for row in batch.rows}:
                before = previous_period(batch.period, frequency)
                wanted.setdefault(before, []).append((batch, "previous"))
            indicators |= {row.indicator.id for row in batch.rows}
        # Read through the (indicator, period) index. The partner is compared as "partner + 0",
        # which no index serves: a plain condition (or a list of territories) leads SQLite, when
        # it has no table statistics, to the (partner) index — every value the partner ever sent.
        reporter = Q(reporter__isnull=True) if partner_id is None else Q(reporter=partner_id)
        rows = (
            Observation.objects.filter(indicator_id__in=indicators, period__in=list(wanted))
            .alias(reporter=F("partner_id") + 0)
            .filter(reporter)
        ).values_list(
            "indicator_id",
            "territory_id",
            "breakdown",
            "period",
            "pk",
            "status",
            "value",
            "numerator",
            "denominator",
            "weight",
            "comment",
            "quality",
        )
        for indicator_id, territory_id, breakdown, period, *stored in rows:
            cell = (indicator_id, territory_id, breakdown)
            for batch, kind in wanted[period]:
                if kind == "existing":
                    batch.existing[cell] = Stored(*stored)
                elif stored[1] != Observation.Status.RETURNED:
                    batch.previous[(*cell, period)] = stored[2]
        this_period = defaultdict(list)
        for batch in group:
            this_period[batch.period].append(batch)
        absent = MissingValue.objects.filter(
            indicator_id__in=indicators, period__in=list(this_period)
        )
        absent = (
            absent.filter(partner__isnull=True)
            if partner_id is None
            else absent.filter(partner_id=partner_id)
        )
        for indicator_id, territory_id, breakdown, period, *stored in absent.values_list(
            "indicator_id", "territory_id", "breakdown", "period", "pk", "reason", "symbol"
        ):
            for batch in this_period[period]:
                batch.missing[(indicator_id, territory_id, breakdown)] = StoredMissing(*stored)


def check_batch(batch: Batch, allowed: dict | None = None, revising: bool = False) -> list[Problem]:
    """Every problem of the batch's rows, once `stored_values` has filled the batch.

    `allowed` caches each indicator's breakdowns across batches of one save; `revising`: the
    rows revise approved values (backbone staff only, `entry.save_batches`).
    """
    allowed = {} if allowed is None else allowed
    problems, seen, before_of, checked = [], set(), {}, {}
    existing, previous = batch.existing, batch.previous
    for row in batch.rows:
        indicator = row.indicator
        if row.territory is None:
            row.territory = batch.territory
        if indicator.id not in allowed:
            allowed[indicator.id] = {key for key, _label in reportable_breakdowns(indicator)}
        if row.breakdown not in allowed[indicator.id]:
            problems.append(
                row_problem(
                    row,
                    _("“%(breakdown)s” is not a breakdown of %(indicator)s.")
                    % {
                        "breakdown": breakdown_label(indicator, row.breakdown),
                        "indicator": indicator.name,
                    },
                )
            )
        elif not row.missing:  # a missing value has none to check
            plain = row.numerator is None and row.denominator is None and row.weight is None
            if plain and (indicator.id, row.value) in checked:  # files repeat their values
                row.value, wrong = checked[(indicator.id, row.value)]
            else:
                sent, wrong = row.value, value_problems(row)  # rounds row.value
                if plain:
                    checked[(indicator.id, sent)] = (row.value, wrong)
            if wrong:
                problems += [row_problem(row, message) for message in wrong]
        cell = (indicator.id, row.territory.id, row.breakdown)
        if cell in seen:
            problems.append(row_problem(row, _("This value is given twice.")))
        seen.add(cell)
        current = existing.get(cell) if existing else None
        if current and current.status in LOCKED and row.value != current.value:
            if current.status == Observation.Status.SUBMITTED:
                problems.append(
                    row_problem(
                        row,
                        _(
                            "This value is already %(status)s and locked; backbone staff can "
                            "reopen it."
                        )
                        % {"status": Observation.Status(current.status).label.lower()},
                    )
                )
            elif not revising:
                problem = row_problem(row, str(APPROVED_LOCKED))
                problem.revisable = True
                problems.append(problem)
        # Only a value that changes is compared with the period before it: one sent again as it
        # is stored was accepted then (a re-import, a grid saved twice). A value refused as too
        # large has no meaningful change to report (and none to format).
        unchanged = current is not None and current.value == row.value
        if row.value is not None and previous and not unchanged and abs(row.value) < TOO_LARGE:
            frequency = indicator.frequency
            if frequency not in before_of:
                before_of[frequency] = previous_period(batch.period, frequency)
            before = previous.get((*cell, before_of[frequency]))
            change = jump_from(before, row.value)
            if change is not None and not row.comment.strip():
                problems.append(
                    row_problem(
                        row,
                        _(
                            "This value moves %(change)s away from the previous period "
                            "(%(previous)s): explain it in the comment."
                        )
                        % {
                            "change": format_percent(change * 100, 0),
                            "previous": show_number(before),
                        },
                    )
                )
    return problems


def check_batches(
    batches: list[Batch], problems=(), progress=None, revising: bool = False
) -> list[Problem]:
    """`problems` already found, plus every batch's own, all at once (so one correction round
    suffices); `progress(done, total)` counts the batches as the first half of a save."""
    problems, allowed = list(problems), {}
    stored_values(batches)
    for number, batch in enumerate(batches, start=1):
        problems += check_batch(batch, allowed, revising)
        if progress:
            progress(number, 2 * len(batches) or 1)
    return sorted(problems, key=lambda problem: problem.line)
