"""What a decision's latest stances amount to: counts per option, the body's quorum, and the
result — the body's rule for a proposal or a consent, the most chosen option for a choice, the
highest total for scores, a Borda count for ranks. Counts are shown while the vote is open, as
Loomio does by default; the result is final once the decision closes."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from commun.governance.models import Decision, DecisionKind, DecisionOption, Stance, StanceChoice
from commun.governance.rules import (
    Quorum,
    Result,
    proposal_result,
    quorum_of,
    result_text,
    seats_on,
    terms_of,
)


@dataclass
class OptionResult:
    option: DecisionOption
    count: int = 0  # stances that chose it, scored it or ranked it
    total: int = 0  # the sum of scores (scored choice)
    points: int = 0  # Borda points (ranked choice)
    share: Decimal | None = None  # percent of voters (one-choice kinds)
    mean: Decimal | None = None  # mean score (scored choice)
    winner: bool = False


@dataclass
class Results:
    kind: str
    options: list[OptionResult]
    voters: int
    quorum: Quorum
    result: str | None = None  # rules.Result.* for proposals and consents
    winners: list[OptionResult] = field(default_factory=list)

    @property
    def tie(self) -> bool:
        return len(self.winners) > 1

    @property
    def result_text(self) -> str:
        return result_text(self.result) if self.result else ""

    @property
    def method(self) -> str:
        """How the result was reached, said on the page."""
        return {
            DecisionKind.PROPOSAL: _(
                "The body's decision rule applies; abstentions count for the quorum only."
            ),
            DecisionKind.CONSENT: _("An objection blocks, as the body's rule says of a block."),
            DecisionKind.CHOICE: _("The option chosen by the most members wins."),
            DecisionKind.SCORE: _("The option with the highest total score wins."),
            DecisionKind.RANKED: _(
                "Borda count: with n options, a first place gives n − 1 points, a second "  # noqa: RUF001
                "n − 2, and so on; the most points win."  # noqa: RUF001
            ),
        }[self.kind]


def day_counted(decision: Decision):
    """Whose seat counts: members on the closing day once closed, today while open."""
    moment = decision.closed_at or (decision.closes_at if not decision.is_open else None)
    return timezone.localdate(moment) if moment else timezone.localdate()


def results_of(decision: Decision) -> Results:
    """The results of the latest stances (four queries)."""
    options = [OptionResult(o) for o in decision.options.all()]
    rows = (
        StanceChoice.objects.filter(stance__decision=decision, stance__latest=True)
        .values("option")
        .annotate(count=Count("pk"), total=Sum("value"))
    )
    by_option = {row["option"]: row for row in rows}
    voters = Stance.objects.filter(decision=decision, latest=True).count()
    members = seats_on(decision.body, day_counted(decision)).count()
    terms = terms_of(decision.body)
    n = len(options)
    for result in options:
        row = by_option.get(result.option.pk, {"count": 0, "total": 0})
        result.count, result.total = row["count"], row["total"] or 0
        if decision.kind == DecisionKind.SCORE and result.count:
            result.mean = (Decimal(result.total) / result.count).quantize(Decimal("0.1"))
        if decision.kind == DecisionKind.RANKED:
            result.points = n * result.count - result.total  # rank r gives n - r points
        elif decision.kind != DecisionKind.SCORE and voters:
            result.share = (Decimal(100 * result.count) / voters).quantize(Decimal("0.1"))
    quorum = quorum_of(terms, members, voters)
    results = Results(decision.kind, options, voters, quorum)
    if decision.kind in (DecisionKind.PROPOSAL, DecisionKind.CONSENT):
        counts = {r.option.key: r.count for r in options}
        results.result = proposal_result(
            terms,
            quorum,
            agree=counts.get("agree", 0) + counts.get("consent", 0),
            disagree=counts.get("disagree", 0),
            block=counts.get("block", 0) + counts.get("objection", 0),
        )
    elif voters:
        measure = {
            DecisionKind.CHOICE: lambda r: r.count,
            DecisionKind.SCORE: lambda r: r.total,
            DecisionKind.RANKED: lambda r: r.points,
        }[decision.kind]
        best = max(measure(r) for r in options)
        results.winners = [r for r in options if measure(r) == best]
        for r in results.winners:
            r.winner = True
    if results.result is None and not quorum.met:
        results.result = Result.NO_QUORUM
    return results
