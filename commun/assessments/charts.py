"""Chart specifications (Vega-Lite) of assessments, built in Python like the measurement charts.

The radar and the network map have no native Vega-Lite mark: their geometry (polygon corners,
node positions from networkx) is computed here and drawn with plain line, rule, point and text
marks on hidden x/y scales, so the one `charts.js` draws them and vl-convert can too.
"""

from __future__ import annotations

import math
import textwrap

from django.utils.translation import gettext as _

from commun.assessments.network import TIE_LEVEL, Network
from commun.assessments.results import RoundResults

SERIES_COLOURS = ["#0b5c4a", "#b45309", "#1d4ed8", "#8a949e"]
HIDDEN = {"axis": None, "title": None}


def _corner(index: int, count: int, radius: float) -> tuple[float, float]:
    angle = 2 * math.pi * index / count - math.pi / 2  # the first axis points up
    return round(radius * math.cos(angle), 4), round(-radius * math.sin(angle), 4)


def radar_chart(results: RoundResults, size: int = 300) -> dict | None:
    """The section means on a radar, one polygon per series (or this round and the previous one).
    None when there are fewer than three sections or no figure may be shown."""
    instrument = results.instrument
    sections = results.sections
    count = len(sections)
    if count < 3:
        return None
    low, high = instrument.scale_min, instrument.scale_max

    def radius(value: float) -> float:
        return 0.15 + 0.85 * (value - low) / (high - low)

    polygons = []  # (name, [(section index, mean)])
    if instrument.series:
        for s, item in enumerate(instrument.series):
            polygons.append(
                (str(item.label), [(i, sec.series[s].stats) for i, sec in enumerate(sections)])
            )
    else:
        polygons.append(
            (_("This round"), [(i, sec.series[0].stats) for i, sec in enumerate(sections)])
        )

    def polygon(name: str, means: list[tuple[int, float]]) -> list[dict]:
        """The corners of one polygon, the first repeated to close it."""
        return [
            {
                "series": name,
                "order": order,
                "x": _corner(i, count, radius(mean))[0],
                "y": _corner(i, count, radius(mean))[1],
                "section": str(sections[i].section.title),
                "mean": mean,
            }
            for order, (i, mean) in enumerate([*means, *means[:1]])
        ]

    rows = []
    for name, points in polygons:
        rows += polygon(
            name, [(i, stats.mean) for i, stats in points if stats and stats.mean is not None]
        )
    previous_name = ""
    if results.previous is not None and not instrument.series:
        previous_name = _("Previous round (%(title)s)") % {"title": results.previous.title}
        rows += polygon(
            previous_name,
            [
                (i, sec.series[0].previous_mean)
                for i, sec in enumerate(sections)
                if sec.series[0].previous_mean is not None
            ],
        )
    if not rows:
        return None
    grid = []
    for level in instrument.scale:
        for order, i in enumerate([*range(count), 0]):
            x, y = _corner(i, count, radius(level.value))
            grid.append({"ring": level.value, "order": order, "x": x, "y": y})
    spokes = []
    for i in range(count):
        x, y = _corner(i, count, radius(high))
        spokes.append({"x": 0, "y": 0, "x2": x, "y2": y})
    # Axes carry numbers, the page lists the sections under the chart: long titles cannot
    # push the chart wider than a phone.
    labels = [
        {"x": _corner(i, count, 1.13)[0], "y": _corner(i, count, 1.13)[1], "label": str(i + 1)}
        for i in range(count)
    ]
    ring_labels = [
        {"x": 0.03, "y": radius(level.value), "label": str(level.value)}
        for level in instrument.scale
    ]
    names = [name for name, _points in polygons] + ([previous_name] if previous_name else [])
    domain = [-1.25, 1.25]
    xy = {
        "x": {"field": "x", "type": "quantitative", "scale": {"domain": domain}, **HIDDEN},
        "y": {"field": "y", "type": "quantitative", "scale": {"domain": domain}, **HIDDEN},
    }
    layers = [
        {
            "data": {"values": grid},
            "mark": {"type": "line", "color": "#d5d9de", "strokeWidth": 1},
            "encoding": {**xy, "detail": {"field": "ring"}, "order": {"field": "order"}},
        },
        {
            "data": {"values": spokes},
            "mark": {"type": "rule", "color": "#d5d9de"},
            "encoding": {
                **xy,
                "x2": {"field": "x2"},
                "y2": {"field": "y2"},
            },
        },
        {
            "data": {"values": ring_labels},
            "mark": {"type": "text", "color": "#5b6570", "fontSize": 9, "align": "left"},
            "encoding": {**xy, "text": {"field": "label"}},
        },
        {
            "data": {"values": rows},
            "mark": {"type": "line", "strokeWidth": 2.5, "point": {"size": 40, "filled": True}},
            "encoding": {
                **xy,
                "order": {"field": "order"},
                "color": {
                    "field": "series",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": names, "range": SERIES_COLOURS[: len(names)]},
                    "legend": {"orient": "bottom", "direction": "vertical", "labelLimit": 280},
                },
                "strokeDash": {
                    "field": "series",
                    "type": "nominal",
                    "scale": {
                        "domain": names,
                        "range": [[1, 0]] * len(polygons) + ([[5, 4]] if previous_name else []),
                    },
                    "legend": None,
                },
                "tooltip": [
                    {"field": "series", "title": _("Round")},
                    {"field": "section", "title": _("Section")},
                    {"field": "mean", "title": _("Mean"), "format": ".1f"},
                ],
            },
        },
    ]
    layers.append(
        {
            "data": {"values": labels},
            "mark": {
                "type": "text",
                "align": "center",
                "baseline": "middle",
                "fontSize": 13,
                "fontWeight": "bold",
                "color": "#1f2933",
            },
            "encoding": {**xy, "text": {"field": "label"}},
        }
    )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": size,
        "height": size,
        "description": _("Radar of the section means"),
        "view": {"stroke": None},
        "layer": layers,
    }


