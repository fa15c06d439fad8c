"""Partial periods: which figures some expected partners have not reported yet, and how many
have."""

from dataclasses import dataclass

from django.utils.translation import ngettext

from commun.initiatives.models import took_part
from commun.measurement.models import Indicator, PartnersReported
from commun.measurement.periods import period_bounds


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


def partial_cells(pairs, scope: str) -> dict[tuple[int, str], Coverage]:
    """Of the (indicator, period) pairs, those for which some partners that were reporting the
    indicator sent nothing counted in `scope`, with their coverage: their figure is not final,
    and no trend, forecast or distance to a target should rest on them. A ratio is partial when
    its numerator or its denominator is (with the lower coverage of the two). Two queries (three
    with a ratio): who reports what, and the partner counts kept with the figures
    (`PartnersReported`), whatever the number of values."""
    pairs = list(pairs)
    sides = {}  # a ratio's id → the ids of the indicators whose values it counts
    frequency = {}
    for indicator, _period in pairs:
        frequency[indicator.pk] = indicator.frequency
        if indicator.aggregation == Indicator.Aggregation.RATIO:
            sides[indicator.pk] = [
                side for side in (indicator.numerator_id, indicator.denominator_id) if side
            ]
    unknown = {side for ids in sides.values() for side in ids} - set(frequency)
    if unknown:
        frequency |= dict(Indicator.objects.filter(pk__in=unknown).values_list("pk", "frequency"))
    reporters = {}  # indicator id → [(joined on, left on)] of its reporting partners
    for indicator_id, joined, left in Indicator.reporting_partners.through.objects.filter(
        indicator_id__in=frequency
    ).values_list("indicator_id", "partner__joined_on", "partner__left_on"):
        reporters.setdefault(indicator_id, []).append((joined, left))
    wanted = {
        (side, period)
        for indicator, period in pairs
        for side in sides.get(indicator.pk, [indicator.pk])
        if side in reporters
    }
    if not wanted:
        return {}
    reported = {
        (ind, period): n
        for ind, period, n in PartnersReported.objects.filter(
            indicator_id__in={i for i, _p in wanted},
            period__in={p for _i, p in wanted},
            scope=scope,
        ).values_list("indicator_id", "period", "partners")
        if (ind, period) in wanted
    }

    def coverage_of(indicator_id: int, period: str) -> Coverage | None:
        if indicator_id not in reporters:
            return None
        starts, ends = period_bounds(period, frequency[indicator_id])
        expected = sum(
            1 for joined, left in reporters[indicator_id] if took_part(joined, left, starts, ends)
        )
        found = Coverage(reported.get((indicator_id, period), 0), expected)
        return found if found.partial else None

    partial = {}
    for indicator, period in pairs:
        found = [
            c
            for side in sides.get(indicator.pk, [indicator.pk])
            if (c := coverage_of(side, period))
        ]
        if found:
            partial[(indicator.pk, period)] = min(found, key=lambda c: c.reported / c.expected)
    return partial


def partial_periods(indicator: Indicator, periods, scope: str) -> dict[str, Coverage]:
    """The periods of one indicator whose figure is partial, with their coverage (see
    `partial_cells`)."""
    return {
        period: coverage
        for (_i, period), coverage in partial_cells(
            [(indicator, p) for p in periods], scope
        ).items()
    }
