"""Network measures against small graphs computed by hand, and a continuum round's network."""

import pytest
from django.utils import translation

from commun.assessments.charts import NARROW, WIDE, network_chart, network_drawing, partner_labels
from commun.assessments.instruments import shipped
from commun.assessments.models import Round
from commun.assessments.network import measures, round_network
from commun.assessments.rounds import Available, open_round
from commun.initiatives.models import Partner
from commun.map_labels import overlapping_labels
from commun.maps import draw, force_layout
from tests.assessments.factories import people_of, rated


def test_a_path_with_one_reciprocated_tie_and_an_isolated_partner():
    # A ⇄ B → C, D alone: 3 ties of 4·3 = 12 possible; 2 of the 3 ties are returned;
    # undirected A-B-C: B is on the only path between A and C, out of 3 pairs among the others.
    result = measures(["A", "B", "C", "D"], [("A", "B"), ("B", "A"), ("B", "C")])
    assert result.nodes == 4 and result.ties == 3
    assert result.density == pytest.approx(0.25)
    assert result.reciprocity == pytest.approx(2 / 3, abs=1e-4)
    assert result.degree == pytest.approx({"A": 1 / 3, "B": 2 / 3, "C": 1 / 3, "D": 0}, abs=1e-4)
    assert result.betweenness == pytest.approx({"A": 0, "B": 1 / 3, "C": 0, "D": 0}, abs=1e-4)
    assert result.isolated == {"D"}


def test_a_star_puts_its_centre_on_every_path():
    # Centre H named by four partners, none named back: density 4/20, reciprocity 0;
    # H links every pair of the 4 leaves (6 pairs of 6 possible among the others: betweenness 1).
    result = measures(["H", "a", "b", "c", "d"], [(leaf, "H") for leaf in "abcd"])
    assert result.density == pytest.approx(0.2)
    assert result.reciprocity == 0
    assert result.degree["H"] == pytest.approx(1.0)
    assert result.degree["a"] == pytest.approx(0.25)
    assert result.betweenness["H"] == pytest.approx(1.0)
    assert result.betweenness["a"] == 0
    assert result.isolated == frozenset()


def test_a_fully_reciprocated_triangle():
    ties = [(a, b) for a in "xyz" for b in "xyz" if a != b]
    result = measures(list("xyz"), ties)
    assert result.density == 1.0 and result.reciprocity == 1.0
    assert set(result.betweenness.values()) == {0.0}


def test_no_ties_at_all():
    result = measures(["A", "B"], [])
    assert result.density == 0 and result.reciprocity == 0
    assert result.isolated == {"A", "B"}


def test_a_continuum_round_averages_a_partners_people_and_counts_ties_from_communicate_up(
    initiative,
):
    people = people_of(initiative, 3)
    available = Available("continuum", "continuum", shipped()["continuum"])
    from django.utils import timezone

    the_round = open_round(
        initiative,
        available,
        title_fr="Continuum test",
        title_en="Continuum test",
        closes_on=timezone.localdate(),
        anonymous=False,
        memberships=people,
    )
    respondents = {r.user_id: r for r in the_round.respondents.all()}
    first, second, third = (respondents[m.user_id] for m in people)
    others = list(
        Partner.objects.filter(initiative=initiative).exclude(
            pk__in=[first.partner_id, second.partner_id, third.partner_id]
        )[:1]
    )
    lonely = others[0]
    # first → second: cooperate (4), wants 6; second → first: communicate (3); third: co-exist (2).
    rated(the_round, first, {second.partner: (4, 6, {"openness": 4, "influence": 2})})
    rated(the_round, second, {first.partner: (3, 3, {"openness": 2}), third.partner: (2, 4, {})})
    network = round_network(the_round)
    by_partner = {view.partner.pk: view for view in network.partners}
    if first.partner_id == second.partner_id or second.partner_id == third.partner_id:
        pytest.skip("the demo's first people share a partner")
    assert network.measures.ties == 2  # first ⇄ second; second → third is only co-existing
    assert network.measures.reciprocity == 1.0
    assert by_partner[third.partner_id].isolated
    assert by_partner[second.partner_id].trust == 4.0  # openness 4 from first
    assert by_partner[first.partner_id].trust == 2.0
    pair = next(
        p for p in network.pairs if {p.a.pk, p.b.pk} == {first.partner_id, second.partner_id}
    )
    assert pair.now == 3.5 and pair.wanted == 4.5 and pair.gap == 1.0
    assert lonely.pk not in by_partner  # neither asked nor rated: not in this round's network
    assert set(network.layout) == set(by_partner)
    # Asked and answered, asked and silent (third), or only rated by others: said apart.
    assert by_partner[first.partner_id].asked and by_partner[first.partner_id].answered
    assert by_partner[third.partner_id].asked and not by_partner[third.partner_id].answered
    assert network.invited_partners == len({first.partner_id, second.partner_id, third.partner_id})


