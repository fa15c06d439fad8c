"""An indicator's trend chart (a Vega-Lite spec), built in Python: the browser draws it, PDFs
can too (`chart_images`)."""

import json
from datetime import UTC, date, datetime, timedelta

from django.utils.translation import gettext as _

from commun.formatting import format_figure, format_period
from commun.formatting.vega import vega_locale
from commun.measurement.models import Indicator
from commun.measurement.periods import FISCAL, Frequency, fiscal_start_of, period_of, period_start

FONT = "DejaVu Sans, sans-serif"
OBSERVED, PROVISIONAL, FORECAST, TARGET, BASELINE = (
    "#0b5c4a",
    "#b45309",
    "#6b7580",
    "#1d4ed8",
    "#4d5660",
)
# Axis labels a chart may show at most: on a wide screen, and on a phone (the spec's own width,
# which the browser knows and Python does not, picks one).
WIDE_TICKS, NARROW_TICKS = 9, 4
NARROW_WIDTH = 480
# Past this share of the time axis, a partial period's label goes to the left of its point.
LABEL_TURNS_AT = 0.7
# The spacing of the time axis's labels, in months, by the indicator's frequency: the first that
# keeps to the number of labels wins.
TICK_STEPS = {
    Frequency.YEAR: [12, 24, 36, 60, 120],
    Frequency.FISCAL_YEAR: [12, 24, 36, 60, 120],
    Frequency.FISCAL_HALF_YEAR: [6, 12, 24, 36, 60, 120],
    Frequency.HALF_YEAR: [6, 12, 24, 36, 60, 120],
    Frequency.QUARTER: [3, 6, 12, 24, 36, 60, 120],
    Frequency.MONTH: [1, 2, 3, 6, 12, 24, 36, 60, 120],
}
# A weekly chart's labels are weeks, 1, 2 or 4 apart; over a longer time, months or years.
WEEK_STEPS = [1, 2, 4]


def series_names() -> dict[str, str]:
    """The legend's entries, in the reader's language."""
    return {
        "observed": _("Observed"),
        "partial": _("Partial period"),
        "forecast": _("If nothing changes"),
        "target": _("Target"),
        "baseline": _("Baseline"),
    }


COLORS = {
    "observed": OBSERVED,
    "partial": PROVISIONAL,
    "forecast": FORECAST,
    "target": TARGET,
    "baseline": BASELINE,
}


