"""What the communication plan reads: planned against delivered, per audience and quarter, and
the wheel of engagement (the level sought against the level reached, from the log and from the
engagement assessment's latest closed round). Each reading is a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Max, Q
from django.utils import timezone

from commun.assessments.models import Round
from commun.assessments.results import round_results
from commun.communication.models import PER_QUARTER, Audience, Communication, Level
from commun.initiatives.models import Initiative
from commun.measurement.periods import Frequency, period_bounds, period_of, shift_period

QUARTER = Frequency.QUARTER
ENGAGEMENT = "engagement"  # the assessment instrument of the wheel
REACHED_OVER_DAYS = 365  # the level reached is the highest practised over the last year


def audiences_of(initiative: Initiative):
    return Audience.objects.filter(initiative=initiative).select_related(
        "owner_person", "owner_body"
    )


@dataclass
class QuarterCount:
    period: str
    planned: float
    delivered: int

    @property
    def short(self) -> bool:
        return self.delivered < self.planned


@dataclass
class PlanRow:
    audience: Audience
    quarters: list[QuarterCount] = field(default_factory=list)

    @property
    def behind(self) -> bool:
        """The quarter before the current one delivered less than planned."""
        finished = self.quarters[-2:-1]
        return bool(finished) and finished[0].short


def recent_quarters(today: date, count: int) -> list[str]:
    """The `count` quarters ending with today's, oldest first."""
    current = period_of(today, QUARTER)
    return [shift_period(current, QUARTER, step) for step in range(1 - count, 1)]


def planned_against_delivered(
    initiative: Initiative, quarters: int = 4, today: date | None = None
) -> list[PlanRow]:
    """For each audience, each of the last `quarters` quarters: how many communications the
    plan's frequency calls for, and how many the log holds for that audience."""
    today = today or timezone.localdate()
    periods = recent_quarters(today, quarters)
    first, _end = period_bounds(periods[0], QUARTER)
    _start, last = period_bounds(periods[-1], QUARTER)
    delivered = defaultdict(int)
    links = Communication.audiences.through.objects.filter(
        communication__initiative=initiative,
        communication__sent_on__range=(first, last),
    ).values_list("audience_id", "communication__sent_on")
    for audience_id, sent_on in links:
        delivered[audience_id, period_of(sent_on, QUARTER)] += 1
    return [
        PlanRow(
            audience,
            [
                QuarterCount(
                    period, PER_QUARTER[audience.frequency], delivered[audience.pk, period]
                )
                for period in periods
            ],
        )
        for audience in audiences_of(initiative)
    ]


@dataclass
class WheelRow:
    audience: Audience
    sought: int
    reached: int | None  # the highest level practised with it over the last year, from the log
    assessed: float | None  # where partners say the initiative stands with it ("now")
    wanted: float | None  # where partners say it should be ("wanted")

    @property
    def below(self) -> bool:
        return self.reached is None or self.reached < self.sought

    @property
    def reached_label(self) -> str:
        return str(Level(self.reached).label) if self.reached else ""


def latest_engagement_round(initiative: Initiative) -> Round | None:
    today = timezone.localdate()
    return (
        Round.objects.filter(initiative=initiative, instrument_key=ENGAGEMENT)
        .filter(Q(closed_at__isnull=False) | Q(closes_on__lt=today))
        .order_by("-closes_on", "-pk")
        .first()
    )


def assessed_levels(initiative: Initiative) -> dict[str, dict[str, float]]:
    """{group: {"now": mean, "wanted": mean}} from the latest closed engagement round, under the
    assessments' small-group rule (a mean it hides is missing here too)."""
    found = latest_engagement_round(initiative)
    if found is None:
        return {}
    levels = {}
    for section in round_results(found).sections:
        means = {
            series.series.key: series.stats.mean
            for series in section.series
            if series.series is not None and series.stats is not None
        }
        levels[section.section.key] = means
    return levels


def wheel(
    initiative: Initiative, today: date | None = None, assessed: bool = True
) -> list[WheelRow]:
    """Each audience's levels; `assessed=False` leaves out the engagement assessment (the home
    card counts audiences below the level sought from the log alone)."""
    today = today or timezone.localdate()
    since = today - timedelta(days=REACHED_OVER_DAYS)
    audiences = list(
        audiences_of(initiative).annotate(
            reached=Max(
                "communications__level",
                filter=Q(communications__sent_on__range=(since, today)),
            )
        )
    )
    wanted = assessed and any(audience.engagement_group for audience in audiences)
    levels = assessed_levels(initiative) if wanted else {}
    rows = []
    for audience in audiences:
        group = levels.get(audience.engagement_group, {})
        rows.append(
            WheelRow(
                audience,
                audience.level_sought,
                audience.reached,
                group.get("now"),
                group.get("wanted"),
            )
        )
    return rows
