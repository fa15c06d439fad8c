"""The demo's values are commented where the entry grid would have asked for a comment."""

from itertools import pairwise

from commun.demo.cast import data
from commun.measurement.checks import jump_from
from commun.measurement.models import Observation


def test_the_demo_comments_a_jump_only_where_the_entry_rules_jump_check_asks_for_one(initiative):
    content = data("measurement")
    jump_comments = {content["small_numbers"], *content["jump_comments"].values()}
    series = {}
    for row in (
        Observation.objects.filter(indicator__initiative=initiative, partner__isnull=False)
        .order_by("period_start")
        .values("indicator_id", "partner_id", "territory_id", "breakdown", "value", "comment")
    ):
        key = (row["indicator_id"], row["partner_id"], row["territory_id"], row["breakdown"])
        series.setdefault(key, []).append(row)
    commented = 0
    for rows in series.values():
        for before, row in pairwise(rows):
            if row["comment"] in jump_comments:
                commented += 1
                assert jump_from(before["value"], row["value"]) is not None, row
    assert commented >= 10  # the demo still shows values explained by their partner
