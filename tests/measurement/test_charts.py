"""The trend chart as a reader sees it: time to scale, periods written their way, a legend that
names every mark, partial periods apart, labels a phone can read; the same spec as an image."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from commun.formatting import format_percent
from commun.measurement.chart_images import chart_png
from commun.measurement.charts import NARROW_TICKS, NARROW_WIDTH, WIDE_TICKS, trend_chart
from commun.measurement.coverage import Coverage
from commun.measurement.models import Indicator, Target
from commun.measurement.periods import periods_between


def quarterly(**extra) -> Indicator:
    fields = {
        "code": "aid",
        "name_fr": "Aide",
        "kind": "performance",
        "unit": "count",
        "direction": "up",
        "aggregation": "sum",
        "frequency": "quarter",
        "baseline_value": Decimal(1900),
        "baseline_period": "2021-Q1",
    }
    return Indicator(**(fields | extra))


POINTS = [
    (p, Decimal(2000 + 25 * i))
    for i, p in enumerate(periods_between("2021-Q1", "2026-Q2", "quarter"))
]
POINTS.append(("2026-Q3", Decimal(251)))
TARGETS = [
    Target(period="2027-Q4", value=3000, note_fr="But", note_en="Goal"),
    Target(period="2030-Q4", value=3500),
]
PARTIAL = {"2026-Q3": Coverage(12, 25)}


def chart(language="fr", **extra):
    with translation.override(language):
        return trend_chart(
            quarterly(**extra),
            POINTS,
            TARGETS,
            [("2026-Q2", 2525.0), ("2026-Q3", 2550.0)],
            baseline=Decimal(1900),
            partial=PARTIAL,
        )


def layer_with(spec, mark, **where):
    for layer in spec["layer"]:
        kind = layer["mark"]["type"]
        if kind == mark and all(layer["mark"].get(k) == v for k, v in where.items()):
            return layer
    raise AssertionError(f"no {mark} layer")


def stamp(day: str) -> int:
    return int(datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp() * 1000)


def test_time_is_to_scale_each_period_at_its_first_day():
    spec = chart()
    targets = layer_with(spec, "point", shape="diamond")
    x = targets["encoding"]["x"]
    assert (x["type"], x["scale"]["type"], x["field"]) == ("temporal", "utc", "start")
    starts = [row["start"] for row in targets["data"]["values"]]
    assert starts == ["2027-10-01", "2030-10-01"]  # three years apart, not neighbours


@pytest.mark.parametrize(("language", "label"), [("fr", "T3 2026"), ("en", "Q3 2026")])
def test_periods_are_written_the_readers_way_in_labels_and_tooltips(language, label):
    spec = chart(language)
    provisional = layer_with(spec, "point", filled=False)
    assert provisional["data"]["values"][0]["period"] == label
    axis = provisional["encoding"]["x"]["axis"]
    labels = json.loads(axis["labelExpr"].split("[indexof(")[0])
    assert all(text[:1] in "TQ2" for text in labels)
    if language == "fr":
        assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_a_phone_gets_fewer_labels_than_a_wide_screen():
    axis = layer_with(chart(), "point", shape="diamond")["encoding"]["x"]["axis"]
    expression = axis["values"]["expr"]
    assert expression.startswith(f"width < {NARROW_WIDTH} ? ")
    narrow, wide = (json.loads(part) for part in expression.split("? ")[1].split(" : "))
    assert 2 <= len(narrow) <= NARROW_TICKS < len(wide) <= WIDE_TICKS
    assert stamp("2022-01-01") in narrow  # whole years on a phone
    assert axis["labelOverlap"] and axis["labelFontSize"] >= 11
    config = chart()["config"]
    assert min(config["axis"]["labelFontSize"], config["legend"]["labelFontSize"]) >= 11


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_legend_names_targets_and_the_baseline(language):
    spec = chart(language)
    domain = spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    expected = {
        "fr": ["Valeurs observées", "Période partielle", "Si rien ne change", "Cible"],
        "en": ["Observed", "Partial period", "If nothing changes", "Target", "Baseline"],
    }[language]
    assert domain[: len(expected)] == expected and len(domain) == 5
    baseline = layer_with(spec, "rule")
    assert baseline["encoding"]["color"]["field"] == "series"
    assert baseline["data"]["values"][0]["series"] == domain[-1]


def test_a_partial_period_is_hollow_apart_from_the_line_and_labelled_with_its_coverage():
    spec = chart("en")
    line = spec["layer"][0]
    assert "2026-07-01" not in [row["start"] for row in line["data"]["values"]]
    provisional = layer_with(spec, "point", filled=False)
    [row] = provisional["data"]["values"]
    assert row["coverage"] == "12 of 25 partners have reported"
    assert row["shown"] == "251"
    label = layer_with(spec, "text")
    assert label["data"]["values"][0]["label"] == "12/25 partners"
    dashed = layer_with(spec, "line", strokeDash=[2, 4])
    assert [r["start"] for r in dashed["data"]["values"]] == ["2026-04-01", "2026-07-01"]


def test_percentages_are_drawn_as_fractions_so_the_axis_writes_them_the_readers_way():
    spec = chart("fr", unit="percent", decimals=1)
    line = spec["layer"][0]
    assert line["encoding"]["y"]["axis"]["format"] == "~%"
    assert line["data"]["values"][0]["y"] == 20.0  # 2000 "percent" is 20 as a fraction
    assert line["data"]["values"][0]["shown"] == format_percent(2000, 1, "fr")  # "2 000,0 %"


def test_the_same_chart_is_an_image_for_reports():
    png = chart_png(chart())
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000


def axis_labels(spec) -> tuple[list[str], list[str]]:
    """The labels a wide screen and a phone show, in order."""
    axis = layer_with(spec, "line")["encoding"]["x"]["axis"]
    texts = json.loads(axis["labelExpr"].split("[indexof(")[0])
    stamps = json.loads(axis["labelExpr"].split("[indexof(")[1].split(", +datum")[0])
    label = dict(zip(stamps, texts, strict=True))
    narrow, wide = (json.loads(part) for part in axis["values"]["expr"].split("? ")[1].split(" : "))
    return [label[s] for s in wide], [label[s] for s in narrow]


def drawn(frequency, first, last, language):
    points = [(p, Decimal(i)) for i, p in enumerate(periods_between(first, last, frequency))]
    with translation.override(language):
        return trend_chart(quarterly(frequency=frequency, baseline_period=first), points, [], [])


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["semaine 52 de 2026", "semaine 53 de 2026", "semaine 1 de 2027"]),
        ("en", ["week 52, 2026", "week 53, 2026", "week 1, 2027"]),
    ],
)
def test_a_few_weeks_are_labelled_week_by_week_across_the_year_end(language, expected):
    wide, narrow = axis_labels(drawn("week", "2026-W51", "2027-W03", language))
    assert wide[1:4] == expected
    assert len(narrow) <= NARROW_TICKS < len(wide) <= WIDE_TICKS
    spec = drawn("week", "2026-W51", "2027-W03", language)
    starts = [row["start"] for row in layer_with(spec, "line")["data"]["values"]]
    assert starts[2:4] == ["2026-12-28", "2027-01-04"]  # week 53, then week 1, seven days on


@pytest.mark.parametrize(("language", "january"), [("fr", "janvier 2026"), ("en", "January 2026")])
def test_a_year_of_weeks_is_labelled_by_month(language, january):
    wide, narrow = axis_labels(drawn("week", "2025-W40", "2026-W39", language))
    assert january in wide and len(wide) <= WIDE_TICKS
    assert all("2025" in text or "2026" in text for text in narrow)


@pytest.mark.parametrize(("language", "half"), [("fr", "S2"), ("en", "H2")])
def test_half_years_are_labelled_as_half_years(language, half):
    """Each half-year's first day has a label; a year's own (the one a phone shows) says the year."""
    wide, narrow = axis_labels(drawn("half_year", "2025-H1", "2027-H2", language))
    assert wide == ["2025", f"{half} 2025", "2026", f"{half} 2026", "2027", f"{half} 2027"]
    assert narrow == ["2025", "2026", "2027"]
