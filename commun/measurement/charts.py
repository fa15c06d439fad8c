"""Chart specifications (Vega-Lite), built in Python: the browser draws them, PDFs can too."""

from django.utils.translation import gettext as _

from commun.measurement.models import Indicator


def trend_chart(
    indicator: Indicator,
    points,
    targets,
    projection,
    baseline=None,
    width="container",
    partial=frozenset(),
) -> dict:
    """The indicator's line over time, its targets, its baseline and the "turn the curve" line.

    Periods in `partial` (not every partner reported) are drawn as hollow orange points."""
    rows = [
        {"period": period, "value": float(value), "series": _("Observed")}
        for period, value in points
        if value is not None
    ]
    partial_rows = [
        {"period": period, "value": float(value)}
        for period, value in points
        if value is not None and period in partial
    ]
    rows += [
        {"period": period, "value": round(value, 6), "series": _("If nothing changes")}
        for period, value in projection
    ]
    target_rows = [{"period": t.period, "value": float(t.value)} for t in targets]
    unit = indicator.get_unit_display()
    layers = [
        {
            "mark": {"type": "line", "point": True, "strokeWidth": 2},
            "encoding": {
                "x": {"field": "period", "type": "ordinal", "title": _("Period"), "sort": None},
                "y": {"field": "value", "type": "quantitative", "title": unit},
                "color": {
                    "field": "series",
                    "type": "nominal",
                    "title": None,
                    "scale": {
                        "domain": [_("Observed"), _("If nothing changes")],
                        "range": ["#0b5c4a", "#8a949e"],
                    },
                    "legend": {"orient": "bottom"},
                },
                "strokeDash": {
                    "field": "series",
                    "type": "nominal",
                    "scale": {
                        "domain": [_("Observed"), _("If nothing changes")],
                        "range": [[1, 0], [5, 4]],
                    },
                    "legend": None,
                },
                "tooltip": [
                    {"field": "period", "title": _("Period")},
                    {"field": "value", "title": unit, "format": f".{indicator.decimals}f"},
                ],
            },
        }
    ]
    if partial_rows:
        layers.append(
            {
                "data": {"values": partial_rows},
                "mark": {
                    "type": "point",
                    "size": 120,
                    "filled": False,
                    "strokeWidth": 2,
                    "color": "#b45309",
                },
                "encoding": {
                    "x": {"field": "period", "type": "ordinal", "sort": None},
                    "y": {"field": "value", "type": "quantitative"},
                    "tooltip": [
                        {"field": "period", "title": _("Partial period")},
                        {"field": "value", "title": unit},
                    ],
                },
            }
        )
    if target_rows:
        layers.append(
            {
                "data": {"values": target_rows},
                "mark": {
                    "type": "point",
                    "shape": "diamond",
                    "size": 90,
                    "filled": True,
                    "color": "#8a3b12",
                },
                "encoding": {
                    "x": {"field": "period", "type": "ordinal", "sort": None},
                    "y": {"field": "value", "type": "quantitative"},
                    "tooltip": [
                        {"field": "period", "title": _("Period")},
                        {"field": "value", "title": _("Target")},
                    ],
                },
            }
        )
    if baseline is not None:
        layers.append(
            {
                "data": {"values": [{"value": float(baseline)}]},
                "mark": {"type": "rule", "strokeDash": [2, 2], "color": "#4d5660"},
                "encoding": {"y": {"field": "value", "type": "quantitative"}},
            }
        )
    return {
        "description": _("Trend of %(name)s") % {"name": indicator.name},
        "width": width,
        "height": 260,
        "data": {"values": rows},
        "layer": layers,
        "config": {"font": "DejaVu Sans, sans-serif", "view": {"stroke": None}},
    }


