"""The network of activities and their junctions: a Vega spec built in Python, and its table.

Where the dots, labels and arrowheads go is computed here (`commun.maps`, `commun.map_labels`),
not by a force layout in the browser: the same data always gives the same picture, no label
covers another, and a test can check it. The map is drawn twice, for wide screens and for phones;
the page picks one.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commun.activities.models import Activity, Junction
from commun.formatting.vega import vega_locale
from commun.map_labels import FONT, FONT_SIZE, HALO, short_label
from commun.maps import Drawing, arrowhead, draw, force_layout

WIDE = (1040, 600)  # pixels of the drawing on a wide screen (shrunk to fit narrower ones)
NARROW = (360, 700)  # and on a phone: taller than wide, so the labels have room
LABEL_LIMIT = {WIDE: 34, NARROW: 22}  # characters of an activity's name written on the map
ARROW = 8  # length of an arrowhead, in pixels
EDGE_DASH = {
    Junction.Kind.REFERS: [],
    Junction.Kind.SHARES_DATA: [5, 3],
    Junction.Kind.CO_DELIVERS: [1.5, 2.5],
}
DIRECTED = {Junction.Kind.REFERS, Junction.Kind.SHARES_DATA}  # co-delivering goes both ways
# How a junction reads from the activity at its other end.
RECEIVED = {
    Junction.Kind.REFERS: gettext_lazy("receives participants from"),
    Junction.Kind.SHARES_DATA: gettext_lazy("receives data from"),
    Junction.Kind.CO_DELIVERS: gettext_lazy("co-delivers with"),
}


@dataclass(frozen=True)
class ActivityRow:
    """One line of the table under the map: the activity, who runs it, and its junctions as
    (how it reads from this activity, the activity at the other end)."""

    activity: Activity
    links: list[tuple[str, Activity]]


@dataclass(frozen=True)
class NetworkMap:
    wide: dict
    narrow: dict
    rows: list[ActivityRow]


def network_chart(initiative, activities: list[Activity], junctions: list[Junction]) -> NetworkMap:
    """Nodes are activities coloured by the first strategy they serve; edges are junctions,
    styled by their kind (solid: referral, dashed: data, dotted: co-delivery), with an arrow
    towards the activity that receives the participants or the data. Every junction must link
    two of the `activities` (the network view keeps only those)."""
    return NetworkMap(
        _network_spec(initiative, activities, junctions, WIDE),
        _network_spec(initiative, activities, junctions, NARROW),
        network_rows(activities, junctions),
    )


def network_rows(activities: list[Activity], junctions: list[Junction]) -> list[ActivityRow]:
    """Each activity with every junction it takes part in, in either direction."""
    by_pk = {activity.pk: activity for activity in activities}
    links = defaultdict(list)
    for j in junctions:
        links[j.source_id].append((j.get_kind_display(), by_pk[j.target_id]))
        links[j.target_id].append((str(RECEIVED[j.kind]), by_pk[j.source_id]))
    return [ActivityRow(activity, links[activity.pk]) for activity in activities]


def activity_labels(activity: Activity, limit: int) -> tuple[str, ...]:
    """What the map writes beside an activity: its name, or the first words of it."""
    return (short_label(activity.name, limit), short_label(activity.name, limit * 2 // 3))


def _radius(links: int, most: int) -> float:
    """Larger with more junctions; a symbol's size is the area of its bounding box."""
    return math.sqrt(80 + 400 * links / (most or 1)) / 2


def network_drawing(
    activities: list[Activity], junctions: list[Junction], size: tuple[int, int]
) -> Drawing:
    """Activities linked by more junctions drawn nearer each other, each with its label."""
    weights = Counter(tuple(sorted((j.source_id, j.target_id))) for j in junctions)
    positions = force_layout([activity.pk for activity in activities], dict(weights))
    degree = Counter(pk for j in junctions for pk in (j.source_id, j.target_id))
    most = max(degree.values(), default=0)
    pointed_at = {j.target_id for j in junctions if j.kind in DIRECTED}
    return draw(
        positions,
        {a.pk: _radius(degree[a.pk], most) for a in activities},
        {a.pk: activity_labels(a, LABEL_LIMIT.get(size, 22)) for a in activities},
        size,
        clearance={pk: ARROW + 1 for pk in pointed_at},
    )


