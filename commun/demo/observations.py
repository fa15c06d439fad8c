"""How the demo's observations are drawn: the backbone's census-like figures at every level, and
each partner's values from its streams (data/measurement.toml). Values come from a seeded random
generator around realistic trends, so every load gives the same figures. Everything is approved
except the latest period, where the picture is the one a coordinator sees in real life: some
partners have submitted, two values were returned, the food bank has a draft under way, and a few
partners are late. A value that moves beyond the entry rule's jump check
(`measurement.checks.jump_from`) carries a comment, as the entry grid would have asked for one."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from commun.demo.cast import data
from commun.measurement.aggregation import breakdown_key
from commun.measurement.checks import jump_from
from commun.measurement.models import Observation, ObservationChange
from commun.measurement.periods import Frequency, period_bounds, period_start, periods_between

SUBMITTED, APPROVED = Observation.Status.SUBMITTED, Observation.Status.APPROVED
RETURNED, DRAFT = Observation.Status.RETURNED, Observation.Status.DRAFT
YEAR = Frequency.YEAR

# The generator's parameters for the backbone's figures (rates in %, by year).
LOW_INCOME_TREND = {2021: 31.3, 2022: 30.4, 2023: 29.6, 2024: 28.5, 2025: 27.6}
LOW_INCOME_AREA_GAP = {
    "saint-roch-nord": 3.6,
    "saint-roch-centre": -2.2,
    "saint-roch-sud": 1.1,
    "riviere-nord-est": 2.1,
    "riviere-nord-ouest": -3.8,
}
LOW_INCOME_AGE_GAP = {"0-17": 3.2, "18-34": 0.8, "35-64": -3.1, "65-plus": 4.4}


@dataclass
class Stream:
    """One partner's values for one territory: a level moving from `first` to `last` (in the
    stream's first and last periods), times a seasonal factor (by quarter), split by `mix`."""

    indicator: str
    partner: str
    territory: str
    first: float
    last: float
    since: str | None = None
    until: str | None = None
    season: tuple = (1, 1, 1, 1)
    mix: dict = field(default_factory=dict)  # {dimension: {category: share}}
    rate: tuple = (0.0, 0.0)  # better-off streams: share of the "of" stream, first → last
    of: str = ""  # the indicator whose values this stream is a part of


def streams() -> list[Stream]:
    content = data("measurement")
    found = []
    for row in content["streams"]:
        fields = dict(row)
        if "season" in fields:
            fields["season"] = tuple(content["seasons"][fields["season"]])
        if "mix" in fields:
            fields["mix"] = content["mixes"][fields["mix"]]
        if "rate" in fields:
            fields["rate"] = tuple(fields["rate"])
        found.append(Stream(**fields))
    return found


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _period_end(period: str, frequency: str) -> date:
    return period_bounds(period, frequency)[1] - timedelta(days=1)


def _quarter(period: str) -> int:
    return int(period[-1]) - 1 if "-Q" in period else 0


def _combinations(mix: dict) -> list[tuple[str, float]]:
    """[(breakdown key, share)] of every combination of the mix's categories."""
    combos = [({}, 1.0)]
    for dimension in sorted(mix):
        combos = [
            ({**picked, dimension: category}, share * part)
            for picked, share in combos
            for category, part in mix[dimension].items()
        ]
    return [(breakdown_key(picked), share) for picked, share in combos]


@dataclass
class _Row:
    """An observation to create, and when it was entered (the model sets `entered_at` itself)."""

    observation: Observation
    entered_at: datetime
    changes: list = field(default_factory=list)  # [(status, note, by, at)]


