"""The evaluation ecosystem map: who collects which data, how often, for whom, as a chart."""

from django.utils.translation import gettext as _

from commun.initiatives.models import Initiative
from commun.measurement.charts import FONT
from commun.measurement.figures import visible_indicators
from commun.measurement.models import Indicator


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
        "config": {"font": FONT, "view": {"stroke": None}},
    }


def ecosystem_links(user, initiative: Initiative) -> list[tuple[str, str, str, list[str]]]:
    """[(who collects, which data, how often, [for whom])] of the adopted indicators one may see."""
    audiences = {
        Indicator.Visibility.PUBLIC: [_("The public"), _("Partners"), _("The backbone")],
        Indicator.Visibility.PARTNERS: [_("Partners"), _("The backbone")],
        Indicator.Visibility.BACKBONE: [_("The backbone")],
    }
    links = []
    for indicator in (
        visible_indicators(user, initiative)
        .filter(status=Indicator.Status.ADOPTED)
        .prefetch_related("reporting_partners")
    ):
        label = str(indicator.name)
        collectors = [p.acronym or str(p.name) for p in indicator.reporting_partners.all()]
        if not collectors:
            collectors = [indicator.source or _("The backbone")]
        for collector in collectors:
            links.append(
                (
                    str(collector),
                    label,
                    str(indicator.get_frequency_display()),
                    audiences[indicator.visibility],
                )
            )
    return links