def trend_chart(
    indicator: Indicator,
    points,
    targets,
    projection,
    baseline=None,
    width="container",
    partial=None,
    territory: str | None = None,
) -> dict:
    """The indicator's line over time, its targets, its baseline and the "turn the curve" line,
    described with the `territory` it shows when one is named.

    Time is proportional: each period sits at its first day. Periods in `partial` ({period:
    coverage}: not every partner has reported) are provisional: a hollow point, apart from the
    line (a dashed segment leads to it), labelled with its coverage."""
    partial = partial or {}
    frequency = indicator.frequency
    unit, decimals = indicator.unit, indicator.decimals
    names = series_names()

    def row(period, value, series, **extra):
        return {
            "start": period_start(period, frequency).isoformat(),
            "period": format_period(period),
            "y": _plotted(value, unit),
            "shown": format_figure(value, unit, decimals),
            "series": names[series],
            **extra,
        }

    observed = [(p, v) for p, v in points if v is not None]
    complete = [row(p, v, "observed") for p, v in observed if p not in partial]
    provisional, dashes, before = [], [], None
    for period, value in observed:
        if period not in partial:
            before = (period, value)
            continue
        coverage = partial[period]
        provisional.append(
            row(period, value, "partial", coverage=coverage.sentence, label=coverage.short)
        )
        if before is not None:  # a dashed segment from the last complete period, not the line
            dashes += [
                row(*before, "partial", segment=period),
                row(period, value, "partial", segment=period),
            ]
    forecast_rows = [row(p, v, "forecast") for p, v in projection]
    target_rows = [row(t.period, t.value, "target", note=_note(t)) for t in targets]
    shown_series = [
        key
        for key, present in (
            ("observed", True),
            ("partial", provisional),
            ("forecast", forecast_rows),
            ("target", target_rows),
            ("baseline", baseline is not None),
        )
        if present
    ]
    color = {
        "field": "series",
        "type": "nominal",
        "title": None,
        "scale": {
            "domain": [names[key] for key in shown_series],
            "range": [COLORS[key] for key in shown_series],
        },
        "legend": _legend(names, shown_series),
    }
    keys = [p for p, _v in [*observed, *projection]] + [t.period for t in targets]
    starts = [period_start(p, frequency) for p in keys]
    if not starts:
        since = indicator.baseline_period
        starts = [period_start(since, frequency) if since else date(2000, 1, 1)]
    fiscal_start = next(filter(None, map(fiscal_start_of, keys)), 1)
    x = _time_axis(starts, frequency, fiscal_start)
    unit_name = str(indicator.get_unit_display())
    y = {
        "field": "y",
        "type": "quantitative",
        "title": unit_name,
        "scale": {"zero": False, "nice": True},
        "axis": {"format": _axis_format(unit), "tickCount": 5},
    }
    tooltip = [
        {"field": "period", "title": _("Period")},
        {"field": "shown", "title": unit_name},
    ]
    layers = [
        {
            "data": {"values": complete},
            "mark": {"type": "line", "point": {"filled": True, "size": 45}, "strokeWidth": 2},
            "encoding": {"x": x, "y": y, "color": color, "tooltip": tooltip},
        }
    ]
    if forecast_rows:
        layers.append(
            {
                "data": {"values": forecast_rows},
                "mark": {"type": "line", "strokeDash": [6, 4], "strokeWidth": 2},
                "encoding": {"x": x, "y": y, "color": color, "tooltip": tooltip},
            }
        )
    if dashes:
        layers.append(
            {
                "data": {"values": dashes},
                "mark": {"type": "line", "strokeDash": [2, 4], "strokeWidth": 1.25},
                "encoding": {"x": x, "y": y, "color": color, "detail": {"field": "segment"}},
            }
        )
    if provisional:
        partial_tooltip = [*tooltip, {"field": "coverage", "title": names["partial"]}]
        layers += [
            {
                "data": {"values": provisional},
                "mark": {"type": "point", "size": 110, "filled": False, "strokeWidth": 2.5},
                "encoding": {"x": x, "y": y, "color": color, "tooltip": partial_tooltip},
            },
            *_coverage_labels(provisional, starts, x, y),
        ]
    if target_rows:
        layers.append(
            {
                "data": {"values": target_rows},
                "mark": {"type": "point", "shape": "diamond", "size": 110, "filled": True},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": color,
                    "tooltip": [
                        {"field": "period", "title": _("Period")},
                        {"field": "shown", "title": names["target"]},
                        {"field": "note", "title": _("Note")},
                    ],
                },
            }
        )
    if baseline is not None:
        shown = format_figure(baseline, unit, decimals)
        if indicator.baseline_period:
            shown = f"{shown} ({format_period(indicator.baseline_period)})"
        layers.append(
            {
                "data": {
                    "values": [
                        {"y": _plotted(baseline, unit), "series": names["baseline"], "shown": shown}
                    ]
                },
                "mark": {"type": "rule", "strokeDash": [2, 3], "strokeWidth": 1.5},
                "encoding": {
                    "y": y,
                    "color": color,
                    "tooltip": [{"field": "shown", "title": names["baseline"]}],
                },
            }
        )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": (
            _("Trend of %(name)s — %(territory)s")
            % {"name": indicator.name, "territory": territory}
            if territory
            else _("Trend of %(name)s") % {"name": indicator.name}
        ),
        "width": width,
        "height": 260,
        "layer": layers,
        "config": {
            "font": FONT,
            "view": {"stroke": None},
            "locale": vega_locale(),
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "titleFontWeight": "normal",
                "labelColor": "#3d4650",
                "titleColor": "#3d4650",
            },
            "legend": {"labelFontSize": 12, "labelColor": "#3d4650"},
        },
    }


def _coverage_labels(provisional: list[dict], starts: list[date], x: dict, y: dict) -> list[dict]:
    """Text layers naming each partial period's coverage beside its point: to the right, or to
    the left near the end of the time axis, so a phone's narrow chart does not cut it off."""
    first, last = min(starts), max(starts)
    span = max((last - first).days, 1)
    sides = {"left": [], "right": []}
    for row in provisional:
        near_end = (date.fromisoformat(row["start"]) - first).days / span > LABEL_TURNS_AT
        sides["right" if near_end else "left"].append(row)
    return [
        {
            "data": {"values": rows},
            "mark": {
                "type": "text",
                "align": align,
                "baseline": "middle",
                "dx": 10 if align == "left" else -10,
                "fontSize": 12,
                "color": PROVISIONAL,
            },
            "encoding": {"x": x, "y": y, "text": {"field": "label"}},
        }
        for align, rows in sides.items()
        if rows
    ]


def _note(target) -> str:
    return str(getattr(target, "note", "") or "")


def _plotted(value, unit: str) -> float:
    """The number drawn: a percentage as a fraction, so the axis writes it the reader's way."""
    number = float(value)
    return round(number / 100 if unit == Indicator.Unit.PERCENT else number, 9)


