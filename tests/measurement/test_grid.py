"""The entry grid's read model: its cells, the values they show, what is locked, its cost."""

import pytest
from django.utils import translation

from commun.initiatives.models import Partner
from commun.measurement.grid import grid_rows, period_groups, reported_indicators
from tests.measurement.factories import gender, indicator, observe, territory_tree


@pytest.fixture
def grid(initiative):
    """A new partner reporting one yearly indicator by gender and one quarterly indicator."""
    partner = Partner.objects.create(
        initiative=initiative, name_fr="Partenaire de la grille", sector="community"
    )
    served = indicator(initiative, "grid-served", "sum")
    served.dimensions.add(gender(initiative))
    quarterly = indicator(initiative, "grid-quarterly", "sum", frequency="quarter")
    for reported in (served, quarterly):
        reported.reporting_partners.add(partner)
    return {"partner": partner, "places": territory_tree(initiative), "served": served}


def test_each_cell_shows_its_value_the_previous_periods_and_whether_it_is_locked(initiative, grid):
    partner, place, served = grid["partner"], grid["places"]["a"], grid["served"]
    observe(served, place, 8, partner, breakdown="gender=f", period="2024")
    approved = observe(served, place, 10, partner, breakdown="gender=f", status="approved")
    draft = observe(served, place, 5, partner, breakdown="gender=m", status="draft")

    groups = period_groups(reported_indicators(partner, initiative), "2025")
    assert [(g.frequency, g.key) for g in groups] == [("year", "2025"), ("quarter", None)]
    with translation.override("fr"):
        rows = {row.breakdown: row for row in grid_rows(groups, place, partner)}
    # One cell per category, then the total, which may be given alone.
    assert len(rows) == served.dimensions.get().categories.count() + 1
    assert rows[""].label == "Total" and rows[""].current is None
    female, male = rows["gender=f"], rows["gender=m"]
    assert (female.indicator, female.label, female.current, female.previous) == (
        served,
        "Femmes",
        approved,
        8,
    )
    assert (male.label, male.current, male.previous) == ("Hommes", draft, None)
    assert (female.locked, male.locked) == (True, False)


def test_the_grid_reads_three_queries_per_period_whatever_its_size(
    initiative, grid, django_assert_num_queries
):
    partner, place = grid["partner"], grid["places"]["a"]

    def read_grid():
        groups = period_groups(reported_indicators(partner, initiative), "2025")
        # this period's values, the previous period's, the cells a source said are missing
        with django_assert_num_queries(3):
            return grid_rows(groups, place, partner)

    cells = len(read_grid())
    for number in range(5):
        more = indicator(initiative, f"grid-more-{number}", "sum")
        more.reporting_partners.add(partner)
        observe(more, place, number, partner, period="2024")
        observe(more, place, number, partner)
    assert len(read_grid()) == cells + 5
