"""CSV exports of a round: the figures per section and question, or the network's measures,
written for the reader's spreadsheet (`formatting.csv`)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from commun.assessments.network import Network
from commun.assessments.results import MIN_GROUP, RoundResults
from commun.formatting.csv import SpreadsheetCsv

HUNDREDTHS = Decimal("0.01")


def _number(value) -> Decimal | None:
    """A mean or a measure with two decimals, as a spreadsheet number."""
    return None if value is None else Decimal(repr(value)).quantize(HUNDREDTHS)


def write_results_csv(out, results: RoundResults) -> None:
    """One row per question (and per section and series), totals only: never a person's answer."""
    scale = results.instrument.scale
    series_names = {item.key: str(item.label) for item in results.instrument.series}
    writer = SpreadsheetCsv(out)
    writer.row(
        [
            _("Section"),
            _("Section code"),
            _("Question"),
            _("Question code"),
            _("Series"),
            _("Answers"),
            _("Mean"),
            _("Standard deviation"),
            _("Lowest"),
            _("Highest"),
            *[f"% {level.value} {level.label}" for level in scale],
            _("Previous mean"),
            _("Note"),
        ]
    )
    hidden_note = _("Fewer than %(count)d answers: hidden to protect anonymity") % {
        "count": MIN_GROUP
    }

    def row(section, question, series, people, stats, previous):
        if stats is None:
            return [
                *section,
                *question,
                series,
                people,
                "",
                "",
                "",
                "",
                *[""] * len(scale),
                _number(previous),
                hidden_note,
            ]
        return [
            *section,
            *question,
            series,
            stats.n,
            _number(stats.mean),
            _number(stats.sd),
            stats.low,
            stats.high,
            *[share.percent for share in stats.shares],
            _number(previous),
            "",
        ]

    for section in results.sections:
        named = (str(section.section.title), section.section.key)
        for series in section.series:
            label = str(series.series.label) if series.series else ""
            writer.row(
                row(
                    named,
                    (_("(whole section)"), ""),
                    label,
                    series.people,
                    series.stats,
                    series.previous_mean,
                )
            )
        for item in section.questions:
            writer.row(
                row(
                    named,
                    (str(item.question.text), item.question.key),
                    series_names.get(item.question.series, item.question.series),
                    item.answered,
                    item.stats,
                    item.previous_mean,
                )
            )


def write_network_csv(out, network: Network) -> None:
    """One row per partner (measures, trust and value received), then one row per pair."""
    writer = SpreadsheetCsv(out)
    writer.row(
        [
            _("Partner"),
            _("Degree centrality"),
            _("Betweenness centrality"),
            _("Isolated"),
            _("Trust received"),
            _("Value received"),
            _("Rated by"),
            _("Answered"),
        ]
    )
    for view in network.partners:
        writer.row(
            [
                view.partner.name,
                _number(view.degree),
                _number(view.betweenness),
                _("yes") if view.isolated else _("no"),
                _number(view.trust),
                _number(view.value),
                view.raters,
                _("yes") if view.answered else _("no"),
            ]
        )
    writer.row([])
    writer.row([_("Partner"), _("Partner"), _("Today"), _("Wanted"), _("Gap")])
    for pair in network.pairs:
        writer.row(
            [pair.a.name, pair.b.name, _number(pair.now), _number(pair.wanted), _number(pair.gap)]
        )
