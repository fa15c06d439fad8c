"""The network of activities and their junctions, as a declarative Vega spec built in Python.

A force layout needs Vega itself (Vega-Lite has none); the simulation runs to its end before the
first drawing (`static`), so the same data always gives the same picture.
"""

from __future__ import annotations

import json
from collections import Counter

from django.urls import reverse
from django.utils.translation import gettext as _

from commun.activities.models import Activity, Junction

LEGEND_BAND = 110  # pixels kept free for the legend at the top of the map
EDGE_DASH = {
    Junction.Kind.REFERS: [],
    Junction.Kind.SHARES_DATA: [4, 3],
    Junction.Kind.CO_DELIVERS: [1, 2],
}


def network_chart(initiative, activities: list[Activity], junctions: list[Junction]) -> dict:
    """Nodes are activities coloured by the first strategy they serve; edges are junctions,
    styled by their kind (solid: referral, dashed: data, dotted: co-delivery); the direction of
    each junction is told by the table under the map, not drawn. Every junction must link two of
    the `activities` (the network view keeps only those)."""
    index = {activity.pk: n for n, activity in enumerate(activities)}
    degree = Counter(pk for j in junctions for pk in (j.source_id, j.target_id))
    no_strategy = _("No strategy")
    nodes = []
    for activity in activities:
        strategies = list(activity.strategies.all())
        nodes.append(
            {
                "index": index[activity.pk],
                "name": activity.name,
                "label": _shorten(activity.name, 28),
                "partners": ", ".join(p.name for p in activity.partners.all()),
                "strategy": _shorten(strategies[0].text, 40) if strategies else no_strategy,
                "links": degree[activity.pk],
                "url": reverse("activities:activity", args=[initiative.slug, activity.pk]),
            }
        )
    links = [
        {
            "source": index[j.source_id],
            "target": index[j.target_id],
            "kind": j.get_kind_display(),
            "dash": EDGE_DASH[j.kind],
        }
        for j in junctions
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega/v6.json",
        "description": _("Activities and the junctions between them"),
        "autosize": "none",
        "padding": 8,
        "signals": [
            {
                "name": "width",
                "init": "max(containerSize()[0], 300)",
                "on": [{"events": "window:resize", "update": "max(containerSize()[0], 300)"}],
            },
            # On a phone the map is taller and its forces tighter, so every dot stays in view.
            {"name": "narrow", "update": "width < 600"},
            {"name": "height", "update": "narrow ? 720 : 520"},
            {"name": "cx", "update": "width / 2"},
            {"name": "cy", "update": f"{LEGEND_BAND} + (height - {LEGEND_BAND}) / 2"},
        ],
        "data": [
            {
                "name": "nodes",
                "values": nodes,
                # Where the x and y forces pull: the middle, so unlinked activities stay in view.
                "transform": [
                    {"type": "formula", "as": "focus_x", "expr": "cx"},
                    {"type": "formula", "as": "focus_y", "expr": "cy"},
                ],
            },
            {"name": "links", "values": links},
        ],
        "scales": [
            {
                "name": "colour",
                "type": "ordinal",
                "domain": {"data": "nodes", "field": "strategy", "sort": True},
                "range": "category",
            },
            {
                "name": "size",
                "type": "linear",
                "domain": {"data": "nodes", "field": "links"},
                "zero": True,
                "range": [80, 480],
            },
        ],
        "legends": [
            {
                "fill": "colour",
                "title": _("First strategy served"),
                "orient": "none",
                "legendX": 0,
                "legendY": 0,
                "labelLimit": 260,
                "symbolType": "circle",
            }
        ],
        "marks": [
            {
                "name": "activity",
                "type": "symbol",
                "from": {"data": "nodes"},
                "aria": False,  # the table under the map says the same to a screen reader
                "zindex": 1,
                "encode": {
                    "enter": {
                        "fill": {"scale": "colour", "field": "strategy"},
                        "stroke": {"value": "#ffffff"},
                        "strokeWidth": {"value": 1.5},
                        "size": {"scale": "size", "field": "links"},
                        "href": {"field": "url"},
                        "cursor": {"value": "pointer"},
                        "tooltip": {
                            "signal": tooltip_signal(
                                ("title", "name"),
                                (_("Run by"), "partners"),
                                (_("Strategy"), "strategy"),
                                (_("Junctions"), "links"),
                            )
                        },
                    }
                },
                "transform": [
                    {
                        "type": "force",
                        "static": True,
                        "signal": "force",
                        "iterations": 300,
                        "forces": [
                            {"force": "center", "x": {"signal": "cx"}, "y": {"signal": "cy"}},
                            {"force": "collide", "radius": {"signal": "narrow ? 26 : 34"}},
                            {"force": "nbody", "strength": {"signal": "narrow ? -140 : -260"}},
                            {
                                "force": "link",
                                "links": "links",
                                "distance": {"signal": "narrow ? 70 : 110"},
                            },
                            {
                                "force": "x",
                                "x": "datum.focus_x",
                                "strength": {"signal": "narrow ? 0.16 : 0.05"},
                            },
                            {
                                "force": "y",
                                "y": "datum.focus_y",
                                "strength": {"signal": "narrow ? 0.04 : 0.09"},
                            },
                        ],
                    }
                ],
            },
            {
                "name": "edges",
                "type": "path",
                "from": {"data": "links"},
                "aria": False,
                "interactive": False,
                "zindex": 0,
                "encode": {
                    "update": {
                        "stroke": {"value": "#5b6770"},
                        "strokeWidth": {"value": 1.5},
                        "strokeDash": {"field": "dash"},
                    }
                },
                "transform": [
                    {
                        "type": "linkpath",
                        "require": {"signal": "force"},
                        "shape": "line",
                        "sourceX": "datum.source.x",
                        "sourceY": "datum.source.y",
                        "targetX": "datum.target.x",
                        "targetY": "datum.target.y",
                    }
                ],
            },
            {
                "type": "text",
                "from": {"data": "activity"},
                "aria": False,
                "interactive": False,
                "zindex": 2,
                "encode": {
                    "update": {
                        "x": {"field": "x"},
                        "y": {"field": "y", "offset": 14},
                        "text": {"field": "datum.label"},
                        "align": {"value": "center"},
                        "fontSize": {"value": 10},
                        "fill": {"value": "#1d2a33"},
                    }
                },
            },
        ],
    }


def tooltip_signal(*pairs: tuple[str, str]) -> str:
    """A Vega tooltip expression: each (label, field) pair becomes one line of the tooltip."""
    return "{" + ", ".join(f"{json.dumps(label)}: datum.{name}" for label, name in pairs) + "}"


def _shorten(text: str, limit: int) -> str:
    """Like `Truncator(text).chars(limit)`, but with no space left before the ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
