"""The partner network of a continuum round: who works with whom, how closely, and the measures.

Each rating is directed (partner A says where it stands with B). A **tie** A→B exists when A puts
the relation today at "communicate" or closer (`TIE_LEVEL`): competing or merely co-existing is no
working relation. Measures (networkx):
- density: ties / possible directed ties, n·(n-1), over the round's partners;
- reciprocity: the share of ties A→B for which B→A is a tie too;
- degree centrality: partners tied in either direction / (n-1);
- betweenness centrality (normalized), on the undirected ties: who bridges otherwise distant parts;
- isolated partners: no tie in either direction.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx
from django.utils.translation import gettext_lazy as _

from commun.assessments.models import Rating, Respondent, Round
from commun.formatting.sorting import dictionary_key
from commun.initiatives.models import Partner
from commun.maps import force_layout

TIE_LEVEL = 3


@dataclass(frozen=True)
class Measures:
    nodes: int
    ties: int
    density: float
    reciprocity: float
    degree: dict  # node → degree centrality
    betweenness: dict  # node → betweenness centrality
    isolated: frozenset


def measures(nodes: list, ties: list[tuple]) -> Measures:
    """The network measures of directed `ties` (pairs of nodes) among `nodes`."""
    directed = nx.DiGraph()
    directed.add_nodes_from(nodes)
    directed.add_edges_from((a, b) for a, b in ties if a != b)
    undirected = directed.to_undirected()
    n = directed.number_of_nodes()
    edges = directed.number_of_edges()
    return Measures(
        nodes=n,
        ties=edges,
        density=round(nx.density(directed), 4) if n > 1 else 0.0,
        reciprocity=round(nx.overall_reciprocity(directed), 4) if edges else 0.0,
        degree={k: round(v, 4) for k, v in nx.degree_centrality(undirected).items()}
        if n > 1
        else dict.fromkeys(nodes, 0.0),
        betweenness={
            k: round(v, 4)
            for k, v in nx.betweenness_centrality(undirected, normalized=True).items()
        },
        isolated=frozenset(node for node in undirected if undirected.degree(node) == 0),
    )


@dataclass
class Pair:
    """Two partners, with what each said of the other (averaged when several people answered)."""

    a: Partner
    b: Partner
    now: float | None
    wanted: float | None
    now_label: str = ""
    wanted_label: str = ""

    @property
    def gap(self) -> float | None:
        if self.now is None or self.wanted is None:
            return None
        return round(self.wanted - self.now, 1)

    @property
    def drawn(self) -> bool:
        """A working relation today, or one wanted: the map draws it, the table lists it."""
        return (self.now or 0) >= TIE_LEVEL or (self.wanted or 0) >= TIE_LEVEL

    @property
    def kind(self) -> str:
        if (self.now or 0) < TIE_LEVEL:
            return KINDS["not_yet"]
        return KINDS["closer"] if (self.gap or 0) >= 1 else KINDS["as_wanted"]


KINDS = {
    "as_wanted": _("As wanted"),
    "closer": _("Closer wanted"),
    "not_yet": _("Wanted, not yet"),
}


@dataclass
class PartnerView:
    partner: Partner
    degree: float
    betweenness: float
    isolated: bool
    trust: float | None  # mean of the trust scores others gave it
    value: float | None  # mean of the value scores others gave it
    raters: int
    answered: bool
    degree_change: float | None = None
    asked: bool = True  # False: only rated by others, never asked to answer
    relations: list = field(default_factory=list)  # [(other partner, Pair)], closest first


@dataclass
class Network:
    round: Round
    partners: list[PartnerView]
    pairs: list[Pair]
    measures: Measures
    previous: Round | None = None
    previous_measures: Measures | None = None
    answered: int = 0
    invited_partners: int = 0
    layout: dict = field(default_factory=dict)  # partner id → (x, y)

    def change(self, name: str) -> float | None:
        if self.previous_measures is None:
            return None
        return round(getattr(self.measures, name) - getattr(self.previous_measures, name), 4)

    @property
    def change_ties(self) -> int | None:
        return None if self.previous_measures is None else int(self.change("ties"))

    @property
    def change_density(self) -> float | None:
        return self.change("density")

    @property
    def change_reciprocity(self) -> float | None:
        return self.change("reciprocity")

    @property
    def gaps(self) -> list[Pair]:
        """The pairs furthest from where they want to be (a level or more), widest gap first."""
        wide = [pair for pair in self.pairs if (pair.gap or 0) >= 1]
        return sorted(wide, key=lambda p: -p.gap)[:10]

    @property
    def isolated_change(self) -> int | None:
        if self.previous_measures is None:
            return None
        return len(self.measures.isolated) - len(self.previous_measures.isolated)


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(statistics.fmean(values), 2) if values else None


def _ratings(the_round: Round) -> list[Rating]:
    return list(
        Rating.objects.filter(response__round=the_round, response__submitted=True)
        .exclude(response__partner=None)
        .select_related("response")
    )


def _directed(ratings: list[Rating]) -> dict[tuple[int, int], dict]:
    """(rater partner, rated partner) → mean level today and wanted, over the rater's people."""
    grouped = defaultdict(lambda: {"now": [], "wanted": []})
    for rating in ratings:
        key = (rating.response.partner_id, rating.about_id)
        grouped[key]["now"].append(rating.level_now)
        grouped[key]["wanted"].append(rating.level_wanted)
    return {key: {k: _mean(v) for k, v in values.items()} for key, values in grouped.items()}