class Observations:
    """The observations to create, drawn in order from one random generator."""

    def __init__(self, indicators, territories, cast, rng):
        content = data("measurement")
        self.indicators = indicators
        self.territories = territories
        self.cast = cast
        self.staff = cast.staff
        self.rng = rng
        self.first_year, self.last_year = content["first_year"], content["last_year"]
        self.latest = content["latest"]  # {frequency: the latest period}
        self.places = content["territories"]
        self.age_mix = content["age_mix"]
        self.root = content["root"]
        self.draft_left_empty = content["draft_left_empty"]
        self.latest_status = {
            (r["partner"], r["indicator"], r["territory"]): r.get("status")
            for r in content["latest_status"]
        }
        self.returned = {
            (r["partner"], r["indicator"], r["territory"], r["breakdown"]): r
            for r in content["returned"]
        }
        self.comments = {
            (r["indicator"], r["partner"], r["territory"], r["period"]): r["text"]
            for r in content["comments"]
        }
        self.jump_comments = content["jump_comments"]
        self.small_numbers = content["small_numbers"]
        self.rows: list[_Row] = []
        # (indicator, partner, territory, period) → {breakdown key: value}, as entered
        self.reports: dict[tuple, dict[str, Decimal]] = {}
        self.periods: dict[str, set[str]] = {}

    # -- The backbone's census-like figures, at every level ---------------------------------------

    def population(self) -> None:
        self._low_income()
        self._by_district(
            "loyer-30",
            range(self.first_year, self.last_year + 1),
            {"saint-roch": (41.2, 45.6), "riviere-nord": (37.4, 41.1)},
            {"saint-roch": 6100, "riviere-nord": 4300},
        )
        self._by_district(
            "non-recours",
            range(2023, self.last_year + 1),
            {"saint-roch": (23.1, 19.6), "riviere-nord": (20.2, 17.8)},
            {"saint-roch": 3900, "riviere-nord": 2800},
        )

    def _low_income(self) -> None:
        """Rates by sub-area and age group around a slowly falling trend; each district's and the
        whole territory's rate by age is the mean of its parts weighted by their residents."""
        indicator = self.indicators.get("faible-revenu")
        if indicator is None:
            return
        trend, area_gap, age_gap = LOW_INCOME_TREND, LOW_INCOME_AREA_GAP, LOW_INCOME_AGE_GAP
        residents = {row["code"]: row["residents"] for row in self.places if "residents" in row}
        parents = {row["code"]: row.get("parent") for row in self.places}
        for year in range(self.first_year, self.last_year + 1):
            period = str(year)
            cells = {}  # (territory, age) → [sum of rate times weight, weight]
            for area, gap in area_gap.items():
                for age, share in self.age_mix[area].items():
                    growth = 1 + 0.006 * (year - self.first_year)
                    weight = round(residents[area] * share * growth)
                    rate = trend[year] + gap + age_gap[age] + self.rng.gauss(0, 0.6)
                    rate = Decimal(str(round(rate, 1)))
                    self._backbone(indicator, area, period, f"age={age}", rate, weight)
                    for place in (parents[area], self.root):
                        cell = cells.setdefault((place, age), [Decimal(0), 0])
                        cell[0] += rate * weight
                        cell[1] += weight
            for (place, age), (total, weight) in cells.items():
                rate = (total / weight).quantize(Decimal("0.1"))
                self._backbone(indicator, place, period, f"age={age}", rate, weight)

    def _by_district(self, code, years, ranges, weights) -> None:
        indicator = self.indicators.get(code)
        if indicator is None:
            return
        years = list(years)
        for index, year in enumerate(years):
            progress = index / (len(years) - 1)
            total, weight_total = Decimal(0), 0
            for district, (first, last) in ranges.items():
                rate = first + (last - first) * progress + self.rng.gauss(0, 0.4)
                rate = Decimal(str(round(rate, 1)))
                self._backbone(indicator, district, str(year), "", rate)
                total += rate * weights[district]
                weight_total += weights[district]
            rate = (total / weight_total).quantize(Decimal("0.1"))
            self._backbone(indicator, self.root, str(year), "", rate)

    def _backbone(self, indicator, territory, period, key, value, weight=None) -> None:
        """A figure the backbone imported from the public source when it came out."""
        released = _period_end(period, indicator.frequency) + timedelta(
            days=150 + self.rng.randint(0, 30)
        )
        self._add(
            indicator,
            None,
            territory,
            period,
            key,
            value,
            weight=None if weight is None else Decimal(weight),
            status=APPROVED,
            provenance=Observation.Provenance.IMPORT,
            by=self.staff,
            entered_at=at(released, 11),
        )

    # -- Partners' values ------------------------------------------------------------------------

    def partner_streams(self, streams: list[Stream]) -> None:
        for stream in streams:
            indicator = self.indicators.get(stream.indicator)
            partner = self.cast.partner(stream.partner)
            if indicator is None or partner is None:
                continue
            first = stream.since or (
                str(self.first_year) if indicator.frequency == YEAR else f"{self.first_year}-Q1"
            )
            last = stream.until or self.latest[indicator.frequency]
            periods = periods_between(first, last, indicator.frequency)
            previous = {}
            for index, period in enumerate(periods):
                progress = index / max(len(periods) - 1, 1)
                for key, value, extra in self._draw(stream, period, progress):
                    status = self._status(stream, period, key)
                    if status is None:  # not entered (yet)
                        continue
                    before = previous.get(key)
                    previous[key] = value
                    self._partner_value(
                        indicator, stream, partner, period, key, value, extra, status, before
                    )

    def _draw(self, stream: Stream, period: str, progress: float):
        """[(breakdown key, value, extra fields)] of one stream for one period."""
        rng = self.rng
        if stream.indicator == "satisfaction":
            respondents = round(stream.first + (stream.last - stream.first) * progress)
            respondents += rng.randint(-4, 4)
            share = stream.rate[0] + (stream.rate[1] - stream.rate[0]) * progress
            satisfied = sum(rng.random() < share for _ in range(respondents))
            value = (Decimal(satisfied) / Decimal(respondents) * 100).quantize(Decimal("0.1"))
            extra = {
                "numerator": Decimal(satisfied),
                "denominator": Decimal(respondents),
                "weight": Decimal(respondents),
            }
            return [("", value, extra)]
        if stream.of:  # better off: drawn, person by person, from the households supported
            share = stream.rate[0] + (stream.rate[1] - stream.rate[0]) * progress
            supported = self.reports.get((stream.of, stream.partner, stream.territory, period), {})
            return [
                (key, Decimal(sum(rng.random() < share for _ in range(int(count)))), {})
                for key, count in supported.items()
            ]
        level = stream.first + (stream.last - stream.first) * progress
        level *= stream.season[_quarter(period)] * (1 + rng.gauss(0, 0.04))
        return [
            (key, Decimal(max(0, round(level * share * (1 + rng.gauss(0, 0.07))))), {})
            for key, share in _combinations(stream.mix)
        ]

    def _status(self, stream: Stream, period: str, key: str):
        """The value's status; None when the partner has not entered it (yet)."""
        indicator = self.indicators[stream.indicator]
        if period != self.latest[indicator.frequency]:
            return APPROVED
        for territory in (stream.territory, "*"):
            plan = (stream.partner, stream.indicator, territory)
            if plan in self.latest_status:
                status = self.latest_status[plan]
                if status == DRAFT and self.draft_left_empty in key:
                    return None
                return status
        return APPROVED

    def _partner_value(self, indicator, stream, partner, period, key, value, extra, status, before):
        rng = self.rng
        end = _period_end(period, indicator.frequency)
        editor = self.cast.editor(stream.partner)
        # Before a partner joined the Roundtable, or when it has no editor, its figures were sent
        # as a spreadsheet and imported by the coordination team.
        imported = editor is None or period_start(period, indicator.frequency) < partner.joined_on
        by = self.staff if imported else editor
        entered = end + timedelta(days=rng.randint(6, 35))
        if imported and editor is not None:  # all at once, a few weeks after joining
            entered = max(entered, partner.joined_on + timedelta(days=21))
        if status == DRAFT:
            entered = end + timedelta(days=rng.randint(36, 42))
        report = (stream.indicator, stream.partner, stream.territory, period)
        first_cell = not self.reports.get(report)
        comment = self.comments.get(report, "") if first_cell else ""
        reason = ""
        returned = self.returned.get((stream.partner, stream.indicator, stream.territory, key))
        if returned and status != DRAFT and period == self.latest[indicator.frequency]:
            how, partner_comment, reason = returned["how"], returned["comment"], returned["reason"]
            status = RETURNED
            comment = partner_comment
            if how == "inflated":
                value = Decimal(round(before * Decimal("1.85")))
                reason = reason.format(previous=before, value=value)
            else:
                supported = self.reports[(stream.of, stream.partner, stream.territory, period)][key]
                value = supported + 3
                reason = reason.format(value=value, supported=supported)
        if not comment and jump_from(before, value) is not None:
            comment = (
                self.small_numbers
                if max(before, value) < 40
                else self.jump_comments.get(stream.indicator, "")
            )
        reviewed_at = None
        reviewed_by = None
        if status in (APPROVED, RETURNED) and not imported:
            reviewed_by = self.staff
            reviewed_at = at(entered + timedelta(days=rng.randint(2, 12)), rng.randint(9, 16))
        entered_at = at(entered, rng.randint(9, 16), rng.choice((0, 15, 30, 45)))
        row = self._add(
            indicator,
            partner,
            stream.territory,
            period,
            key,
            value,
            status=status,
            provenance=Observation.Provenance.IMPORT if imported else Observation.Provenance.FORM,
            by=by,
            entered_at=entered_at,
            comment=comment,
            return_reason=reason,
            reviewed_by=reviewed_by,
            reviewed_at=reviewed_at,
            **extra,
        )
        self.reports.setdefault(report, {})[key] = value
        if status == RETURNED:
            row.changes = [
                (SUBMITTED, "", by, entered_at),
                (RETURNED, reason, self.staff, reviewed_at),
            ]

    def _add(self, indicator, partner, territory, period, key, value, *, by, entered_at, **fields):
        observation = Observation(
            indicator=indicator,
            period=period,
            period_start=period_start(period, indicator.frequency),
            territory=self.territories[territory],
            breakdown=key,
            partner=partner,
            value=value,
            entered_by=by,
            **fields,
        )
        row = _Row(observation, entered_at)
        self.rows.append(row)
        self.periods.setdefault(indicator.code, set()).add(period)
        return row

    def save(self) -> None:
        observations = [row.observation for row in self.rows]
        Observation.objects.bulk_create(observations, batch_size=500)
        for row in self.rows:  # bulk_create stamped them with the time of loading
            row.observation.entered_at = row.entered_at
        Observation.objects.bulk_update(observations, ["entered_at"], batch_size=500)
        for row in self.rows:
            for status, note, by, at in row.changes:
                change = ObservationChange.objects.create(
                    observation=row.observation,
                    value=row.observation.value,
                    status=status,
                    note=note,
                    changed_by=by,
                )
                ObservationChange.objects.filter(pk=change.pk).update(changed_at=at)
