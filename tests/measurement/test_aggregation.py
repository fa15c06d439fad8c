"""Aggregation rules, each kind, with breakdowns and territory roll-up, checked by hand."""

from decimal import Decimal

import pytest

from commun.initiatives.models import Partner
from commun.measurement.aggregation import breakdown_key, rebuild, rolled_up_keys
from commun.measurement.models import Aggregate, Indicator
from tests.measurement.factories import gender, indicator, observe, territory_tree

SUM, MEAN, WEIGHTED, LATEST, RATIO = (
    Indicator.Aggregation.SUM,
    Indicator.Aggregation.MEAN,
    Indicator.Aggregation.WEIGHTED_MEAN,
    Indicator.Aggregation.LATEST,
    Indicator.Aggregation.RATIO,
)


def figure(indicator, territory, breakdown="", scope="approved", period="2025"):
    row = Aggregate.objects.filter(
        indicator=indicator, territory=territory, breakdown=breakdown, scope=scope, period=period
    ).first()
    return None if row is None else row.value


@pytest.fixture
def places(initiative):
    return territory_tree(initiative)


@pytest.fixture
def two_partners(initiative):
    return list(Partner.objects.filter(initiative=initiative).order_by("pk")[:2])


def test_breakdown_keys_are_canonical_and_roll_up_to_margins_and_total():
    assert breakdown_key({"gender": "f", "age": "15-24"}) == "age=15-24;gender=f"
    assert rolled_up_keys("age=15-24;gender=f") == [
        "age=15-24;gender=f",
        "age=15-24",
        "gender=f",
        "",
    ]
    assert rolled_up_keys("gender=f") == ["gender=f", ""]
    assert rolled_up_keys("") == [""]


def test_a_sum_adds_partners_breakdowns_and_territories(initiative, places, two_partners):
    gender(initiative)
    served = indicator(initiative, "served", SUM)
    p1, p2 = two_partners
    observe(served, places["a"], 10, p1, "gender=f")
    observe(served, places["a"], 5, p1, "gender=m")
    observe(served, places["a"], 7, p2, "gender=f")
    observe(served, places["c"], 4, p2, "gender=m")
    rebuild(served, ["2025"])
    assert figure(served, places["a"]) == 22
    assert figure(served, places["a"], "gender=f") == 17
    assert figure(served, places["north"]) == 22
    assert figure(served, places["south"]) == 4
    assert figure(served, places["city"]) == 26
    assert figure(served, places["city"], "gender=m") == 9
    assert figure(served, places["b"]) is None  # nothing reported there: no figure, not zero


def test_a_value_entered_at_a_territory_wins_over_its_parts(initiative, places):
    rate = indicator(initiative, "low-income", MEAN, unit=Indicator.Unit.PERCENT)
    observe(rate, places["a"], 30)
    observe(rate, places["b"], 20)
    observe(rate, places["north"], 27)  # the census figure for the whole district
    observe(rate, places["c"], 10)
    rebuild(rate, ["2025"])
    assert figure(rate, places["north"]) == 27
    assert figure(rate, places["south"]) == 10
    # The city has no value of its own: the mean of what its districts hold (27 and 10).
    assert figure(rate, places["city"]) == Decimal("18.5")


def test_a_mean_combines_every_value_not_the_means_of_parts(initiative, places):
    score = indicator(initiative, "score", MEAN, unit=Indicator.Unit.SCORE)
    for value in (2, 4, 6):
        observe(score, places["a"], value, Partner.objects.filter(initiative=initiative)[value])
    observe(score, places["c"], 10)
    rebuild(score, ["2025"])
    assert figure(score, places["north"]) == 4
    assert figure(score, places["city"]) == Decimal("5.5")  # (2+4+6+10)/4, not (4+10)/2


def test_a_weighted_mean_uses_each_values_weight(initiative, places):
    wage = indicator(initiative, "wage", WEIGHTED, unit=Indicator.Unit.AMOUNT)
    observe(wage, places["a"], 20, weight=3)
    observe(wage, places["c"], 10, weight=1)
    rebuild(wage, ["2025"])
    assert figure(wage, places["city"]) == Decimal("17.5")