def network_chart(network: Network, height: int = 420) -> dict:
    """The map of partners: a line per pair that works together (thicker: closer on the continuum;
    orange: both want to be closer), a dot per partner (larger: more ties; darker: more trusted)."""
    positions = network.layout
    edges = []
    for pair in network.pairs:
        if pair.a.pk not in positions or pair.b.pk not in positions:
            continue
        now = pair.now or 0
        wanted = pair.wanted or 0
        if now < TIE_LEVEL and wanted < TIE_LEVEL:
            continue
        (x, y), (x2, y2) = positions[pair.a.pk], positions[pair.b.pk]
        if now >= TIE_LEVEL:
            kind = _("Closer wanted") if (pair.gap or 0) >= 1 else _("As wanted")
        else:
            kind = _("Wanted, not yet")
        edges.append(
            {
                "x": x,
                "y": y,
                "x2": x2,
                "y2": y2,
                "level": now,
                "wanted": wanted,
                "kind": kind,
                "pair": f"{pair.a.name} — {pair.b.name}",
            }
        )
    nodes = []
    for view in network.partners:
        if view.partner.pk not in positions:
            continue
        x, y = positions[view.partner.pk]
        nodes.append(
            {
                "x": x,
                "y": y,
                "name": view.partner.name,
                "label": view.partner.acronym
                or textwrap.shorten(view.partner.name, 18, placeholder="…"),
                "degree": view.degree,
                "trust": view.trust,
                "value": view.value,
            }
        )
    kinds = [_("As wanted"), _("Closer wanted"), _("Wanted, not yet")]
    xy = {
        "x": {"field": "x", "type": "quantitative", "scale": {"domain": [-0.08, 1.08]}, **HIDDEN},
        "y": {"field": "y", "type": "quantitative", "scale": {"domain": [-0.08, 1.08]}, **HIDDEN},
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": height,
        "description": _("Map of the partners and how closely they work together"),
        "view": {"stroke": None},
        "layer": [
            {
                "data": {"values": edges},
                "mark": {"type": "rule"},
                "encoding": {
                    **xy,
                    "opacity": {
                        "field": "level",
                        "type": "quantitative",
                        "scale": {"domain": [1, 7], "range": [0.35, 0.95]},
                        "legend": None,
                    },
                    "x2": {"field": "x2"},
                    "y2": {"field": "y2"},
                    "strokeWidth": {
                        "field": "level",
                        "type": "quantitative",
                        "scale": {"domain": [1, 7], "range": [0.5, 5]},
                        "legend": None,
                    },
                    "color": {
                        "field": "kind",
                        "type": "nominal",
                        "title": _("Relation"),
                        "scale": {"domain": kinds, "range": ["#5b6570", "#b45309", "#93c5fd"]},
                        "legend": {"orient": "bottom", "direction": "vertical"},
                    },
                    "strokeDash": {
                        "field": "kind",
                        "type": "nominal",
                        "scale": {"domain": kinds, "range": [[1, 0], [1, 0], [4, 3]]},
                        "legend": None,
                    },
                    "tooltip": [
                        {"field": "pair", "title": _("Partners")},
                        {"field": "level", "title": _("Today"), "format": ".1f"},
                        {"field": "wanted", "title": _("Wanted"), "format": ".1f"},
                    ],
                },
            },
            {
                "data": {"values": nodes},
                "mark": {"type": "circle", "stroke": "#ffffff", "strokeWidth": 1.5, "opacity": 1},
                "encoding": {
                    **xy,
                    "size": {
                        "field": "degree",
                        "type": "quantitative",
                        "scale": {"domain": [0, 1], "range": [60, 600]},
                        "legend": None,
                    },
                    "color": {
                        "field": "trust",
                        "type": "quantitative",
                        "title": _("Trust received (1 to 4)"),
                        "scale": {"domain": [1, 4], "scheme": "teals"},
                        "legend": {"orient": "bottom", "gradientLength": 160},
                    },
                    "tooltip": [
                        {"field": "name", "title": _("Partner")},
                        {"field": "trust", "title": _("Trust"), "format": ".1f"},
                        {"field": "value", "title": _("Value"), "format": ".1f"},
                        {"field": "degree", "title": _("Degree centrality"), "format": ".2f"},
                    ],
                },
            },
            {
                "data": {"values": nodes},
                "mark": {"type": "text", "dy": -12, "fontSize": 10, "color": "#1f2933"},
                "encoding": {**xy, "text": {"field": "label"}},
            },
        ],
        "resolve": {"scale": {"color": "independent", "size": "independent"}},
    }
