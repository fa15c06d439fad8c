"""Each boundary partner's progress markers over time: for each marker, the quarters in which
outcomes the reader sees marked it, and the highest level reached each quarter."""

import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from commun.formatting.periods import format_period
from commun.formatting.vega import vega_locale
from commun.journal.models import MarkerLevel, ObservedOutcome, ProgressMarker, SocialActor
from commun.journal.visibility import outcomes_seen
from commun.measurement.periods import period_of, periods_between


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
        per_marker[marker_id][period_of(observed_on, "quarter")] += 1
    seen = {quarter for counts in per_marker.values() for quarter in counts}
    quarters = periods_between(min(seen), max(seen), "quarter") if seen else []
    rows = [MarkerRow(m, [per_marker[m.pk][q] for q in quarters]) for m in markers]
    reached = [
        max((row.marker.level for row in rows if row.counts[i]), default=None)
        for i in range(len(quarters))
    ]
    return MarkerGrid(quarters, rows, reached)


LEVEL_COLOURS = ["#9fd0bd", "#3f9a7c", "#0b5c4a"]  # expect, like, love: darker as it grows


def levels_chart(grid: MarkerGrid) -> dict | None:
    """A Vega-Lite bar per quarter: the highest level of marker the outcomes showed. The table on
    the page says the same, marker by marker."""
    points = [
        {
            "quarter": format_period(quarter),
            "order": i,
            "level": int(level),
            "name": str(MarkerLevel(level).label),
        }
        for i, (quarter, level) in enumerate(zip(grid.quarters, grid.reached, strict=True))
        if level is not None
    ]
    if not points:
        return None
    labels = {str(level.value): str(level.label) for level in MarkerLevel}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": _("The highest level of progress marker reached each quarter"),
        "width": "container",
        "height": 180,
        "config": {"locale": vega_locale()},
        "data": {"values": points},
        "mark": {"type": "bar", "cornerRadiusEnd": 3},
        "encoding": {
            "x": {
                "field": "quarter",
                "type": "ordinal",
                # Every quarter of the grid, so a quarter with nothing shows as a gap in time.
                "scale": {"domain": [format_period(quarter) for quarter in grid.quarters]},
                "title": None,
                "axis": {"labelAngle": 0, "labelOverlap": True},
            },
            "y": {
                "field": "level",
                "type": "quantitative",
                "title": None,
                "scale": {"domain": [0, 3], "nice": False},
                "axis": {
                    "values": [1, 2, 3],
                    "labelExpr": f"{json.dumps(labels, ensure_ascii=False)}[datum.value]",
                    "labelLimit": 140,
                },
            },
            "color": {
                "field": "name",
                "type": "nominal",
                "title": None,
                "scale": {
                    "domain": [str(level.label) for level in MarkerLevel],
                    "range": LEVEL_COLOURS,
                },
                "legend": None,
            },
            "tooltip": [
                {"field": "quarter", "title": _("Quarter")},
                {"field": "name", "title": _("Level reached")},
            ],
        },
    }
