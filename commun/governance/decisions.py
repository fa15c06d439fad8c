"""What staff and members do with a decision, after Loomio's polls: draft it with its options,
open it until a closing time, take a stance (a changed stance is a new one, the earlier kept),
close it (at its time or early), record the outcome and its review, and the actions arising."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commun.activities.models import SharedAction
from commun.agenda.models import Strategy
from commun.governance.models import (
    ActionOrigin,
    Decision,
    DecisionKind,
    DecisionOption,
    RoleArea,
    Stance,
    StanceChoice,
)
from commun.governance.roles import owner_from_roles
from commun.governance.rules import seats_on
from commun.initiatives.models import GovernanceBody
from commun.people.models import User

Status = Decision.Status

# The options proposals and consents get when opened: (key, French, English).
FIXED_OPTIONS = {
    DecisionKind.PROPOSAL: [
        ("agree", "D'accord", "Agree"),
        ("abstain", "Abstention", "Abstain"),
        ("disagree", "En désaccord", "Disagree"),
        ("block", "Blocage", "Block"),
    ],
    DecisionKind.CONSENT: [
        ("consent", "Consentement", "Consent"),
        ("objection", "Objection", "Objection"),
    ],
}
# Kinds whose options staff name; a member gives one of them, a score to each, or a rank to each.
NAMED_KINDS = (DecisionKind.CHOICE, DecisionKind.SCORE, DecisionKind.RANKED)


class DecisionError(Exception):
    """A translated reason why a step of a decision is refused."""


def has_named_options(decision: Decision) -> bool:
    return decision.kind in NAMED_KINDS


def add_option(decision: Decision, name_fr: str, name_en: str = "") -> DecisionOption:
    if decision.status != Status.DRAFT:
        raise DecisionError(_("Options can only change while the decision is a draft."))
    if not has_named_options(decision):
        raise DecisionError(_("This kind of decision has fixed options."))
    last = decision.options.order_by("-order").values_list("order", flat=True).first()
    return DecisionOption.objects.create(
        decision=decision, order=(last or 0) + 1, name_fr=name_fr, name_en=name_en
    )


def remove_option(decision: Decision, option_id: int) -> None:
    if decision.status != Status.DRAFT:
        raise DecisionError(_("Options can only change while the decision is a draft."))
    decision.options.filter(pk=option_id).delete()


@transaction.atomic
def open_decision(decision: Decision, closes_at: datetime, now: datetime | None = None) -> None:
    """Open the draft for votes until `closes_at`; proposals and consents get their options."""
    now = now or timezone.now()
    if decision.status != Status.DRAFT:
        raise DecisionError(_("Only a draft can be opened."))
    if closes_at <= now:
        raise DecisionError(_("The closing time must be in the future."))
    if decision.kind in FIXED_OPTIONS:
        decision.options.all().delete()
        DecisionOption.objects.bulk_create(
            DecisionOption(decision=decision, order=n, key=key, name_fr=fr, name_en=en)
            for n, (key, fr, en) in enumerate(FIXED_OPTIONS[decision.kind], start=1)
        )
    elif decision.options.count() < 2:
        raise DecisionError(_("Give the decision at least two options before opening it."))
    decision.status, decision.opened_at, decision.closes_at = Status.OPEN, now, closes_at
    decision.save(update_fields=["status", "opened_at", "closes_at"])


def check_values(decision: Decision, values: dict[int, int]) -> None:
    """A stance's values as the kind wants them: one option chosen; a score from 0 to the
    highest for every option; or every option ranked once, 1 first."""
    options = set(decision.options.values_list("pk", flat=True))
    if decision.kind in (DecisionKind.SCORE, DecisionKind.RANKED):
        if set(values) != options:
            raise DecisionError(_("Give every option a value."))
        if decision.kind == DecisionKind.SCORE:
            if any(not 0 <= v <= (decision.max_score or 0) for v in values.values()):
                raise DecisionError(
                    _("Scores go from 0 to %(max)d.") % {"max": decision.max_score or 0}
                )
        elif sorted(values.values()) != list(range(1, len(options) + 1)):
            raise DecisionError(_("Rank each option once: 1 for your first choice, then 2…"))
    elif len(values) != 1 or not set(values) <= options:
        raise DecisionError(_("Choose one option."))


def take_stance(
    decision: Decision, person: User, values: dict[int, int], reason: str = ""
) -> Stance:
    """Record `person`'s stance; their earlier one stays, no longer the latest."""
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if not decision.is_open:
            raise DecisionError(_("This decision is closed: stances can no longer change."))
        seat = seats_on(decision.body, timezone.localdate()).filter(user=person).first()
        if seat is None:
            raise DecisionError(_("Only the body's members take a stance."))
        check_values(decision, values)
        Stance.objects.filter(decision=decision, person=person, latest=True).update(latest=False)
        stance = Stance.objects.create(
            decision=decision, person=person, partner=seat.partner, reason=reason.strip()
        )
        StanceChoice.objects.bulk_create(
            StanceChoice(stance=stance, option_id=option, value=value)
            for option, value in values.items()
        )
    return stance


