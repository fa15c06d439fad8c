"""An observed outcome's statuses: draft → under review → substantiated or disputed → published,
and back. Each step refuses, with the reason, an outcome in the wrong status."""

from django.utils.translation import gettext as _

from commun.journal.models import Agreement, ObservedOutcome

Status = ObservedOutcome.Status
CONCLUSIONS = (Status.SUBSTANTIATED, Status.DISPUTED)


class StatusError(Exception):
    """A step the outcome's status does not allow; the message says why, for the person."""


def _move(outcome: ObservedOutcome, status: str, reason: str = "") -> ObservedOutcome:
    outcome.status = status
    outcome._change_reason = reason or None  # kept in the outcome's history
    outcome.save(update_fields=["status", "updated_at"])
    return outcome


def submit(outcome: ObservedOutcome) -> ObservedOutcome:
    """A draft goes to review."""
    if outcome.status != Status.DRAFT:
        raise StatusError(
            _("Only a draft can be submitted for review; this one is %(status)s.")
            % {"status": outcome.get_status_display().lower()}
        )
    return _move(outcome, Status.UNDER_REVIEW)


def start_review(outcome: ObservedOutcome) -> None:
    """A substantiation request puts a draft under review (and leaves other statuses alone)."""
    if outcome.status == Status.DRAFT:
        _move(outcome, Status.UNDER_REVIEW)


def proposed_conclusion(outcome: ObservedOutcome) -> str:
    """Disputed as soon as one answer disagrees with anything; substantiated otherwise."""
    for answer in outcome.substantiations.all():
        agreements = (
            answer.description_agreement,
            answer.significance_agreement,
            answer.contribution_agreement,
        )
        if Agreement.DISAGREE in agreements:
            return Status.DISPUTED
    return Status.SUBSTANTIATED


def conclude(outcome: ObservedOutcome, status: str) -> ObservedOutcome:
    if status not in CONCLUSIONS:
        raise StatusError(_("An outcome is concluded substantiated or disputed."))
    if outcome.status not in (Status.UNDER_REVIEW, *CONCLUSIONS):
        raise StatusError(
            _("Only an outcome under review can be concluded; this one is %(status)s.")
            % {"status": outcome.get_status_display().lower()}
        )
    return _move(outcome, status)


def publish(outcome: ObservedOutcome) -> ObservedOutcome:
    if outcome.status not in CONCLUSIONS:
        raise StatusError(
            _("Only a substantiated or disputed outcome can be published; this one is %(status)s.")
            % {"status": outcome.get_status_display().lower()}
        )
    return _move(outcome, Status.PUBLISHED)


def concluded_as(outcome: ObservedOutcome) -> str | None:
    """What staff concluded last (substantiated or disputed), published or not: from its history."""
    if outcome.status in CONCLUSIONS:
        return outcome.status
    return (
        outcome.history.filter(status__in=CONCLUSIONS)
        .order_by("-history_date", "-history_id")
        .values_list("status", flat=True)
        .first()
    )


def unpublish(outcome: ObservedOutcome) -> ObservedOutcome:
    """Back to what it was concluded: substantiated or disputed."""
    if outcome.status != Status.PUBLISHED:
        raise StatusError(_("This outcome is not published."))
    return _move(outcome, concluded_as(outcome) or Status.SUBSTANTIATED)


def return_to_draft(outcome: ObservedOutcome, reason: str) -> ObservedOutcome:
    """Staff send an outcome back to its reporter, saying why (kept in its history)."""
    if not reason.strip():
        raise StatusError(_("Say why the outcome goes back to draft."))
    if outcome.status == Status.DRAFT:
        raise StatusError(_("This outcome is already a draft."))
    if outcome.status == Status.PUBLISHED:
        raise StatusError(_("Take the outcome off publication before returning it to draft."))
    return _move(outcome, Status.DRAFT, reason.strip())


def returned_because(outcome: ObservedOutcome) -> str:
    """Why staff last sent this draft back ("" when it was not sent back)."""
    if outcome.status != Status.DRAFT:
        return ""
    latest = outcome.history.order_by("-history_date", "-history_id").first()
    if latest is None or latest.status != Status.DRAFT:
        return ""
    return latest.history_change_reason or ""
