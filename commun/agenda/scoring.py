"""Partners score candidate levers on weighted criteria; the ranking shows agreement and spread."""

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import fmean, pstdev

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from commun.agenda.models import Criterion, Lever, LeverScore
from commun.initiatives.models import Initiative, Partner

# Standard deviation of the partners' weighted scores (1 to 5 scale) below which they agree, and
# above which they are divided; in between, opinions are mixed.
AGREE_BELOW, DIVIDED_FROM = 0.75, 1.25
AGREEMENT_LABELS = {
    "agree": _("Partners agree"),
    "mixed": _("Opinions vary"),
    "divided": _("Partners are divided"),
    "none": _("Not scored yet"),
}


@dataclass(frozen=True)
class CriterionStats:
    mean: float
    low: int
    high: int
    count: int


@dataclass
class LeverRanking:
    lever: Lever
    weighted: float | None  # mean over partners of their weighted score, 1 to 5
    spread: float | None  # standard deviation of the partners' weighted scores
    respondents: int
    by_criterion: dict = field(default_factory=dict)  # criterion id -> CriterionStats
    rank: int | None = None

    @property
    def agreement(self) -> str:
        if self.spread is None:
            return "none"
        if self.spread < AGREE_BELOW:
            return "agree"
        return "mixed" if self.spread < DIVIDED_FROM else "divided"

    @property
    def agreement_label(self) -> str:
        return str(AGREEMENT_LABELS[self.agreement])


def rank_levers(levers, criteria, scores) -> list[LeverRanking]:
    """Levers from the highest weighted score down; unscored levers last, unranked.

    `scores` are (lever id, criterion id, partner id, score). A partner's weighted score for a lever
    uses the criteria it scored, so a partner that skipped one criterion still counts.
    """
    weights = {c.pk: c.weight for c in criteria}
    per_partner = defaultdict(dict)  # (lever, partner) -> {criterion: score}
    per_criterion = defaultdict(list)  # (lever, criterion) -> [scores]
    for lever_id, criterion_id, partner_id, score in scores:
        if criterion_id in weights:
            per_partner[(lever_id, partner_id)][criterion_id] = score
            per_criterion[(lever_id, criterion_id)].append(score)
    rankings = []
    for lever in levers:
        totals = [
            sum(weights[c] * s for c, s in given.items()) / sum(weights[c] for c in given)
            for (lever_id, _partner), given in per_partner.items()
            if lever_id == lever.pk
        ]
        stats = {
            c.pk: CriterionStats(fmean(values), min(values), max(values), len(values))
            for c in criteria
            if (values := per_criterion.get((lever.pk, c.pk)))
        }
        rankings.append(
            LeverRanking(
                lever,
                weighted=fmean(totals) if totals else None,
                spread=pstdev(totals) if totals else None,
                respondents=len(totals),
                by_criterion=stats,
            )
        )
    rankings.sort(key=lambda r: (r.weighted is None, -(r.weighted or 0), r.lever.position))
    for index, ranking in enumerate(rankings, start=1):
        ranking.rank = index if ranking.weighted is not None else None
    return rankings


def initiative_ranking(initiative: Initiative) -> tuple[list[Criterion], list[LeverRanking]]:
    levers = list(Lever.objects.filter(initiative=initiative))
    criteria = list(Criterion.objects.filter(initiative=initiative))
    scores = LeverScore.objects.filter(lever__initiative=initiative).values_list(
        "lever_id", "criterion_id", "partner_id", "score"
    )
    return criteria, rank_levers(levers, criteria, scores)


def scores_of(partner: Partner) -> dict:
    """{(lever id, criterion id): score} the partner gave."""
    return {
        (lever, criterion): score
        for lever, criterion, score in LeverScore.objects.filter(partner=partner).values_list(
            "lever_id", "criterion_id", "score"
        )
    }


def save_scores(partner: Partner, scores: dict, by) -> None:
    """Replace the partner's scores with `scores` ({(lever id, criterion id): score or None})."""
    with transaction.atomic():
        for (lever_id, criterion_id), score in scores.items():
            if score is None:
                LeverScore.objects.filter(
                    partner=partner, lever_id=lever_id, criterion_id=criterion_id
                ).delete()
            else:
                LeverScore.objects.update_or_create(
                    partner=partner,
                    lever_id=lever_id,
                    criterion_id=criterion_id,
                    defaults={"score": score, "scored_by": by},
                )
