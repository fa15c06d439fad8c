"""Partial periods: which figures some expected partners have not reported yet, and how many
have."""

from dataclasses import dataclass

from django.db.models import Count, Q, prefetch_related_objects
from django.utils.translation import ngettext

from commun.measurement.models import Indicator, Observation
from commun.measurement.periods import period_bounds
from commun.measurement.rollup import SCOPES


@dataclass(frozen=True)
class Coverage:
    """How many of the partners expected to report a period have sent something for it."""

    reported: int
    expected: int

    @property
    def partial(self) -> bool:
        return self.reported < self.expected

    @property
    def short(self) -> str:
        """ "12/25 partners", for a chart's label."""
        return ngettext(
            "%(reported)d/%(expected)d partner",
            "%(reported)d/%(expected)d partners",
            self.expected,
        ) % {"reported": self.reported, "expected": self.expected}

    @property
    def sentence(self) -> str:
        """ "12 of 25 partners have reported" / "12 partenaires sur 25 ont transmis leurs données"."""
        if self.reported == 0:
            return ngettext(
                "The partner expected has not reported yet",
                "None of the %(expected)d partners expected has reported yet",
                self.expected,
            ) % {"expected": self.expected}
        return ngettext(
            "%(reported)d of %(expected)d partners has reported",
            "%(reported)d of %(expected)d partners have reported",
            self.reported,
        ) % {"reported": self.reported, "expected": self.expected}


def with_partners(indicators) -> None:
    """Load what `partial_cells` reads: each indicator's reporting partners, and a ratio's sides'."""
    prefetch_related_objects(
        indicators,
        "reporting_partners",
        "numerator__reporting_partners",
        "denominator__reporting_partners",
    )


def partial_cells(pairs, scope: str) -> dict[tuple[int, str], Coverage]:
    """Of the (indicator, period) pairs, those for which some partners that were reporting the
    indicator sent nothing counted in `scope`, with their coverage: their figure is not final,
    and no trend, forecast or distance to a target should rest on them. A ratio is partial when
    its numerator or its denominator is (with the lower coverage of the two). One query;
    indicators come with their reporting partners (`with_partners`)."""
    pairs = list(pairs)
    measured = []  # (indicator whose values are counted, period)
    for indicator, period in pairs:
        if indicator.aggregation == Indicator.Aggregation.RATIO:
            measured += [
                (side, period)
                for side in (indicator.numerator, indicator.denominator)
                if side is not None
            ]
        else:
            measured.append((indicator, period))
    measured = [(i, p) for i, p in measured if i.reporting_partners.all()]
    if not measured:
        return {}
    # The status inside each pair's condition: each pair then reads the (indicator, period,
    # status) index; a status condition outside the pairs leads SQLite to the (status, indicator)
    # index, through every approved value of the initiative.
    condition = Q()
    for indicator, period in set((i.pk, p) for i, p in measured):
        condition |= Q(indicator_id=indicator, period=period, status__in=SCOPES[scope])
    reported = {
        (ind, period): n
        for ind, period, n in Observation.objects.filter(condition, partner__isnull=False)
        .values("indicator_id", "period")
        .annotate(n=Count("partner", distinct=True))
        .values_list("indicator_id", "period", "n")
    }

    def coverage_of(indicator, period) -> Coverage | None:
        if not indicator.reporting_partners.all():
            return None
        starts, ends = period_bounds(period, indicator.frequency)
        expected = sum(1 for p in indicator.reporting_partners.all() if p.took_part(starts, ends))
        found = Coverage(reported.get((indicator.pk, period), 0), expected)
        return found if found.partial else None

    partial = {}
    for indicator, period in pairs:
        if indicator.aggregation == Indicator.Aggregation.RATIO:
            sides = [indicator.numerator, indicator.denominator]
        else:
            sides = [indicator]
        found = [c for side in sides if side is not None if (c := coverage_of(side, period))]
        if found:
            partial[(indicator.pk, period)] = min(found, key=lambda c: c.reported / c.expected)
    return partial


def partial_periods(indicator: Indicator, periods, scope: str) -> dict[str, Coverage]:
    """The periods of one indicator whose figure is partial, with their coverage (see
    `partial_cells`)."""
    with_partners([indicator])
    return {
        period: coverage
        for (_i, period), coverage in partial_cells(
            [(indicator, p) for p in periods], scope
        ).items()
    }
