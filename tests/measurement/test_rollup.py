"""The figures the database computes (`rollup.py`) against an independent computation in Python,
for every aggregation, two disaggregations with their margins (stored) and crossed cells
(computed when read), values given for crossed cells, for one disaggregation alone or for the
total, at every level of the territory tree, both scopes, weights, entry times and percentages
given as numerator and denominator — on SQLite and on PostgreSQL alike."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commun.initiatives.models import Partner
from commun.measurement.aggregation import (
    combination_figures,
    is_combination,
    parse_breakdown,
    rebuild,
    rolled_up_keys,
)
from commun.measurement.models import Aggregate, Category, Indicator, Observation
from tests.measurement.factories import gender, indicator, observe, territory_tree

CHILDREN = {
    "city": ["north", "south"],
    "north": ["a", "b"],
    "south": ["c", "d"],
    "a": [],
    "b": [],
    "c": [],
    "d": [],
}
SCOPES = {"approved": {"approved"}, "all": {"approved", "submitted"}}
AGES = ["young", "old"]
# The order of the disaggregations the total may come through: neither is attached to the
# indicators, so by code.
DIMENSIONS = ["age", "gender"]
# What a value is given for: a cell crossing both disaggregations, one of them alone, the total.
GIVEN = ["cell", "cell", "cell", "age", "gender", "total"]
START = datetime(2025, 3, 1, tzinfo=UTC)


def expected_figures(observations, aggregation: str, pooled: bool = False) -> dict:
    """{(place, cell, scope): (count, value)} by the rules, recomputed from scratch: a place's
    own values for a cell if it has any, else those its parts use, level by level. `pooled`: a
    percentage averaged, where a value given as numerator and denominator weighs its
    denominator (the figure is then 100 times Σ numerators ÷ Σ denominators)."""

    def weight(o):
        if pooled and o["share"] is not None:
            return o["share"][1]
        return (o["weight"] or 1) if aggregation == "weighted_mean" else 1

    def weighted(o):
        if pooled and o["share"] is not None:
            return o["share"][0] * 100
        return o["percent"] * weight(o) if pooled else o["value"] * weight(o)

    def given_for(values, cell):
        """Within one territory: values given for the cell itself win over finer cells'."""
        given = [o for o in values if o["key"] == cell]
        if given or is_combination(cell):
            return given
        if cell:  # a margin: else its crossed cells'
            return [o for o in values if is_combination(o["key"]) and cell in o["key"].split(";")]
        named = [parse_breakdown(o["key"]) for o in values]
        for dim in DIMENSIONS:  # the first disaggregation with a margin given, margin by margin
            if any(set(parts) == {dim} for parts in named):
                margins = {f"{dim}={parts[dim]}" for parts in named if dim in parts}
                return [o for margin in sorted(margins) for o in given_for(values, margin)]
        return [o for o in values if is_combination(o["key"])]

    def chosen(place, cell, statuses):
        here = given_for(
            [o for o in observations if o["place"] == place and o["status"] in statuses], cell
        )
        if here:
            return here
        return [o for child in CHILDREN[place] for o in chosen(child, cell, statuses)]

    cells = {cell for o in observations for cell in rolled_up_keys(o["key"])}
    figures = {}
    for place in CHILDREN:
        for cell in cells:
            for scope, statuses in SCOPES.items():
                values = chosen(place, cell, statuses)
                if not values:
                    continue
                if pooled:
                    value = Decimal(sum(weighted(o) for o in values)) / sum(
                        weight(o) for o in values
                    )
                    figures[(place, cell, scope)] = (len(values), value)
                    continue
                total = sum(o["value"] for o in values)
                weights = sum(o["weight"] or 1 for o in values)
                value = {
                    "sum": total,
                    "mean": Decimal(total) / len(values),
                    "weighted_mean": sum(o["value"] * (o["weight"] or 1) for o in values)
                    / Decimal(weights),
                    "latest": max(values, key=lambda o: o["at"])["value"],
                }[aggregation]
                figures[(place, cell, scope)] = (len(values), value)
    return figures


def breakdown_of(o) -> str:
    return {
        "cell": f"age={o['age']};gender={o['sex']}",
        "age": f"age={o['age']}",
        "gender": f"gender={o['sex']}",
        "total": "",
    }[o["given"]]