@pytest.mark.parametrize("aggregation", [MEAN, WEIGHTED])
def test_a_percentage_given_as_numerator_and_denominator_rolls_up_as_their_sums(
    aggregation, initiative, places, two_partners
):
    kept = indicator(initiative, "kept", aggregation, unit=Indicator.Unit.PERCENT, decimals=1)
    first, second = two_partners
    observe(kept, places["a"], 10, first, numerator=10, denominator=100)
    observe(kept, places["a"], 90, second, numerator=900, denominator=1000, weight=1)
    observe(kept, places["c"], 50, numerator=1, denominator=2)
    rebuild(kept, ["2025"])
    # 910 of 1,100 people, not the mean of 10 % and 90 %.
    assert figure(kept, places["a"]) == Decimal("82.727273")
    assert figure(kept, places["north"]) == Decimal("82.727273")
    assert figure(kept, places["city"]) == Decimal("82.667877")  # 911 / 1,102


def test_a_rate_per_n_given_as_numerator_and_denominator_rolls_up_as_their_sums(initiative, places):
    evictions = indicator(initiative, "evictions", MEAN, unit=Indicator.Unit.RATE, rate_per=1000)
    observe(evictions, places["a"], 10, numerator=1, denominator=100)
    observe(evictions, places["c"], 3, numerator=30, denominator=10000)
    rebuild(evictions, ["2025"])
    assert figure(evictions, places["city"]) == Decimal("3.069307")  # 31 per 10,100, per 1,000


def test_latest_takes_the_most_recently_entered_value(initiative, places, two_partners):
    waiting = indicator(initiative, "waiting", LATEST)
    observe(waiting, places["a"], 40, two_partners[0])
    observe(waiting, places["a"], 55, two_partners[1])
    rebuild(waiting, ["2025"])
    assert figure(waiting, places["a"]) == 55


def test_a_ratio_divides_its_numerator_by_its_denominator_cell_by_cell(initiative, places):
    gender(initiative)
    employed = indicator(initiative, "employed", SUM)
    trained = indicator(initiative, "trained", SUM)
    share = indicator(
        initiative,
        "share",
        RATIO,
        unit=Indicator.Unit.PERCENT,
        numerator=employed,
        denominator=trained,
    )
    observe(employed, places["a"], 3, breakdown="gender=f")
    observe(employed, places["c"], 1, breakdown="gender=m")
    observe(trained, places["a"], 4, breakdown="gender=f")
    observe(trained, places["c"], 4, breakdown="gender=m")
    rebuild(employed, ["2025"])
    rebuild(trained, ["2025"])
    assert figure(share, places["city"]) == 50
    assert figure(share, places["city"], "gender=f") == 75
    assert figure(share, places["south"]) == 25


def test_only_approved_values_count_in_the_approved_scope(initiative, places):
    served = indicator(initiative, "served-2", SUM)
    observe(served, places["a"], 10, status="approved")
    observe(served, places["b"], 5, status="submitted")
    observe(served, places["c"], 100, status="draft")
    observe(served, places["d"], 100, status="returned")
    rebuild(served, ["2025"])
    assert figure(served, places["city"], scope="approved") == 10
    assert figure(served, places["city"], scope="all") == 15


def test_rebuilding_after_a_change_replaces_the_figures(initiative, places):
    served = indicator(initiative, "served-3", SUM)
    obs = observe(served, places["a"], 10)
    rebuild(served, ["2025"])
    obs.value = Decimal(12)
    obs.save()
    rebuild(served, ["2025"])
    assert figure(served, places["city"]) == 12
    assert Aggregate.objects.filter(indicator=served, territory=places["city"]).count() == 2


