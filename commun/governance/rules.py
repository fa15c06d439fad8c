"""A body's rules applied: who votes on a day, the quorum a meeting or a decision needs and
whether it was met, and what a decision's stances amount to under the body's decision rule.
Meetings (attendance) and decisions (stances) both count through here."""

import math
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from commun.governance.models import DecisionRule, QuorumKind, Terms
from commun.initiatives.models import BodyMember, GovernanceBody


def terms_of(body: GovernanceBody) -> Terms:
    """The body's terms of reference, made with the defaults the first time they are read."""
    terms, _created = Terms.objects.get_or_create(body=body)
    return terms


def term_covers(day: date, through: str = "") -> Q:
    """A seat whose term covers `day`; `through` names the relation to the seat ("members__")."""
    return Q(**{f"{through}term_start__lte": day}) & (
        Q(**{f"{through}term_end__isnull": True}) | Q(**{f"{through}term_end__gte": day})
    )


def seats_on(body: GovernanceBody, day: date):
    """The members whose term covers `day`: those who vote and count for quorum that day."""
    return BodyMember.objects.filter(term_covers(day), body=body)


def quorum_needed(terms: Terms, members: int) -> int:
    """How many voting members must take part, of `members`: 0 when the body has no quorum."""
    if members == 0 or terms.quorum_kind == QuorumKind.NONE:
        return 0
    if terms.quorum_kind == QuorumKind.MAJORITY:
        return members // 2 + 1
    if terms.quorum_kind == QuorumKind.SHARE:
        return min(members, math.ceil(members * (terms.quorum_value or 0) / 100))
    return min(members, terms.quorum_value or 0)


@dataclass(frozen=True)
class Quorum:
    members: int  # voting members that day
    needed: int
    counted: int  # present, or represented by proxy (or, for a decision, who voted)

    @property
    def met(self) -> bool:
        return self.counted >= self.needed

    def text(self) -> str:
        if self.needed == 0:
            return _("No quorum required")
        values = {"counted": self.counted, "needed": self.needed, "members": self.members}
        if self.met:
            return _("Quorum met: %(counted)d of %(members)d members (%(needed)d needed)") % values
        return _("Quorum not met: %(counted)d of %(members)d members (%(needed)d needed)") % values


def quorum_of(terms: Terms, members: int, counted: int) -> Quorum:
    return Quorum(members, quorum_needed(terms, members), counted)


class Result:
    ADOPTED = "adopted"
    REJECTED = "rejected"
    BLOCKED = "blocked"
    NO_QUORUM = "no_quorum"


def result_text(result: str) -> str:
    return {
        Result.ADOPTED: _("Adopted"),
        Result.REJECTED: _("Not adopted"),
        Result.BLOCKED: _("Blocked"),
        Result.NO_QUORUM: _("No quorum"),
    }[result]


def proposal_result(terms: Terms, quorum: Quorum, agree: int, disagree: int, block: int) -> str:
    """A proposal's (or a consent's: objections as blocks) result under the body's rule.
    Abstentions count for quorum and in no share.
    - consensus: adopted when nobody disagrees or blocks;
    - consent: adopted when nobody blocks (objects);
    - majority: more agree than disagree (a block counts as a disagreement);
    - qualified: agree ≥ the qualified share of those who agree or disagree (blocks disagree)."""
    if not quorum.met:
        return Result.NO_QUORUM
    rule = terms.decision_rule
    if rule == DecisionRule.CONSENSUS:
        if block:
            return Result.BLOCKED
        return Result.ADOPTED if agree and not disagree else Result.REJECTED
    if rule == DecisionRule.CONSENT:
        return Result.BLOCKED if block else (Result.ADOPTED if agree else Result.REJECTED)
    against = disagree + block
    if rule == DecisionRule.MAJORITY:
        return Result.ADOPTED if agree > against else Result.REJECTED
    cast = agree + against
    share = terms.qualified_share or 67
    return Result.ADOPTED if cast and agree * 100 >= share * cast else Result.REJECTED
