"""Progress markers over time: the quarters in which outcomes the reader sees marked each marker,
the level reached, in a fixed number of queries."""

from datetime import date

from commun.journal.markers import markers_over_time
from commun.journal.models import MarkerLevel
from tests.journal.harvest_factory import make_actor, make_marker, make_outcome


def test_the_grid_counts_outcomes_per_marker_and_quarter_and_the_levels_reached(initiative, people):
    actor = make_actor(initiative, boundary_partner=True)
    expect = make_marker(actor, MarkerLevel.EXPECT, "Vient aux rencontres")
    love = make_marker(actor, MarkerLevel.LOVE, "Mène un projet")
    make_outcome(initiative, actor, "published", date(2025, 11, 3), markers=[expect])
    make_outcome(initiative, actor, "published", date(2026, 5, 2), markers=[expect, love])
    make_outcome(initiative, actor, "published", date(2026, 4, 9), markers=[expect])
    grid = markers_over_time(actor, people["backbone_staff"], initiative)
    assert grid.quarters == ["2025-Q4", "2026-Q1", "2026-Q2"]
    assert [row.counts for row in grid.rows] == [[1, 0, 2], [0, 0, 1]]
    assert grid.milestones == [("2025-Q4", MarkerLevel.EXPECT), ("2026-Q2", MarkerLevel.LOVE)]


def test_the_grid_counts_only_outcomes_the_reader_sees(initiative, people):
    actor = make_actor(initiative, boundary_partner=True)
    marker = make_marker(actor)
    make_outcome(initiative, actor, "draft", date(2026, 2, 2), markers=[marker])
    make_outcome(initiative, actor, "published", date(2026, 5, 2), markers=[marker])
    staff = markers_over_time(actor, people["backbone_staff"], initiative)
    observer = markers_over_time(actor, people["observer"], initiative)
    assert staff.rows[0].total == 2
    assert observer.rows[0].total == 1 and observer.quarters == ["2026-Q2"]


def test_the_grid_costs_the_same_queries_with_many_outcomes(
    initiative, people, django_assert_max_num_queries
):
    actor = make_actor(initiative, boundary_partner=True)
    markers = [make_marker(actor, level, f"M{level}") for level in MarkerLevel.values]
    for month in range(1, 13):
        make_outcome(initiative, actor, "published", date(2025, month, 1), markers=markers)
    observer = people["observer"]
    with django_assert_max_num_queries(6):
        grid = markers_over_time(actor, observer, initiative)
    assert len(grid.quarters) == 4


def test_the_chart_has_a_bar_per_quarter_with_a_level_reached(initiative, people):
    from django.utils import translation

    from commun.journal.markers import levels_chart

    actor = make_actor(initiative, boundary_partner=True)
    expect = make_marker(actor, MarkerLevel.EXPECT, "Vient")
    like = make_marker(actor, MarkerLevel.LIKE, "Invite")
    assert levels_chart(markers_over_time(actor, people["observer"], initiative)) is None
    make_outcome(initiative, actor, "published", date(2025, 11, 3), markers=[expect])
    make_outcome(initiative, actor, "published", date(2026, 5, 2), markers=[expect, like])
    with translation.override("fr"):
        chart = levels_chart(markers_over_time(actor, people["observer"], initiative))
    values = chart["data"]["values"]
    assert [(v["quarter"], v["level"]) for v in values] == [("T4 2025", 1), ("T2 2026", 2)]
    assert values[1]["name"] == "On aimerait voir"