def test_the_databases_figures_match_an_independent_computation(initiative):
    places = territory_tree(initiative)
    gender(initiative)
    age = gender(initiative, code="age")
    for code in AGES:
        Category.objects.get_or_create(dimension=age, code=code, defaults={"name_fr": code})
    measured = {
        kind: indicator(initiative, f"rollup-{kind}".replace("_", "-"), kind)
        for kind in ("sum", "mean", "weighted_mean", "latest")
    }
    shares = {  # percentages, some values given as numerator and denominator
        kind: indicator(
            initiative, f"rollup-share-{kind}".replace("_", "-"), kind, unit=Indicator.Unit.PERCENT
        )
        for kind in ("mean", "weighted_mean")
    }
    partners = list(Partner.objects.filter(initiative=initiative).order_by("pk")[:3])
    names = {place.pk: name for name, place in places.items()}

    observation = st.fixed_dictionaries(
        {
            "place": st.sampled_from(list(CHILDREN)),
            "age": st.sampled_from(AGES),
            "sex": st.sampled_from(["f", "m"]),
            "given": st.sampled_from(GIVEN),
            "value": st.integers(0, 60),
            "weight": st.one_of(st.none(), st.integers(1, 9)),
            "share": st.one_of(
                st.none(),
                st.tuples(st.integers(0, 40), st.integers(1, 40)).filter(lambda s: s[0] <= s[1]),
            ),
            "status": st.sampled_from(["approved", "approved", "submitted", "draft", "returned"]),
            "partner": st.integers(0, 2),
        }
    )

    @settings(
        max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(
        st.lists(
            observation,
            max_size=30,
            unique_by=lambda o: (o["place"], breakdown_of(o), o["partner"]),
        )
    )
    def check(observations):
        Observation.objects.filter(indicator__in=[*measured.values(), *shares.values()]).delete()
        for number, o in enumerate(observations):
            o["key"] = breakdown_of(o)
            o["at"] = START + timedelta(minutes=(number * 7) % 31, seconds=number)
            # As the checks store it: the percentage computed, with 6 decimals.
            o["percent"] = (
                (Decimal(o["share"][0]) / o["share"][1] * 100).quantize(Decimal("0.000001"))
                if o["share"]
                else Decimal(o["value"])
            )
            for target in measured.values():
                obs = observe(
                    target,
                    places[o["place"]],
                    o["value"],
                    partners[o["partner"]],
                    o["key"],
                    o["status"],
                    weight=o["weight"],
                )
                Observation.objects.filter(pk=obs.pk).update(entered_at=o["at"])
            for target in shares.values():
                observe(
                    target,
                    places[o["place"]],
                    o["percent"],
                    partners[o["partner"]],
                    o["key"],
                    o["status"],
                    weight=o["weight"],
                    numerator=o["share"] and o["share"][0],
                    denominator=o["share"] and o["share"][1],
                )
        computed = [(kind, target, False) for kind, target in measured.items()]
        computed += [(kind, target, True) for kind, target in shares.items()]
        for kind, target, pooled in computed:
            rebuild(target, ["2025"])
            # Totals and margins are stored; crossed cells are computed when read.
            got = {
                (names[row.territory_id], row.breakdown, row.scope): (row.count, row.value)
                for row in Aggregate.objects.filter(indicator=target, period="2025")
            }
            assert not any(is_combination(key) for _place, key, _scope in got)
            for scope in SCOPES:
                for cell in combination_figures(target, scope, ["2025"]):
                    got[(names[cell.territory_id], cell.breakdown, scope)] = (
                        cell.count,
                        cell.value,
                    )
            expected = expected_figures(observations, kind, pooled)
            assert set(got) == set(expected), kind
            for cell, (count, value) in expected.items():
                assert got[cell][0] == count, (kind, cell)
                assert abs(got[cell][1] - value) < Decimal("0.000001"), (kind, cell)

    check()


def test_rebuilding_some_periods_leaves_the_others_alone(initiative):
    places = territory_tree(initiative)
    served = indicator(initiative, "rollup-periods", Indicator.Aggregation.SUM)
    observe(served, places["a"], 3, period="2024")
    observe(served, places["b"], 4, period="2025")
    rebuild(served, ["2024", "2025"])
    Observation.objects.filter(indicator=served, period="2025").update(value=Decimal(9))
    rebuild(served, ["2025"])
    totals = dict(
        Aggregate.objects.filter(
            indicator=served, territory=places["city"], scope="approved"
        ).values_list("period", "value")
    )
    assert totals == {"2024": 3, "2025": 9}
