"""Each boundary partner's progress markers over time: for each marker, the quarters in which
outcomes the reader sees marked it, and the highest level reached each quarter."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from commun.journal.models import MarkerLevel, ObservedOutcome, ProgressMarker, SocialActor
from commun.journal.visibility import outcomes_seen


def quarter_of(day: date) -> str:
    """The period key of the day's quarter: "2026-Q2"."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarters_between(first: str, last: str) -> list[str]:
    year, quarter = int(first[:4]), int(first[-1])
    keys = []
    while True:
        key = f"{year}-Q{quarter}"
        keys.append(key)
        if key == last:
            return keys
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)


@dataclass
class MarkerRow:
    marker: ProgressMarker
    counts: list[int]  # outcomes marking it, per quarter of the grid

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class MarkerGrid:
    quarters: list[str]
    rows: list[MarkerRow]
    reached: list[MarkerLevel | None] = field(default_factory=list)  # per quarter

    @property
    def milestones(self) -> list[tuple[str, MarkerLevel]]:
        """The quarters in which a level higher than any before was first reached."""
        best, found = 0, []
        for quarter, level in zip(self.quarters, self.reached, strict=True):
            if level is not None and level > best:
                best = level
                found.append((quarter, MarkerLevel(level)))
        return found


def markers_over_time(actor: SocialActor, user, initiative) -> MarkerGrid:
    """The grid markers by quarters of one actor, from the outcomes `user` sees; two queries
    (plus those that say what the reader sees)."""
    markers = list(actor.markers.all())
    through = ObservedOutcome.markers.through
    marks = through.objects.filter(
        progressmarker__actor=actor,
        observedoutcome__in=outcomes_seen(user, initiative).values("pk"),
    ).values_list("progressmarker_id", "observedoutcome__observed_on")
    per_marker = defaultdict(lambda: defaultdict(int))
    for marker_id, observed_on in marks:
        per_marker[marker_id][quarter_of(observed_on)] += 1
    seen = {quarter for counts in per_marker.values() for quarter in counts}
    quarters = quarters_between(min(seen), max(seen)) if seen else []
    rows = [MarkerRow(m, [per_marker[m.pk][q] for q in quarters]) for m in markers]
    reached = [
        max((row.marker.level for row in rows if row.counts[i]), default=None)
        for i in range(len(quarters))
    ]
    return MarkerGrid(quarters, rows, reached)
