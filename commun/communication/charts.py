"""The wheel of engagement drawn as a Vega-Lite spec: one line per audience across the five
levels (inform → empower), a ring where the plan says it should be, a dot where the log says it
was reached over the last year, a diamond where partners said it stands in the latest engagement
assessment. The page lists the same figures in a table under the chart."""

import json

from django.utils.translation import gettext as _

from commun.communication.models import Level
from commun.communication.plan import WheelRow
from commun.formatting.vega import vega_locale

SOUGHT, REACHED, ASSESSED = "#0b5c4a", "#b45309", "#1d4ed8"


def wheel_chart(rows: list[WheelRow]) -> dict | None:
    if not rows:
        return None
    names = {
        "sought": _("Level sought"),
        "reached": _("Reached (log)"),
        "assessed": _("Assessed by partners"),
    }
    points = []
    for order, row in enumerate(rows):
        audience = str(row.audience.name)
        for key, value in (
            ("sought", row.sought),
            ("reached", row.reached),
            ("assessed", round(row.assessed, 1) if row.assessed is not None else None),
        ):
            if value is not None:
                points.append(
                    {
                        "audience": audience,
                        "order": order,
                        "series": str(names[key]),
                        "level": value,
                    }
                )
    labels = {str(level.value): str(level.label) for level in Level}
    x = {
        "field": "level",
        "type": "quantitative",
        "title": None,
        "scale": {"domain": [1, 5], "nice": False},
        "axis": {
            "values": [level.value for level in Level],
            "labelExpr": f"{json.dumps(labels, ensure_ascii=False)}[datum.value]",
            "grid": True,
            # Angled, so five level names fit under a phone's narrow chart.
            "labelAngle": -30,
            "labelAlign": "right",
            "labelBaseline": "top",
            "labelOverlap": False,
        },
    }
    y = {
        "field": "audience",
        "type": "nominal",
        "title": None,
        "sort": {"field": "order"},
        "axis": {"labelLimit": 160},
    }
    domain = [str(name) for name in names.values()]
    sought_name = str(names["sought"])

    def points_layer(which: str, mark: dict) -> dict:
        """The rings of the level sought (drawn round the dots, so an audience at its level shows
        both), or the dots of the levels reached and assessed."""
        test = f"datum.series {'==' if which == 'sought' else '!='} {json.dumps(sought_name)}"
        return {
            "transform": [{"filter": test}],
            "mark": {"type": "point", "opacity": 1, **mark},
            "encoding": {
                "x": x,
                "y": y,
                "color": {
                    "field": "series",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": domain, "range": [SOUGHT, REACHED, ASSESSED]},
                    "legend": {"orient": "bottom", "direction": "vertical", "labelLimit": 320},
                },
                "shape": {
                    "field": "series",
                    "type": "nominal",
                    "scale": {"domain": domain, "range": ["circle", "circle", "diamond"]},
                    "legend": None,
                },
                "tooltip": [
                    {"field": "audience", "title": _("Audience")},
                    {"field": "series", "title": _("Series")},
                    {"field": "level", "title": _("Level"), "format": ".1f"},
                ],
            },
        }

    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": _("The wheel of engagement: level sought and level reached per audience"),
        "width": "container",
        "height": {"step": 34},
        "config": {"locale": vega_locale()},
        "data": {"values": points},
        "layer": [
            {
                "mark": {"type": "line", "color": "#c3c9cf", "strokeWidth": 2},
                "encoding": {"x": x, "y": y, "detail": {"field": "audience"}},
            },
            points_layer("sought", {"filled": False, "size": 300, "strokeWidth": 3}),
            points_layer("other", {"filled": True, "size": 110}),
        ],
    }