def _edges(junctions: list[Junction], drawing: Drawing) -> tuple[list[dict], list[dict]]:
    """The lines, and the arrowheads of the directed ones. Two activities linked more than once
    get parallel lines a few pixels apart, so each junction shows."""
    between = defaultdict(list)
    for j in junctions:
        between[tuple(sorted((j.source_id, j.target_id)))].append(j)
    lines, arrows = [], []
    for pair, group in between.items():
        for n, j in enumerate(group):
            source, target = drawing.dots[j.source_id], drawing.dots[j.target_id]
            offset = (n - (len(group) - 1) / 2) * 4
            length = math.hypot(target.x - source.x, target.y - source.y) or 1.0
            # Perpendicular to the pair's own direction, so both ends agree on the side.
            first, second = drawing.dots[pair[0]], drawing.dots[pair[1]]
            nx = -(second.y - first.y) / length * offset
            ny = (second.x - first.x) / length * offset
            start = (source.x + nx, source.y + ny)
            end = (target.x + nx, target.y + ny)
            if j.kind in DIRECTED:
                path, end = arrowhead(start, end, target.radius, ARROW)
                arrows.append({"path": path})
            lines.append(
                {
                    "x": round(start[0], 1),
                    "y": round(start[1], 1),
                    "x2": round(end[0], 1),
                    "y2": round(end[1], 1),
                    "dash": EDGE_DASH[j.kind],
                    "from": j.source.name,
                    "kind": j.get_kind_display(),
                    "to": j.target.name,
                }
            )
    return lines, arrows