def _axis_format(unit: str) -> str:
    """A d3 number format; Vega writes it with the reader's separators (`config.locale`)."""
    if unit == Indicator.Unit.PERCENT:
        return "~%"
    if unit == Indicator.Unit.AMOUNT:
        return "$,~f"
    return ",~f"


def _legend(names: dict[str, str], shown: list[str]) -> dict:
    """One legend for every layer, each entry drawn as its layer is: a line, a hollow point, a
    dashed line, a diamond, a dotted rule."""
    looks = {  # (symbol, dashes, fill opacity)
        "observed": ("stroke", "[]", "1"),
        "partial": ("circle", "[]", "0"),
        "forecast": ("stroke", "[6, 4]", "1"),
        "target": ("diamond", "[]", "1"),
        "baseline": ("stroke", "[2, 3]", "1"),
    }

    def pick(position: int) -> str:
        chosen = ['"stroke"', "[]", "1"][position]
        for key in shown:
            value = looks[key][position]
            literal = json.dumps(value) if position == 0 else value
            chosen = f"datum.value === {json.dumps(names[key])} ? {literal} : {chosen}"
        return chosen

    return {
        "orient": "bottom",
        "direction": "horizontal",
        "columns": {"expr": f"width < {NARROW_WIDTH} ? 1 : 5"},
        "symbolStrokeWidth": 2,
        "symbolSize": 220,
        "labelLimit": 260,
        "encode": {
            "symbols": {
                "update": {
                    "shape": {"signal": pick(0)},
                    "strokeDash": {"signal": pick(1)},
                    "fillOpacity": {"signal": pick(2)},
                }
            }
        },
    }


def _time_axis(starts: list[date], frequency: str, fiscal_start: int = 1) -> dict:
    """The x encoding: the periods' first days on a time scale (UTC, so no time zone moves a
    period into the one before), labelled as the reader writes periods, fewer on a phone."""
    first, last = min(starts), max(starts)
    wide, wide_labels = _ticks(first, last, frequency, WIDE_TICKS, fiscal_start)
    narrow, narrow_labels = _ticks(first, last, frequency, NARROW_TICKS, fiscal_start)
    labels = {**wide_labels, **narrow_labels}
    stamps = list(labels)
    return {
        "field": "start",
        "type": "temporal",
        "title": None,
        "scale": {"type": "utc", "padding": 14},
        "axis": {
            "values": {"expr": f"width < {NARROW_WIDTH} ? {narrow} : {wide}"},
            "labelExpr": (
                f"{json.dumps([labels[s] for s in stamps])}"
                f"[indexof({json.dumps(stamps)}, +datum.value)]"
            ),
            "labelOverlap": "greedy",
            "labelFontSize": 12,
            "labelPadding": 4,
            "grid": False,
            "tickColor": "#b7c0c9",
        },
    }


def _ticks(
    first: date, last: date, frequency: str, most: int, fiscal_start: int = 1
) -> tuple[list[int], dict]:
    """([timestamp], {timestamp: label}) of evenly spaced labels from `first` to `last`; a
    fiscal series's labels on its fiscal years' (or halves') first months."""
    if frequency == Frequency.WEEK:
        weeks = (last - first).days // 7
        step = next((s for s in WEEK_STEPS if weeks // s + 1 <= most), None)
        if step is not None:
            days = [first + timedelta(weeks=n * step) for n in range(weeks // step + 1)]
            return _labelled(days, lambda day: format_period(period_of(day, Frequency.WEEK)))
        frequency = Frequency.MONTH
    months = (last.year - first.year) * 12 + last.month - first.month
    steps = TICK_STEPS.get(frequency, TICK_STEPS[Frequency.MONTH])
    step = next((s for s in steps if months // s + 1 <= most), steps[-1])
    index = first.year * 12 + first.month - 1 + (first.day > 1)  # a week may start mid-month
    # The first label on a round place: a year divisible by the step (from the fiscal start).
    index += -(index - fiscal_start + 1) % step
    days = []
    while index <= last.year * 12 + last.month - 1:
        days.append(date(index // 12, index % 12 + 1, 1))
        index += step
    return _labelled(days, lambda day: _tick_label(day, frequency, step, fiscal_start))


def _labelled(days: list[date], label) -> tuple[list[int], dict]:
    ticks, labels = [], {}
    for day in days:
        stamp = int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp() * 1000)
        ticks.append(stamp)
        labels[stamp] = label(day)
    return ticks, labels


def _tick_label(day: date, frequency: str, step: int, fiscal_start: int) -> str:
    if frequency in FISCAL:
        whole = Frequency.FISCAL_YEAR if step >= 12 else frequency
        return format_period(period_of(day, whole, fiscal_start))
    if step >= 12 or frequency == Frequency.YEAR:
        return format_period(str(day.year))
    return format_period(period_of(day, frequency))
