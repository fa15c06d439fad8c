"""Checking and writing reported values: all or nothing, with a reason for every refusal."""

from decimal import Decimal

import pytest
from django.utils import translation

from commun.formatting import parse_number
from commun.initiatives.models import Partner
from commun.measurement.checks import EntryRejected, EntryRow
from commun.measurement.entry import review, save_observations
from commun.measurement.models import Aggregate, Indicator, Observation, ObservationChange
from tests.measurement.factories import gender, indicator, observe, territory_tree


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("1 234,5", Decimal("1234.5")),
        ("1\u00a0234,5", Decimal("1234.5")),
        ("1\u202f234", Decimal("1234")),
        ("1,234.5", Decimal("1234.5")),
        ("1.234,5", Decimal("1234.5")),
        ("12", Decimal("12")),
        ("", None),
    ],
)
def test_numbers_are_read_as_people_write_them(typed, number):
    assert parse_number(typed) == number


@pytest.mark.parametrize("typed", ["douze", "1,2,3x", "NaN", "inf"])
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(ValueError):
        parse_number(typed)


@pytest.fixture
def setting(initiative):
    places = territory_tree(initiative)
    partner = Partner.objects.filter(initiative=initiative).order_by("pk").first()
    return places, partner


def save(partner, territory, rows, status="submitted", period="2025"):
    return save_observations(
        partner=partner,
        period=period,
        territory=territory,
        rows=rows,
        by=None,
        provenance="form",
        status=status,
    )


def test_a_bad_row_anywhere_means_nothing_is_written(initiative, setting, people):
    places, partner = setting
    count = indicator(initiative, "served", "sum")
    share = indicator(initiative, "satisfied", "mean", unit=Indicator.Unit.PERCENT)
    rows = [
        EntryRow(count, "", Decimal(12), "first"),
        EntryRow(share, "", Decimal(140), "middle"),
        EntryRow(count, "", Decimal("2.5"), "last"),
    ]
    with pytest.raises(EntryRejected) as rejected:
        save(partner, places["a"], rows)
    assert [p.where for p in rejected.value.problems] == ["middle", "last", "last"]
    assert Observation.objects.filter(indicator__in=[count, share]).count() == 0
    assert Aggregate.objects.filter(indicator=count).count() == 0


def test_numerator_and_denominator_give_the_value_and_must_be_in_order(initiative, setting):
    places, partner = setting
    share = indicator(initiative, "kept-home", "mean", unit=Indicator.Unit.PERCENT, decimals=1)
    with pytest.raises(EntryRejected) as rejected, translation.override("en"):
        save(
            partner,
            places["a"],
            [EntryRow(share, "", None, "x", numerator=Decimal(9), denominator=Decimal(8))],
        )
    assert "numerator" in rejected.value.problems[0].message
    save(
        partner,
        places["a"],
        [EntryRow(share, "", None, "x", numerator=Decimal(3), denominator=Decimal(4))],
    )
    assert Observation.objects.get(indicator=share).value == 75


def test_a_jump_from_the_previous_period_needs_a_comment(initiative, setting):
    places, partner = setting
    served = indicator(initiative, "served-jump", "sum")
    observe(served, places["a"], 100, partner, period="2024")
    with pytest.raises(EntryRejected) as rejected:
        save(partner, places["a"], [EntryRow(served, "", Decimal(180), "row 1")])
    assert (
        "80" in rejected.value.problems[0].message and "100" in rejected.value.problems[0].message
    )
    for language, moves in (("fr", "s'écarte de 80\u00a0%"), ("en", "moves 80% away")):
        with translation.override(language), pytest.raises(EntryRejected) as rejected:
            save(partner, places["a"], [EntryRow(served, "", Decimal(180), "row 1")])
        assert moves in rejected.value.problems[0].message
    save(
        partner, places["a"], [EntryRow(served, "", Decimal(180), "row 1", comment="Nouveau local")]
    )
    assert Observation.objects.get(indicator=served, period="2025").comment == "Nouveau local"


def test_a_breakdown_must_be_one_of_the_indicators(initiative, setting):
    places, partner = setting
    served = indicator(initiative, "served-gender", "sum")
    served.dimensions.add(gender(initiative))
    with pytest.raises(EntryRejected):
        save(partner, places["a"], [EntryRow(served, "gender=z", Decimal(1), "row")])
    with pytest.raises(EntryRejected):  # a disaggregation the indicator does not have
        save(partner, places["a"], [EntryRow(served, "age=x;gender=f", Decimal(1), "row")])
    save(partner, places["a"], [EntryRow(served, "gender=f", Decimal(1), "row")])
    save(partner, places["a"], [EntryRow(served, "", Decimal(3), "row")])  # the total, given