def _network_spec(initiative, activities, junctions, size) -> dict:
    drawing = network_drawing(activities, junctions, size)
    degree = Counter(pk for j in junctions for pk in (j.source_id, j.target_id))
    width, height = size
    no_strategy = _("No strategy")
    nodes = []
    for activity in activities:
        dot, label = drawing.dots[activity.pk], drawing.labels[activity.pk]
        strategies = list(activity.strategies.all())
        nodes.append(
            {
                "x": dot.x,
                "y": dot.y,
                "size": round((2 * dot.radius) ** 2, 1),
                "name": activity.name,
                "label": label.text,
                "label_x": label.x,
                "label_y": label.y,
                "leader": label.leader,
                "partners": ", ".join(p.name for p in activity.partners.all()),
                "strategy": short_label(strategies[0].text, 60 if width > 600 else 48)
                if strategies
                else no_strategy,
                "links": degree[activity.pk],
                "url": reverse("activities:activity", args=[initiative.slug, activity.pk]),
            }
        )
    lines, arrows = _edges(junctions, drawing)
    activity_tooltip = tooltip_signal(
        ("title", "name"),
        (_("Run by"), "partners"),
        (_("Strategy"), "strategy"),
        (_("Junctions"), "links"),
    )
    label = {
        "x": {"field": "label_x"},
        "y": {"field": "label_y"},
        "text": {"field": "label"},
        "align": {"value": "center"},
        "baseline": {"value": "middle"},
        "font": {"value": FONT},
        "fontSize": {"value": FONT_SIZE},
    }
    return {
        "$schema": "https://vega.github.io/schema/vega/v6.json",
        "description": _("Activities and the junctions between them"),
        "config": {"locale": vega_locale()},
        "width": width,
        "height": height,
        "autosize": "pad",
        "padding": 4,
        "data": [
            {"name": "nodes", "values": nodes},
            {"name": "links", "values": lines},
            {"name": "arrows", "values": arrows},
            {"name": "leaders", "values": [n for n in nodes if n["leader"]]},
        ],
        "scales": [
            {
                "name": "colour",
                "type": "ordinal",
                "domain": {"data": "nodes", "field": "strategy", "sort": True},
                "range": "category",
            },
        ],
        "legends": [
            {
                "fill": "colour",
                "title": _("First strategy served"),
                "orient": "bottom",
                "direction": "vertical",
                "columns": 1 if width < 600 else 2,
                "labelLimit": width - 40 if width < 600 else 500,
                "labelFont": FONT,
                "labelFontSize": FONT_SIZE - 1,
                "titleFont": FONT,
                "titleFontSize": FONT_SIZE - 1,
                "symbolType": "circle",
            }
        ],
        "marks": [
            {
                "name": "edges",
                "type": "rule",
                "from": {"data": "links"},
                "aria": False,  # the table under the map says the same to a screen reader
                "zindex": 0,
                "encode": {
                    "enter": {
                        "x": {"field": "x"},
                        "y": {"field": "y"},
                        "x2": {"field": "x2"},
                        "y2": {"field": "y2"},
                        "stroke": {"value": "#5b6770"},
                        "strokeWidth": {"value": 1.5},
                        "strokeDash": {"field": "dash"},
                        "tooltip": {
                            "signal": tooltip_signal(
                                (_("From"), "from"), (_("Link"), "kind"), (_("To"), "to")
                            )
                        },
                    }
                },
            },
            {
                "name": "arrowheads",
                "type": "path",
                "from": {"data": "arrows"},
                "aria": False,
                "interactive": False,
                "zindex": 1,
                "encode": {"enter": {"path": {"field": "path"}, "fill": {"value": "#5b6770"}}},
            },
            {
                "name": "leader",
                "type": "rule",
                "from": {"data": "leaders"},
                "aria": False,
                "interactive": False,
                "encode": {
                    "enter": {
                        "x": {"field": "x"},
                        "y": {"field": "y"},
                        "x2": {"field": "label_x"},
                        "y2": {"field": "label_y"},
                        "stroke": {"value": "#1d2a33"},
                        "strokeWidth": {"value": 0.75},
                    }
                },
            },
            {
                "name": "activity",
                "type": "symbol",
                "from": {"data": "nodes"},
                "aria": False,
                "zindex": 2,
                "encode": {
                    "enter": {
                        "x": {"field": "x"},
                        "y": {"field": "y"},
                        "shape": {"value": "circle"},
                        "fill": {"scale": "colour", "field": "strategy"},
                        "stroke": {"value": "#ffffff"},
                        "strokeWidth": {"value": 1.5},
                        "size": {"field": "size"},
                        "href": {"field": "url"},
                        "cursor": {"value": "pointer"},
                        "tooltip": {"signal": activity_tooltip},
                    }
                },
            },
            {
                "name": "halo",
                "type": "text",
                "from": {"data": "nodes"},
                "aria": False,
                "interactive": False,
                "zindex": 3,
                "encode": {
                    "enter": {
                        **label,
                        "fill": {"value": "#ffffff"},
                        "stroke": {"value": "#ffffff"},
                        "strokeWidth": {"value": 2 * HALO},
                        "strokeOpacity": {"value": 0.9},
                    }
                },
            },
            {
                "name": "label",
                "type": "text",
                "from": {"data": "nodes"},
                "aria": False,
                "zindex": 4,
                "encode": {
                    "enter": {
                        **label,
                        "fill": {"value": "#1d2a33"},
                        "href": {"field": "url"},
                        "cursor": {"value": "pointer"},
                        "tooltip": {"signal": activity_tooltip},
                    }
                },
            },
        ],
    }


def tooltip_signal(*pairs: tuple[str, str]) -> str:
    """A Vega tooltip expression: each (label, field) pair becomes one line of the tooltip."""
    return "{" + ", ".join(f"{json.dumps(label)}: datum.{name}" for label, name in pairs) + "}"
