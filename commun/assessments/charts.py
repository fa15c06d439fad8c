"""Chart specifications (Vega-Lite) of assessments, built in Python like the measurement charts.

The radar and the network map have no native Vega-Lite mark: their geometry (polygon corners;
dots, labels that do not overlap, from `commun.maps` and `commun.map_labels`) is computed here
and drawn with plain line, rule, point and text marks on hidden x/y scales, so the one
`charts.js` draws them and vl-convert can too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from commun.assessments.network import KINDS, Network
from commun.assessments.results import RoundResults
from commun.formatting.vega import vega_locale
from commun.map_labels import FONT, FONT_SIZE, HALO, short_label
from commun.maps import Drawing, draw

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
        "config": {"locale": vega_locale()},
        "layer": layers,
    }


WIDE = (1040, 620)  # pixels of the map drawn on a wide screen (shrunk to fit narrower ones)
NARROW = (360, 700)  # and on a phone: taller than wide, so the labels have room


@dataclass(frozen=True)
class NetworkMap:
    """The continuum map drawn twice: for wide screens and for phones (the page picks one)."""

    wide: dict
    narrow: dict


def partner_labels(partner) -> tuple[str, ...]:
    """What the map writes beside a partner: its acronym, or its name shortened."""
    if partner.acronym:
        return (partner.acronym,)
    return (short_label(partner.name, 24), short_label(partner.name, 14))


def network_chart(network: Network) -> NetworkMap:
    """The map of partners: a line per pair that works together (thicker: closer on the continuum;
    orange: both want to be closer), a dot per partner (larger: more ties; darker: more trusted),
    its short name beside it, the full one when pointed at or tapped."""
    return NetworkMap(_network_spec(network, WIDE), _network_spec(network, NARROW))


def _radius(degree: float) -> float:
    return math.sqrt(60 + 540 * degree) / 2  # a symbol's size is the area of its bounding box


def network_drawing(network: Network, size: tuple[int, int]) -> Drawing:
    views = [view for view in network.partners if view.partner.pk in network.layout]
    return draw(
        {view.partner.pk: network.layout[view.partner.pk] for view in views},
        {view.partner.pk: _radius(view.degree) for view in views},
        {view.partner.pk: partner_labels(view.partner) for view in views},
        size,
    )


def _network_spec(network: Network, size: tuple[int, int]) -> dict:
    drawing = network_drawing(network, size)
    dots, labels = drawing.dots, drawing.labels
    edges = []
    for pair in network.pairs:
        if pair.a.pk not in dots or pair.b.pk not in dots or not pair.drawn:
            continue
        a, b = dots[pair.a.pk], dots[pair.b.pk]
        edges.append(
            {
                "x": a.x,
                "y": a.y,
                "x2": b.x,
                "y2": b.y,
                "level": pair.now or 0,
                "wanted": pair.wanted or 0,
                "kind": str(pair.kind),
                "pair": f"{pair.a.name} — {pair.b.name}",
            }
        )
    nodes = []
    for view in network.partners:
        dot = dots.get(view.partner.pk)
        if dot is None:
            continue
        label = labels[dot.key]
        nodes.append(
            {
                "x": dot.x,
                "y": dot.y,
                "size": round((2 * dot.radius) ** 2, 1),
                "name": view.partner.name,
                "label": label.text,
                "label_x": label.x,
                "label_y": label.y,
                "leader": label.leader,
                "degree": view.degree,
                "trust": view.trust,
                "value": view.value,
            }
        )
    kinds = [str(kind) for kind in KINDS.values()]
    width, height = size
    xy = {
        "x": {"field": "x", "type": "quantitative", "scale": _pixels(width), **HIDDEN},
        "y": {"field": "y", "type": "quantitative", "scale": _pixels(height, down=True), **HIDDEN},
    }
    at_label = {
        "x": {**xy["x"], "field": "label_x"},
        "y": {**xy["y"], "field": "label_y"},
    }
    partner_tooltip = [
        {"field": "name", "title": _("Partner")},
        {"field": "trust", "title": _("Trust"), "format": ".1f"},
        {"field": "value", "title": _("Value"), "format": ".1f"},
        {"field": "degree", "title": _("Degree centrality"), "format": ".2f"},
    ]
    text = {"type": "text", "align": "center", "baseline": "middle", "fontSize": FONT_SIZE}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": width,
        "height": height,
        "padding": 0,
        "description": _("Map of the partners and how closely they work together"),
        "view": {"stroke": None},
        "config": {"font": FONT, "locale": vega_locale()},
        "layer": [
            {
                "data": {"values": edges},
                "mark": {"type": "rule"},
                "encoding": {
                    **xy,
                    "opacity": {
                        "field": "level",
                        "type": "quantitative",
                        "scale": {"domain": [1, 7], "range": [0.25, 0.85]},
                        "legend": None,
                    },
                    "x2": {"field": "x2"},
                    "y2": {"field": "y2"},
                    "strokeWidth": {
                        "field": "level",
                        "type": "quantitative",
                        "scale": {"domain": [1, 7], "range": [0.5, 4]},
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
                "data": {"values": [n for n in nodes if n["leader"]]},
                "mark": {"type": "rule", "color": "#1f2933", "strokeWidth": 0.75, "aria": False},
                "encoding": {
                    **xy,
                    "x2": {"field": "label_x"},
                    "y2": {"field": "label_y"},
                },
            },
            {
                "data": {"values": nodes},
                "mark": {"type": "circle", "stroke": "#ffffff", "strokeWidth": 1.5, "opacity": 1},
                "encoding": {
                    **xy,
                    "size": {"field": "size", "type": "quantitative", "scale": None},
                    "color": {
                        "field": "trust",
                        "type": "quantitative",
                        "title": _("Trust received (1 to 4)"),
                        "scale": {"domain": [1, 4], "scheme": "teals"},
                        "legend": {"orient": "bottom", "gradientLength": 160},
                    },
                    "tooltip": partner_tooltip,
                },
            },
            {
                "name": "halo",
                "data": {"values": nodes},
                "mark": {
                    **text,
                    "stroke": "#ffffff",
                    "strokeWidth": 2 * HALO,
                    "strokeOpacity": 0.9,
                    "color": "#ffffff",
                    "aria": False,  # the white halo under each label
                },
                "encoding": {**at_label, "text": {"field": "label"}},
            },
            {
                "name": "label",
                "data": {"values": nodes},
                "mark": {**text, "color": "#1f2933"},
                "encoding": {**at_label, "text": {"field": "label"}, "tooltip": partner_tooltip},
            },
        ],
        "resolve": {"scale": {"color": "independent"}},
    }


def _pixels(length: int, down: bool = False) -> dict:
    """A scale that keeps the drawing's pixels as they are (y counted from the top if `down`)."""
    return {"domain": [0, length], "nice": False, "zero": False, "reverse": down}
