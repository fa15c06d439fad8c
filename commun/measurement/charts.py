"""Chart specifications (Vega-Lite), built in Python: the browser draws them, PDFs can too."""

from django.utils.translation import gettext as _

from commun.measurement.models import Indicator


def trend_chart(
    indicator: Indicator, points, targets, projection, baseline=None, width="container"
) -> dict:
    """The indicator's line over time, its targets, its baseline and the "turn the curve" line."""
    rows = [
        {"period": period, "value": float(value), "series": _("Observed")}
        for period, value in points
        if value is not None
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