def test_figures_match_an_independent_computation_of_the_rules(initiative, places):
    """Random observations anywhere in the tree; each figure is recomputed from scratch as "the
    values at the territory if it has any for this cell, else those its parts use"."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from commun.measurement.models import Observation

    gender(initiative)
    total = indicator(initiative, "prop-sum", SUM)
    average = indicator(initiative, "prop-mean", MEAN)
    partners = list(Partner.objects.filter(initiative=initiative).order_by("pk")[:3])
    children = {
        "city": ["north", "south"],
        "north": ["a", "b"],
        "south": ["c", "d"],
        "a": [],
        "b": [],
        "c": [],
        "d": [],
    }
    observation = st.tuples(
        st.sampled_from(list(children)),
        st.sampled_from(["f", "m"]),
        st.integers(0, 50),
        st.sampled_from(["approved", "approved", "submitted", "draft"]),
        st.integers(0, 2),
    )

    def chosen(observations, place, key, statuses):
        here = [
            value
            for where, sex, value, status, _p in observations
            if where == place and status in statuses and key in ("", f"gender={sex}")
        ]
        if here:
            return here
        return [v for child in children[place] for v in chosen(observations, child, key, statuses)]

    @settings(
        max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(st.lists(observation, max_size=25, unique_by=lambda o: (o[0], o[1], o[4])))
    def check(observations):
        Observation.objects.filter(indicator__in=[total, average]).delete()
        for where, sex, value, status, p in observations:
            for target in (total, average):
                observe(target, places[where], value, partners[p], f"gender={sex}", status)
        rebuild(total, ["2025"])
        rebuild(average, ["2025"])
        for place in children:
            for key in ("", "gender=f", "gender=m"):
                for scope, statuses in (
                    ("approved", {"approved"}),
                    ("all", {"approved", "submitted"}),
                ):
                    values = chosen(observations, place, key, statuses)
                    expected_sum = sum(values) if values else None
                    expected_mean = Decimal(sum(values)) / len(values) if values else None
                    assert figure(total, places[place], key, scope) == expected_sum
                    got = figure(average, places[place], key, scope)
                    assert (got is None) == (expected_mean is None)
                    if got is not None:
                        assert abs(got - expected_mean) < Decimal("0.000001")

    check()


def test_crossed_cells_are_not_stored_but_read_like_the_others(initiative, places, two_partners):
    from commun.measurement.figures import by_breakdown, series

    gender(initiative)
    gender(initiative, code="age")  # a second disaggregation, categories f and m too
    employed = indicator(initiative, "employed-x", SUM)
    trained = indicator(initiative, "trained-x", SUM)
    share = indicator(
        initiative,
        "share-x",
        RATIO,
        unit=Indicator.Unit.PERCENT,
        numerator=employed,
        denominator=trained,
    )
    p1, p2 = two_partners
    crossed = breakdown_key({"gender": "f", "age": "m"})
    for period, (a, b) in (("2024", (1, 2)), ("2025", (3, 4))):
        observe(employed, places["a"], a, p1, crossed, period=period)
        observe(employed, places["c"], b, p2, crossed, period=period)
        observe(
            employed, places["c"], 50, p2, breakdown_key({"gender": "m", "age": "m"}), period=period
        )
        observe(trained, places["a"], 10, p1, crossed, period=period)
        observe(trained, places["c"], 10, p2, crossed, period=period)
    for measured in (employed, trained):
        rebuild(measured, ["2024", "2025"])
    assert not Aggregate.objects.filter(breakdown__contains=";").exists()
    assert figure(employed, places["city"], "gender=f") == 7  # margins stay stored

    values = by_breakdown(employed, "2025", places["city"], "approved")
    assert values[crossed] == 7 and values["gender=f"] == 7 and values["age=m"] == 57
    assert by_breakdown(employed, "2025", places["south"], "approved")[crossed] == 4
    assert series(employed, places["city"], "approved", crossed) == [("2024", 3), ("2025", 7)]
    assert series(share, places["city"], "approved", crossed) == [("2024", 15), ("2025", 35)]
    assert by_breakdown(share, "2025", places["a"], "approved")[crossed] == 30
    assert series(employed, places["city"], "all", "age=f;gender=f") == []
