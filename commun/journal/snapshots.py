"""Freezing what a learning session looked at: each indicator's headline figures and trend chart,
and the observed outcomes' titles and statuses, as they were that day.

The snapshot is plain JSON in `LearningSession.snapshot`, every label in both languages, so the
session page draws the same chart (`charts.js`) in the reader's language long after the figures
have changed. A refreeze keeps the previous snapshot in the session's history."""

from __future__ import annotations

import json
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone, translation

from commun.i18n import LANGUAGE_CODES
from commun.journal.models import LearningSession
from commun.measurement.charts import trend_chart
from commun.measurement.coverage import partial_periods
from commun.measurement.figures import series
from commun.measurement.forecast import forecast
from commun.measurement.headlines import headlines
from commun.measurement.models import Aggregate
from commun.measurement.territory_choice import territory_choice

# What members read: approved figures, as the indicator page shows them by default.
SCOPE = Aggregate.Scope.APPROVED


def plain(value):
    """A value as JSON stores it: Decimals as text (exact), lazy strings as text."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def both_languages(read) -> dict[str, object]:
    """{"fr": read(), "en": read()}, each read in its language."""
    found = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            found[code] = plain(read())
    return found


def indicator_snapshot(initiative, indicator) -> dict:
    """One indicator as the session saw it: its names, unit, headline, series and chart."""
    choice = territory_choice(initiative, [indicator], SCOPE)
    territory = choice.chosen(None)
    points = series(indicator, territory, SCOPE) if territory else []
    partial = partial_periods(indicator, [period for period, _value in points], SCOPE)
    mains = territory is not None and territory == choice.main
    targets = list(indicator.targets.all()) if mains else []
    headline = headlines([indicator], territory, SCOPE, targets=mains)[0]
    projection = forecast(points, indicator.frequency, partial=partial)

    def chart():
        return trend_chart(
            indicator,
            points,
            targets,
            projection,
            baseline=indicator.baseline_value if mains else None,
            partial=partial,
            territory=territory.name if territory else None,
        )

    return {
        "id": indicator.pk,
        "code": indicator.code,
        "name": {"fr": indicator.name_fr, "en": indicator.name_en},
        "unit": indicator.unit,
        "decimals": indicator.decimals,
        "territory": both_languages(lambda: territory.name if territory else ""),
        "territory_code": territory.code if territory else "",
        "headline": plain(
            {
                "period": headline.period,
                "value": headline.value,
                "previous_period": headline.previous_period,
                "previous": headline.previous,
                "partial": headline.partial,
                "trend": headline.trend,
                "target": {"period": headline.target.period, "value": headline.target.value}
                if headline.target
                else None,
            }
        ),
        "points": plain([[period, value] for period, value in points]),
        "partial": sorted(partial),
        "chart": both_languages(chart) if points else None,
    }


def outcome_snapshot(outcome) -> dict:
    return {
        "id": outcome.pk,
        "title": {"fr": outcome.title_fr, "en": outcome.title_en},
        "status": outcome.status,
        "status_label": both_languages(outcome.get_status_display),
        "observed_on": outcome.observed_on.isoformat(),
    }


@transaction.atomic
def freeze(session: LearningSession, by=None) -> LearningSession:
    """Record, now, the figures and outcomes the session looked at; a refreeze replaces them,
    the former ones kept in the session's history."""
    session = LearningSession.objects.select_for_update().get(pk=session.pk)
    initiative = session.initiative
    indicators = session.indicators.prefetch_related("targets").order_by("code")
    outcomes = session.outcomes.order_by("-observed_on", "pk")
    session.snapshot = {
        "indicators": [indicator_snapshot(initiative, i) for i in indicators],
        "outcomes": [outcome_snapshot(o) for o in outcomes],
    }
    session.frozen_at = timezone.now()
    if by is not None:
        session._history_user = by
    session.save(update_fields=["snapshot", "frozen_at"])
    return session


def frozen_value(text: str | None) -> Decimal | None:
    """A figure as the snapshot keeps it (text), as a number again."""
    return None if text in (None, "") else Decimal(text)