def test_a_partner_rated_but_never_asked_is_not_said_to_have_missed_its_answer(initiative):
    from django.utils import timezone

    people = people_of(initiative, 2)
    the_round = open_round(
        initiative,
        Available("continuum", "continuum", shipped()["continuum"]),
        title_fr="Continuum test",
        title_en="Continuum test",
        closes_on=timezone.localdate(),
        anonymous=False,
        memberships=people,
    )
    asker = the_round.respondents.first()
    outsider = (
        Partner.objects.filter(initiative=initiative)
        .exclude(pk__in=[r.partner_id for r in the_round.respondents.all()])
        .first()
    )
    rated(the_round, asker, {outsider: (4, 4, {})})
    view = next(v for v in round_network(the_round).partners if v.partner == outsider)
    assert not view.asked and not view.answered


# --- The map --------------------------------------------------------------------------------------


def demo_continuum(initiative):
    return Round.objects.get(
        initiative=initiative, title_fr="Continuum de collaboration — juin 2026"
    )


def assert_readable(drawing):
    """No label covers another or a dot, and each stays inside the drawing."""
    assert overlapping_labels(drawing.labels) == []
    for label in drawing.labels.values():
        assert label.box.inside(drawing.width, drawing.height), label
        for dot in drawing.dots.values():
            assert not label.box.meets_circle(dot.x, dot.y, dot.radius), (label.text, dot.key)


@pytest.mark.parametrize("size", [WIDE, NARROW])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_demo_continuum_map_labels_every_partner_without_overlap(initiative, size, language):
    with translation.override(language):
        network = round_network(demo_continuum(initiative))
        drawing = network_drawing(network, size)
    assert len(drawing.labels) == len(network.partners) >= 20
    assert_readable(drawing)


@pytest.mark.parametrize("size", [WIDE, NARROW])
def test_all_25_demo_partners_fit_on_one_map_without_overlap(initiative, size):
    # Every partner of the demo, the one the round left out included, tied as in the round.
    partners = list(Partner.objects.filter(initiative=initiative))
    assert len(partners) == 25
    network = round_network(demo_continuum(initiative), with_layout=False)
    keys = sorted(p.pk for p in partners)
    weights = {(pair.a.pk, pair.b.pk): pair.now - 2 for pair in network.pairs if pair.drawn}
    drawing = draw(
        force_layout(keys, weights),
        dict.fromkeys(keys, 8.0),
        {p.pk: partner_labels(p) for p in partners},
        size,
    )
    assert len(drawing.labels) == 25
    assert_readable(drawing)


def test_the_map_writes_short_names_and_gives_the_full_one_when_pointed_at(initiative):
    network = round_network(demo_continuum(initiative))
    chart = network_chart(network)
    for spec in (chart.wide, chart.narrow):
        nodes = next(layer for layer in spec["layer"] if layer.get("name") == "label")
        by_name = {node["name"]: node for node in nodes["data"]["values"]}
        cdc = by_name["Corporation de développement communautaire de la Basse-Ville"]
        assert cdc["label"] == "CDC"  # its acronym
        chaire = next(name for name in by_name if name.startswith("Chaire de recherche"))
        assert len(by_name[chaire]["label"]) <= 24
        assert nodes["encoding"]["tooltip"][0]["field"] == "name"  # the full name


def test_each_partner_lists_the_relations_the_map_draws(initiative):
    network = round_network(demo_continuum(initiative))
    drawn = [pair for pair in network.pairs if pair.drawn]
    assert sum(len(view.relations) for view in network.partners) == 2 * len(drawn)
    view = next(v for v in network.partners if v.relations)
    other, pair = view.relations[0]
    assert view.partner in (pair.a, pair.b) and other in (pair.a, pair.b)
    assert [p.now for _o, p in view.relations] == sorted(
        (p.now for _o, p in view.relations), key=lambda now: -(now or 0)
    )