def ecosystem_chart(links, width=1040) -> dict:
    """The evaluation ecosystem as three columns joined by lines: who collects → which data →
    for whom. `links` is [(collector, indicator label, frequency, [audiences])]."""
    columns = {"collector": 0, "data": 1, "audience": 2}
    names = {kind: [] for kind in columns}
    for collector, data, _frequency, audiences in links:
        for kind, name in [("collector", collector), ("data", data)] + [
            ("audience", a) for a in audiences
        ]:
            if name not in names[kind]:
                names[kind].append(name)
    tallest = max((len(v) for v in names.values()), default=1)
    height = max(240, 30 * tallest)

    def place(kind, name):
        items = names[kind]
        step = height / (len(items) + 1)
        return columns[kind] * (width / 2.7) + 10, step * (items.index(name) + 1)

    nodes = [
        {"x": place(k, n)[0], "y": place(k, n)[1], "name": n, "kind": k}
        for k in columns
        for n in names[k]
    ]
    edges = []
    for collector, data, frequency, audiences in links:
        x1, y1 = place("collector", collector)
        x2, y2 = place("data", data)
        edges.append({"x": x1, "y": y1, "x2": x2, "y2": y2, "label": frequency})
        for audience in audiences:
            x3, y3 = place("audience", audience)
            edges.append({"x": x2, "y": y2, "x2": x3, "y2": y3, "label": ""})
    kind_labels = {
        "collector": _("Who collects"),
        "data": _("Which data, how often"),
        "audience": _("For whom"),
    }
    headers = [
        {"x": columns[k] * (width / 2.7) + 10, "y": 0, "name": kind_labels[k]} for k in columns
    ]
    scale_x = {"type": "linear", "domain": [0, width], "range": [0, width]}
    scale_y = {"type": "linear", "domain": [0, height], "range": [0, height], "reverse": False}
    axis_off = {"axis": None}
    return {
        "description": _("Evaluation ecosystem map"),
        "width": width,
        "height": height,
        "layer": [
            {
                "data": {"values": edges},
                "mark": {"type": "rule", "color": "#b7c0c9", "strokeWidth": 1.2},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", "scale": scale_x, **axis_off},
                    "y": {"field": "y", "type": "quantitative", "scale": scale_y, **axis_off},
                    "x2": {"field": "x2"},
                    "y2": {"field": "y2"},
                },
            },
            {
                "data": {"values": nodes},
                "mark": {"type": "circle", "size": 110, "opacity": 1},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", "scale": scale_x, **axis_off},
                    "y": {"field": "y", "type": "quantitative", "scale": scale_y, **axis_off},
                    "color": {
                        "field": "kind",
                        "type": "nominal",
                        "scale": {
                            "domain": list(columns),
                            "range": ["#8a3b12", "#0b5c4a", "#1a56db"],
                        },
                        "legend": None,
                    },
                    "tooltip": [{"field": "name", "title": " "}],
                },
            },
            {
                "data": {"values": nodes},
                "mark": {"type": "text", "align": "left", "dx": 9, "fontSize": 12, "limit": 330},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", "scale": scale_x, **axis_off},
                    "y": {"field": "y", "type": "quantitative", "scale": scale_y, **axis_off},
                    "text": {"field": "name"},
                },
            },
            {
                "data": {"values": headers},
                "mark": {"type": "text", "align": "left", "fontWeight": "bold", "dy": -6},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", "scale": scale_x, **axis_off},
                    "y": {"field": "y", "type": "quantitative", "scale": scale_y, **axis_off},
                    "text": {"field": "name"},
                },
            },
        ],
        "config": {"font": "DejaVu Sans, sans-serif", "view": {"stroke": None}},
    }


def chart_png(spec: dict, width: int = 900, scale: float = 2) -> bytes:
    """The same chart as a static image (for reports and PDFs), drawn without a browser."""
    import vl_convert

    static = {**spec, "width": width if spec.get("width") == "container" else spec.get("width")}
    return vl_convert.vegalite_to_png(static, scale=scale)
