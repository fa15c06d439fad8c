"""The pieces of `commun bench`'s P1 and P2: sides timed in turn, pair by pair, the warm-up left
out; a target said met or not on the median; and the import and the raw insert of P2 writing
the same rows, each time from the same database state. (No timing asserted here.)"""

import pytest

from benchmarks.generate import generate
from benchmarks.pairs import Rounds, Target, figure_line, interleaved
from benchmarks.run import ImportFile
from commun.measurement.models import Aggregate, FiguresPending, ImportJob, Observation


def test_sides_run_in_turn_and_the_warm_up_is_not_counted():
    said, clock = [], iter(range(1, 100))

    def side(name):
        def run():
            said.append(name)
            return float(next(clock))

        return run

    rounds = interleaved(
        {"a": side("a"), "b": side("b")}, pairs=3, warm_up=1, after=lambda: said.append("-")
    )
    assert said == ["a", "-", "b", "-"] * 4
    assert rounds.seconds == {"a": [3.0, 5.0, 7.0], "b": [4.0, 6.0, 8.0]}
    assert rounds.ratios("a", "b") == [3 / 4, 5 / 6, 7 / 8]
    assert rounds.ratio("a", "b") == 5 / 6


def test_a_target_is_met_on_the_median_of_the_pairs():
    assert Target("<=", 0.5).met(0.5) and not Target("<=", 0.5).met(0.51)
    assert Target(">=", 0.75).met(0.8) and not Target(">=", 0.75).met(0.7)
    line = figure_line("P2 x", [0.7, 0.8, 0.9], Target(">=", 0.75), "behind")
    assert line == "P2 x 0.80 (min 0.70, max 0.90) target >= 0.75: met; behind\n"
    line = figure_line("P1 y", [0.4, 0.6, 0.7], Target("<=", 0.5), "behind")
    assert "0.60 (min 0.40, max 0.70) target <= 0.5: NOT MET" in line
    assert Rounds({"a": [2.0, 4.0], "b": [1.0, 1.0]}).median("a") == 3.0


@pytest.mark.django_db(transaction=True)
def test_the_import_and_the_raw_insert_write_the_same_rows_from_the_same_state():
    initiative = generate("bench-pairs", 2_000)
    before = (Observation.objects.count(), Aggregate.objects.count())
    file = ImportFile(initiative, 300)

    file.imported()
    imported = sorted(
        Observation.objects.filter(indicator=file.indicator, period__in=file.periods).values_list(
            "period", "territory_id", "breakdown", "value", "partner_id", "status", "entered_by_id"
        )
    )
    assert len(imported) == 300 and ImportJob.objects.get().status == "done"
    file.remove()
    assert (Observation.objects.count(), Aggregate.objects.count()) == before
    assert not ImportJob.objects.exists() and not FiguresPending.objects.exists()

    file.inserted_raw()
    raw = sorted(
        Observation.objects.filter(indicator=file.indicator, period__in=file.periods).values_list(
            "period", "territory_id", "breakdown", "value", "partner_id", "status", "entered_by_id"
        )
    )
    assert raw == imported
    file.remove()
    assert (Observation.objects.count(), Aggregate.objects.count()) == before


def test_a_side_that_times_itself_leaves_out_what_it_did_first():
    from benchmarks.pairs import median_of

    side = median_of(lambda: 0.25, runs=3)
    assert side() == 0.25
    untimed = median_of(lambda: None, runs=3)
    assert untimed() < 0.25
