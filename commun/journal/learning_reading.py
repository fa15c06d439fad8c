"""Reading strategic learning: the sessions a person sees, a session's "now what" lines best
first, its frozen figures in the reader's language, the date of the last session held."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial

from django.db.models import Count

from commun.formatting import format_figure, format_period
from commun.governance.models import MeetingItem
from commun.i18n import reader_languages
from commun.journal.models import LearningFormat, LearningSession, NowWhat
from commun.journal.snapshots import frozen_value
from commun.journal.visibility import outcomes_seen, sessions_seen
from commun.measurement.figures import visible_indicators


def sessions_list(user, initiative):
    """The sessions a person sees, newest first, with what each looked at counted."""
    return (
        sessions_seen(user, initiative)
        .select_related("body")
        .annotate(
            indicator_count=Count("indicators", distinct=True),
            outcome_count=Count("outcomes", distinct=True),
            action_count=Count("actions", distinct=True),
        )
        .order_by("-held_on", "-pk")
    )


def session_seen(user, initiative, pk: int) -> LearningSession | None:
    return sessions_seen(user, initiative).select_related("body").filter(pk=pk).first()


def score(line: NowWhat) -> int:
    return sum(
        getattr(line, name) or 0 for name in ("leverage", "feasibility", "specificity", "values")
    )


def now_what_lines(session: LearningSession) -> list[NowWhat]:
    """The session's lines; for "turn the curve", best first (the sum of their four marks)."""
    lines = list(
        session.actions.select_related("shared_action__owner_body", "shared_action__owner_person")
    )
    # Where each adopted line went on an agenda: the latest meeting item of its action.
    items = MeetingItem.objects.filter(
        shared_action__learning_origin__session=session
    ).select_related("meeting__body")
    on_agenda = {item.shared_action_id: item for item in items.order_by("meeting__starts_at")}
    for line in lines:
        line.agenda_item = on_agenda.get(line.shared_action_id)
    if session.format == LearningFormat.TURN_THE_CURVE:
        lines.sort(key=lambda line: -score(line))  # stable: equal marks keep their order
    return lines


def in_language(pair) -> str:
    """A {"fr", "en"} pair read in the reader's language, else the other."""
    if not isinstance(pair, dict):
        return pair or ""
    return next((pair[code] for code in reader_languages() if pair.get(code)), "")


@dataclass
class FrozenIndicator:
    code: str
    name: str
    territory: str
    figure: str
    period: str
    previous: str
    previous_period: str
    target: str
    target_period: str
    partial: bool
    chart: dict | None
    element_id: str

    @property
    def spec_id(self) -> str:
        return f"{self.element_id}-spec"


def shown_figure(value: str | None, unit: str, decimals: int) -> str:
    number = frozen_value(value)
    return "" if number is None else format_figure(number, unit, decimals)


def frozen_indicators(session: LearningSession, user) -> list[FrozenIndicator]:
    """The figures frozen with the session, of the indicators the person may see, the reader's way."""
    kept = session.snapshot.get("indicators", [])
    if not kept:
        return []
    seen = set(
        visible_indicators(user, session.initiative)
        .filter(pk__in=[i["id"] for i in kept])
        .values_list("pk", flat=True)
    )
    language = reader_languages()[0]
    shown = []
    for number, kept_one in enumerate(kept):
        if kept_one["id"] not in seen:
            continue
        headline = kept_one["headline"]
        target = headline.get("target") or {}
        figure = partial(shown_figure, unit=kept_one["unit"], decimals=kept_one["decimals"])

        chart = kept_one.get("chart") or {}
        shown.append(
            FrozenIndicator(
                code=kept_one["code"],
                name=in_language(kept_one["name"]),
                territory=in_language(kept_one["territory"]),
                figure=figure(headline.get("value")),
                period=format_period(headline.get("period")) if headline.get("period") else "",
                previous=figure(headline.get("previous")),
                previous_period=format_period(headline["previous_period"])
                if headline.get("previous_period")
                else "",
                target=figure(target.get("value")),
                target_period=format_period(target["period"]) if target.get("period") else "",
                partial=headline.get("partial", False),
                chart=chart.get(language) or in_language(chart) or None,
                element_id=f"frozen-chart-{number}",
            )
        )
    return shown


def frozen_outcomes(session: LearningSession, user) -> list[dict]:
    """The outcomes frozen with the session that the person may read: title and status then."""
    kept = session.snapshot.get("outcomes", [])
    if not kept:
        return []
    seen = set(
        outcomes_seen(user, session.initiative)
        .filter(pk__in=[o["id"] for o in kept])
        .values_list("pk", flat=True)
    )
    return [
        {
            "title": in_language(o["title"]),
            "status": in_language(o["status_label"]),
            "observed_on": date.fromisoformat(o["observed_on"]),
        }
        for o in kept
        if o["id"] in seen
    ]
