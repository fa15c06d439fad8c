"""The geometry of network maps: short labels, layout, labels that never cover each other."""

import math
import random

from commun.map_labels import Dot, overlapping_labels, place_labels, short_label, text_width
from commun.maps import arrowhead, draw, force_layout


def test_a_short_name_is_kept_whole_and_a_long_one_cut_where_it_reads_well():
    assert short_label("Cégep Saint-Roch", 20) == "Cégep Saint-Roch"
    # The part before a colon or a dash, when it fits.
    assert short_label("Cuisines collectives : des groupes cuisinent", 24) == "Cuisines collectives"
    assert short_label("Services Québec — Bureau Saint-Roch", 20) == "Services Québec"
    # Otherwise whole words, without a dangling "de" or "et", and an ellipsis.
    assert short_label("Chaire de recherche sur la pauvreté", 22) == "Chaire de recherche…"
    assert short_label("Information et accompagnement des locataires", 16) == "Information…"
    for name in ["Fondation Lucie-et-Armand-Paré", "Programmes Objectif emploi et PAAS Action"]:
        for limit in (8, 12, 20):
            assert len(short_label(name, limit)) <= limit


def test_two_foundations_keep_distinct_short_names():
    assert short_label("Fondation Cap-Diamant", 16) != short_label(
        "Fondation Lucie-et-Armand-Paré", 16
    )


def test_wide_letters_measure_wider_than_narrow_ones():
    assert text_width("MMMM", 12) > 2 * text_width("iiii", 12)
    assert text_width("Québec", 12) == text_width("Quebec", 12)  # accents take no room
    assert text_width("abc", 24) == 2 * text_width("abc", 12)


def test_the_layout_is_the_same_every_time_and_keeps_linked_nodes_close():
    nodes = list(range(8))
    weights = {(0, 1): 3, (1, 2): 3, (0, 2): 3}
    first = force_layout(nodes, weights)
    assert first == force_layout(nodes, weights)
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in first.values())

    def distance(a, b):
        return math.dist(first[a], first[b])

    linked = max(distance(0, 1), distance(1, 2), distance(0, 2))
    assert linked < min(distance(0, n) for n in range(3, 8))


def test_labels_of_a_crowded_map_cover_no_other_label_and_no_dot():
    # Forty dots scattered 30 pixels apart, most named wider than that: written below each dot,
    # as a naive map would, the names would run into each other.
    rng = random.Random(12)
    names = ["Banque alimentaire", "Comité logement", "Cégep", "Fondation communautaire", "CDC"]
    dots = []
    while len(dots) < 40:
        x, y = rng.uniform(20, 480), rng.uniform(20, 330)
        if all(math.dist((x, y), (d.x, d.y)) > 30 for d in dots):
            n = len(dots)
            dots.append(Dot(n, x, y, 5, (f"{names[n % len(names)]} {n}", f"N{n}")))
    labels = place_labels(dots, 500, 350, 11)
    assert overlapping_labels(labels) == []
    for key, label in labels.items():
        assert label.box.inside(500, 350)
        for dot in dots:
            assert not label.box.meets_circle(dot.x, dot.y, dot.radius), (key, dot.key)
    # Most keep their full name; the others fall back on their short one.
    assert sum(labels[dot.key].text == dot.labels[0] for dot in dots) >= 30


def test_overlapping_labels_are_found():
    # What the map tests rely on: two labels in the same place are reported.
    dots = [Dot("a", 50, 50, 4, ("Un",)), Dot("b", 52, 50, 4, ("Deux",))]
    labels = place_labels(dots, 20, 20, 11)  # no room at all: labels fall back on their dots
    assert len(overlapping_labels(labels)) == 1


def test_a_drawing_spaces_dots_so_that_a_label_fits_between_them():
    positions = {n: (0.5, 0.5 + n / 1000) for n in range(5)}  # all but on top of each other
    drawing = draw(
        positions, dict.fromkeys(range(5), 6.0), {n: (f"N{n}",) for n in range(5)}, (300, 300)
    )
    points = list(drawing.dots.values())
    assert (
        min(
            math.dist((a.x, a.y), (b.x, b.y)) for i, a in enumerate(points) for b in points[i + 1 :]
        )
        >= 12 + 12 * 1.25
    )
    assert overlapping_labels(drawing.labels) == []


def test_an_arrowhead_points_at_the_edge_of_the_target_dot():
    path, base = arrowhead((0, 0), (100, 0), radius=10, length=8)
    assert path.startswith("M89.0,0.0")  # the tip, one pixel off the dot's edge
    assert base == (81.0, 0.0)  # where the line stops
