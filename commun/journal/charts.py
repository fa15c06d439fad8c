"""The journal's charts as Vega-Lite specs: one horizontal bar per kind of change, strategy or
territory, drawn by `charts.js`; the page lists the same figures beside the chart."""

from commun.formatting.vega import vega_locale

BAR = "#0b5c4a"


def bar_chart(rows, title: str) -> dict | None:
    """Bars of (label, count) rows, in the rows' order; None when there is nothing to draw."""
    values = [
        {"label": str(row.label), "count": row.count, "order": order}
        for order, row in enumerate(rows)
    ]
    if not any(value["count"] for value in values):
        return None
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": str(title),
        "width": "container",
        "height": {"step": 28},
        "data": {"values": values},
        "mark": {"type": "bar", "color": BAR, "tooltip": True},
        "encoding": {
            "y": {
                "field": "label",
                "type": "nominal",
                "title": None,
                "sort": {"field": "order"},
                "axis": {"labelLimit": 170},
            },
            "x": {
                "field": "count",
                "type": "quantitative",
                "title": str(title),
                "axis": {"tickMinStep": 1, "format": "d"},
            },
        },
        "config": {"locale": vega_locale()},
    }