def close_decision(decision: Decision, now: datetime | None = None) -> bool:
    """Close an open decision now (staff, early) or at its closing time when that has passed.
    Whether it was closed by this call."""
    now = now or timezone.now()
    closed_at = min(now, decision.closes_at) if decision.closes_at else now
    closed = Decision.objects.filter(pk=decision.pk, status=Status.OPEN).update(
        status=Status.CLOSED, closed_at=closed_at
    )
    if closed:
        decision.status, decision.closed_at = Status.CLOSED, closed_at
    return bool(closed)


def close_if_due(decision: Decision) -> bool:
    """Record the close of a decision whose closing time has passed (read pages call this)."""
    if decision.status == Status.OPEN and decision.state == Status.CLOSED:
        return close_decision(decision)
    return False


def close_due_decisions(now: datetime | None = None) -> int:
    now = now or timezone.now()
    due = Decision.objects.filter(status=Status.OPEN, closes_at__lte=now)
    return sum(close_decision(d, now) for d in due)


def record_outcome(decision: Decision) -> None:
    """The outcome saved by its form makes a closed decision decided."""
    if decision.state not in (Status.CLOSED, Status.DECIDED):
        raise DecisionError(_("Record the outcome once the decision is closed."))
    close_if_due(decision)
    decision.status = Status.DECIDED
    decision.save()


def mark_reviewed(decision: Decision, day: date | None = None) -> None:
    decision.reviewed_on = day or timezone.localdate()
    decision.save(update_fields=["reviewed_on"])


def to_review(decisions, day: date | None = None):
    """Decisions whose review date has come and that nobody has reviewed yet."""
    day = day or timezone.localdate()
    return decisions.filter(review_on__lte=day, reviewed_on__isnull=True).order_by("review_on")


@dataclass(frozen=True)
class ActionArising:
    title_fr: str
    title_en: str
    due: date
    strategy: Strategy | None = None
    owner_body: GovernanceBody | None = None
    owner_person: User | None = None


@transaction.atomic
def add_action(decision: Decision, wanted: ActionArising) -> tuple[SharedAction, str | None]:
    """A shared action of the joint action plan arising from the decision. Its owner: the one
    responsible in the strategy's roles when the RACI names one, else the one given, else the
    deciding body. Returns it and what to tell about its owner."""
    owner_body = wanted.owner_body
    if owner_body is None and wanted.owner_person is None:
        owner_body = decision.body
    action = SharedAction.objects.create(
        initiative=decision.body.initiative,
        title_fr=wanted.title_fr,
        title_en=wanted.title_en,
        due=wanted.due,
        strategy=wanted.strategy,
        owner_body=owner_body,
        owner_person=wanted.owner_person,
        status=SharedAction.Status.TO_DO,
    )
    ActionOrigin.objects.create(shared_action=action, decision=decision, meeting=decision.meeting)
    said = None
    area = RoleArea.objects.filter(strategy=wanted.strategy).first() if wanted.strategy else None
    if area is not None:
        # The strategy's roles, read for the new action: not saved, only its owner follows them.
        area.shared_action = action
        said = owner_from_roles(area)
    return action, said
