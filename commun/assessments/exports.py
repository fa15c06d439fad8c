"""CSV exports of a round: the figures per section and question, or the network's measures."""

import csv

from django.utils.translation import gettext as _

from commun.assessments.network import Network
from commun.assessments.results import MIN_GROUP, RoundResults


def _number(value) -> str:
    return "" if value is None else f"{value:.2f}"


def write_results_csv(out, results: RoundResults) -> None:
    """One row per question (and per section and series), totals only: never a person's answer."""
    scale = results.instrument.scale
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Section"),
            _("Question"),
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
                section,
                question,
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
            section,
            question,
            series,
            stats.n,
            _number(stats.mean),
            _number(stats.sd),
            "" if stats.low is None else stats.low,
            "" if stats.high is None else stats.high,
            *[share.percent for share in stats.shares],
            _number(previous),
            "",
        ]

    for section in results.sections:
        title = str(section.section.title)
        for series in section.series:
            label = str(series.series.label) if series.series else ""
            writer.writerow(
                row(
                    title,
                    _("(whole section)"),
                    label,
                    series.people,
                    series.stats,
                    series.previous_mean,
                )
            )
        for item in section.questions:
            writer.writerow(
                row(
                    title,
                    str(item.question.text),
                    item.question.series,
                    item.answered,
                    item.stats,
                    item.previous_mean,
                )
            )


def write_network_csv(out, network: Network) -> None:
    """One row per partner (measures, trust and value received), then one row per pair."""
    writer = csv.writer(out)
    writer.writerow(
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
        writer.writerow(
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
    writer.writerow([])
    writer.writerow([_("Partner"), _("Partner"), _("Today"), _("Wanted"), _("Gap")])
    for pair in network.pairs:
        writer.writerow(
            [pair.a.name, pair.b.name, _number(pair.now), _number(pair.wanted), _number(pair.gap)]
        )
