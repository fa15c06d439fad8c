"""What the journal's pages read: the outcomes a person sees (`visibility.outcomes_seen`), filtered
as the page's GET form asks, searched in both languages without case or accents (as the decision
log searches), counted by kind of change, by strategy, by quarter and by territory."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from commun.agenda.models import Strategy
from commun.formatting.periods import format_period
from commun.formatting.sorting import dictionary_key
from commun.initiatives.models import Initiative, Partner
from commun.journal.models import ChangeKind, HarvestCampaign, ObservedOutcome, SocialActor
from commun.journal.visibility import outcomes_seen
from commun.measurement.models import Territory
from commun.measurement.names import simplify
from commun.measurement.periods import period_of

SEARCHED = (
    "title_fr",
    "title_en",
    "description_fr",
    "description_en",
    "significance_fr",
    "significance_en",
    "contribution_fr",
    "contribution_en",
)


@dataclass(frozen=True)
class JournalFilters:
    text: str = ""
    status: str = ""
    kind: str = ""
    actor: SocialActor | None = None
    partner: Partner | None = None
    strategy: Strategy | None = None
    territory: Territory | None = None
    positive: bool | None = None
    intended: bool | None = None
    campaign: HarvestCampaign | None = None
    since: date | None = None
    until: date | None = None


def matching(outcomes: QuerySet[ObservedOutcome], words: str) -> QuerySet[ObservedOutcome]:
    """Outcomes whose texts, in either language, hold every word (no case, no accents)."""
    wanted = simplify(words).split()
    if not wanted:
        return outcomes
    found = [
        row[0]
        for row in outcomes.values_list("pk", *SEARCHED)
        if all(word in simplify(" ".join(row[1:])) for word in wanted)
    ]
    return outcomes.filter(pk__in=found)


def filtered(outcomes: QuerySet[ObservedOutcome], filters: JournalFilters):
    if filters.status:
        outcomes = outcomes.filter(status=filters.status)
    if filters.kind:
        outcomes = outcomes.filter(kind=filters.kind)
    if filters.actor:
        outcomes = outcomes.filter(actor=filters.actor)
    if filters.partner:
        outcomes = outcomes.filter(Q(partner=filters.partner) | Q(partners=filters.partner))
    if filters.strategy:
        outcomes = outcomes.filter(strategies=filters.strategy)
    if filters.territory:  # a territory counts its parts
        outcomes = outcomes.filter(territories__path__startswith=filters.territory.path)
    if filters.positive is not None:
        outcomes = outcomes.filter(positive=filters.positive)
    if filters.intended is not None:
        outcomes = outcomes.filter(intended=filters.intended)
    if filters.campaign:
        outcomes = outcomes.filter(campaign=filters.campaign)
    if filters.since:
        outcomes = outcomes.filter(observed_on__gte=filters.since)
    if filters.until:
        outcomes = outcomes.filter(observed_on__lte=filters.until)
    outcomes = matching(outcomes, filters.text)
    # The joins of many-valued filters may repeat an outcome: the ids say each once.
    return ObservedOutcome.objects.filter(pk__in=outcomes.values("pk"))


def journal(initiative: Initiative, user, filters: JournalFilters) -> QuerySet[ObservedOutcome]:
    """The outcomes `user` sees that match `filters`, latest observed first, ready to list."""
    return (
        filtered(outcomes_seen(user, initiative), filters)
        .select_related("actor", "partner", "campaign")
        .order_by("-observed_on", "-pk")
    )


@dataclass(frozen=True)
class Tally:
    label: str
    count: int
    key: str = ""


def by_kind(outcomes: QuerySet[ObservedOutcome]) -> list[Tally]:
    """How many outcomes of each kind of change, in the kinds' order (every kind listed)."""
    counted = dict(
        outcomes.order_by().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    return [Tally(str(kind.label), counted.get(kind.value, 0), kind.value) for kind in ChangeKind]


def by_strategy(outcomes: QuerySet[ObservedOutcome], initiative: Initiative) -> list[Tally]:
    """How many outcomes each strategy of the initiative contributed to, most first, then as a
    dictionary sorts them; an outcome with no strategy is counted apart, last."""
    counted = dict(
        Strategy.objects.filter(initiative=initiative, observed_outcomes__in=outcomes)
        .values("pk")
        .annotate(n=Count("observed_outcomes", distinct=True))
        .values_list("pk", "n")
    )
    rows = [
        Tally(strategy.text, counted.get(strategy.pk, 0), str(strategy.pk))
        for strategy in Strategy.objects.filter(initiative=initiative)
    ]
    rows.sort(key=lambda row: (-row.count, dictionary_key(row.label)))
    none = outcomes.filter(strategies=None).count()
    if none:
        rows.append(Tally(_("No strategy named"), none))
    return rows


@dataclass
class Quarter:
    key: str
    label: str
    outcomes: list


def timeline(outcomes: QuerySet[ObservedOutcome]) -> list[Quarter]:
    """The outcomes grouped by the quarter they were observed in, latest first ("T3 2026")."""
    quarters: dict[str, Quarter] = {}
    for outcome in outcomes.order_by("-observed_on", "-pk"):
        key = period_of(outcome.observed_on, "quarter")
        if key not in quarters:
            quarters[key] = Quarter(key, format_period(key), [])
        quarters[key].outcomes.append(outcome)
    return list(quarters.values())


@dataclass
class TerritoryCount:
    territory: Territory
    own: int  # outcomes naming this territory
    total: int  # outcomes naming it or one of its parts
    depth: int


def by_territory(
    outcomes: QuerySet[ObservedOutcome], initiative: Initiative
) -> list[TerritoryCount]:
    """The territory tree with, for each place, the outcomes seen there or in its parts (an
    outcome counted once per place even when it names several of its parts); tree order,
    sisters as a dictionary sorts them. Two queries."""
    territories = list(Territory.objects.filter(initiative=initiative))
    links = ObservedOutcome.territories.through.objects.filter(
        observedoutcome__in=outcomes.values("pk")
    ).values_list("observedoutcome_id", "territory_id")
    by_id = {t.pk: t for t in territories}
    own: Counter = Counter()
    reached: dict[int, set[int]] = {}
    for outcome_id, territory_id in links:
        own[territory_id] += 1
        place = by_id.get(territory_id)
        for ancestor in place.lineage() if place else []:
            reached.setdefault(ancestor, set()).add(outcome_id)
    children: dict[int | None, list[Territory]] = {}
    for place in territories:
        children.setdefault(place.parent_id, []).append(place)
    rows: list[TerritoryCount] = []

    def walk(parent_id, depth):
        for place in sorted(children.get(parent_id, []), key=lambda t: dictionary_key(t.name)):
            rows.append(TerritoryCount(place, own[place.pk], len(reached.get(place.pk, ())), depth))
            walk(place.pk, depth + 1)

    walk(None, 0)
    return rows