def asked_partners(the_round: Round) -> set[int]:
    """The partners asked to answer the round."""
    return set(
        Respondent.objects.filter(round=the_round)
        .exclude(partner=None)
        .values_list("partner_id", flat=True)
    )


def _nodes(asked: set[int], ratings: list[Rating]) -> set[int]:
    """The partners asked, and those rating or rated by others."""
    return asked | {r.response.partner_id for r in ratings} | {r.about_id for r in ratings}


def _ties(directed: dict) -> list[tuple[int, int]]:
    return [key for key, levels in directed.items() if (levels["now"] or 0) >= TIE_LEVEL]


def round_network(the_round: Round, with_layout: bool = True) -> Network:
    """The network of a continuum round, its measures and their change since the previous round."""
    from commun.assessments.results import previous_round

    instrument = the_round.instrument
    ratings = _ratings(the_round)
    asked = asked_partners(the_round)
    node_ids = _nodes(asked, ratings)
    partners = {p.pk: p for p in Partner.objects.filter(pk__in=node_ids)}
    ordered = sorted(partners, key=lambda pk: dictionary_key(partners[pk].name))
    directed = _directed(ratings)
    result = measures(ordered, _ties(directed))

    previous = previous_round(the_round)
    previous_result = None
    if previous is not None:
        previous_ratings = _ratings(previous)
        previous_directed = _directed(previous_ratings)
        previous_result = measures(
            sorted(_nodes(asked_partners(previous), previous_ratings)), _ties(previous_directed)
        )

    trust_keys = [item.key for item in instrument.trust]
    value_keys = [item.key for item in instrument.value]
    received = defaultdict(lambda: {"trust": [], "value": [], "raters": set()})
    answered = set()
    for rating in ratings:
        answered.add(rating.response.partner_id)
        bucket = received[rating.about_id]
        bucket["trust"] += [rating.scores.get(k) for k in trust_keys]
        bucket["value"] += [rating.scores.get(k) for k in value_keys]
        if any(rating.scores.get(k) for k in trust_keys + value_keys):
            bucket["raters"].add(rating.response.partner_id)

    views = []
    for pk in ordered:
        change = None
        if previous_result is not None and pk in previous_result.degree:
            change = round(result.degree[pk] - previous_result.degree[pk], 4)
        views.append(
            PartnerView(
                partners[pk],
                result.degree.get(pk, 0.0),
                result.betweenness.get(pk, 0.0),
                pk in result.isolated,
                _mean(received[pk]["trust"]),
                _mean(received[pk]["value"]),
                len(received[pk]["raters"]),
                pk in answered,
                change,
                pk in asked,
            )
        )

    pairs = []
    seen = set()
    for (a, b), levels in directed.items():
        key = tuple(sorted((a, b)))
        if key in seen or a not in partners or b not in partners:
            continue
        seen.add(key)
        back = directed.get((b, a), {"now": None, "wanted": None})
        now = _mean([levels["now"], back["now"]])
        wanted = _mean([levels["wanted"], back["wanted"]])
        pairs.append(
            Pair(
                partners[key[0]],
                partners[key[1]],
                now,
                wanted,
                _level_label(instrument, now),
                _level_label(instrument, wanted),
            )
        )
    pairs.sort(key=lambda p: (-(p.now or 0), dictionary_key(p.a.name), dictionary_key(p.b.name)))
    by_partner = {view.partner.pk: view for view in views}
    for pair in pairs:
        if pair.drawn:
            by_partner[pair.a.pk].relations.append((pair.b, pair))
            by_partner[pair.b.pk].relations.append((pair.a, pair))

    network = Network(
        the_round,
        views,
        pairs,
        result,
        previous,
        previous_result,
        answered=len(answered),
        invited_partners=len(asked),
    )
    if with_layout:
        network.layout = layout(ordered, pairs)
    return network


def _level_label(instrument, mean: float | None) -> str:
    if mean is None:
        return ""
    nearest = min(instrument.levels, key=lambda level: abs(level.value - mean))
    return str(nearest.label)


def layout(nodes: list[int], pairs: list[Pair]) -> dict[int, tuple[float, float]]:
    """Positions in [0, 1]², closer partners nearer: the force-directed layout of `maps`,
    weighted by the level today, so the same answers always give the same picture."""
    weights = {
        (pair.a.pk, pair.b.pk): pair.now - TIE_LEVEL + 1
        for pair in pairs
        if pair.now is not None and pair.now >= TIE_LEVEL
    }
    return force_layout(nodes, weights)