def test_a_value_crossing_some_disaggregations_but_not_all_is_refused(initiative, setting):
    places, partner = setting
    served = indicator(initiative, "served-three", "sum")
    for code in ("gender", "age", "race"):
        served.dimensions.add(gender(initiative, code=code))  # each with f and m
    row = EntryRow(served, "age=f;gender=m", Decimal(1), "row")
    with pytest.raises(EntryRejected):
        save(partner, places["a"], [row])
    save(partner, places["a"], [EntryRow(served, "age=f;gender=m;race=f", Decimal(1), "row")])
    save(partner, places["a"], [EntryRow(served, "race=m", Decimal(1), "row")])


def test_approved_values_are_locked_until_staff_reopen_them(initiative, setting, people):
    places, partner = setting
    served = indicator(initiative, "served-lock", "sum")
    save(partner, places["a"], [EntryRow(served, "", Decimal(10), "row")])
    obs = Observation.objects.get(indicator=served)
    assert review([obs], approve=True, reason="", by=people["backbone_staff"]) == 1
    assert (
        Aggregate.objects.get(indicator=served, territory=places["city"], scope="approved").value
        == 10
    )

    with pytest.raises(EntryRejected):
        save(partner, places["a"], [EntryRow(served, "", Decimal(11), "row")])
    with pytest.raises(EntryRejected):
        review([obs], approve=False, reason="  ", by=people["backbone_staff"])

    review([obs], approve=False, reason="Erreur de saisie", by=people["backbone_staff"])
    assert not Aggregate.objects.filter(indicator=served, scope="approved").exists()
    save(partner, places["a"], [EntryRow(served, "", Decimal(11), "row")])
    obs.refresh_from_db()
    assert (obs.value, obs.status, obs.return_reason) == (11, "submitted", "")
    assert list(obs.changes.values_list("status", flat=True)) == [
        "submitted",
        "approved",
        "returned",
        "submitted",
    ]
    assert ObservationChange.objects.filter(observation=obs, value=10).count() == 3


def test_saving_the_same_values_twice_changes_nothing(initiative, setting):
    places, partner = setting
    served = indicator(initiative, "served-twice", "sum")
    rows = [EntryRow(served, "", Decimal(10), "row")]
    first = save(partner, places["a"], rows, status="draft")
    second = save(partner, places["a"], [EntryRow(served, "", Decimal(10), "row")], status="draft")
    assert (first.created, second.created, second.changed, second.unchanged) == (1, 0, 0, 1)
    # A value never corrected is its own record; the first correction keeps the original.
    assert ObservationChange.objects.filter(observation__indicator=served).count() == 0
    save(partner, places["a"], [EntryRow(served, "", Decimal(11), "row")], status="draft")
    history = ObservationChange.objects.filter(observation__indicator=served)
    assert list(history.values_list("value", flat=True)) == [10, 11]


def test_one_save_over_several_periods_checks_each_against_what_is_stored(initiative, setting):
    """Stored values are read once per partner for every period of a save: each period's locks
    and jumps are its own, and another partner's values never count."""
    from commun.measurement.checks import Batch
    from commun.measurement.entry import save_batches

    places, partner = setting
    other = Partner.objects.filter(initiative=initiative).exclude(pk=partner.pk).first()
    served = indicator(initiative, "served-periods", "sum")
    observe(served, places["a"], 90, partner, period="2023", status="approved")
    observe(served, places["a"], 100, partner, period="2024", status="draft")
    observe(served, places["b"], 100, other, period="2024")
    observe(served, places["b"], 7, other, period="2025")  # not this partner's: no lock, no jump

    def batches(value_2024, value_2025):
        return [
            Batch(partner, "2024", places["a"], [EntryRow(served, "", value_2024, "2024 a")]),
            Batch(
                partner,
                "2025",
                None,
                [
                    EntryRow(served, "", value_2025, "2025 a", territory=places["a"]),
                    EntryRow(served, "", Decimal(1), "2025 b", territory=places["b"]),
                ],
            ),
        ]

    with pytest.raises(EntryRejected) as rejected, translation.override("en"):
        save_batches(
            batches(Decimal(100), Decimal(300)), by=None, provenance="form", status="submitted"
        )
    assert [p.where for p in rejected.value.problems] == ["2025 a"]
    assert "previous period" in rejected.value.problems[0].message
    result = save_batches(
        batches(Decimal(100), Decimal(120)), by=None, provenance="form", status="submitted"
    )
    assert (result.created, result.changed, result.unchanged) == (2, 1, 0)  # 2024: sent now
    again = save_batches(
        batches(Decimal(100), Decimal(120)), by=None, provenance="form", status="submitted"
    )
    assert (again.created, again.changed, again.unchanged) == (0, 0, 3)
    assert (
        Aggregate.objects.get(
            indicator=served, period="2025", territory=places["north"], scope="all"
        ).value
        == 128
    )
