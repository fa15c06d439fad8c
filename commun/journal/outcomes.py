"""Writing observed outcomes: reporting one (its actor created on the way when new), deleting a
draft, adding and removing its evidence."""

from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from commun.initiatives.models import Initiative, Partner
from commun.journal.models import Evidence, ObservedOutcome, SocialActor

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


class OutcomeError(Exception):
    """A step refused, with the reason to show."""


def actor_named(initiative: Initiative, name: str, kind: str) -> SocialActor:
    """The initiative's actor of this name (any case), or a new one of this kind."""
    name = " ".join(name.split())
    existing = (
        SocialActor.objects.filter(initiative=initiative)
        .annotate(lower=Lower("name_fr"))
        .filter(lower=name.lower())
        .first()
    )
    return existing or SocialActor.objects.create(initiative=initiative, name_fr=name, kind=kind)


@transaction.atomic
def save_outcome(form, user, partner: Partner | None) -> ObservedOutcome:
    """Save a valid outcome form. A new outcome is reported by `user`; a partner's people report
    for their partner (`partner`), staff for the partner they chose, if any."""
    outcome: ObservedOutcome = form.instance
    new_actor = form.cleaned_data.get("new_actor_name")
    if new_actor:
        outcome.actor = actor_named(
            outcome.initiative, new_actor, form.cleaned_data["new_actor_kind"]
        )
    if outcome.pk is None:
        outcome.reported_by = user
    if partner is not None:
        outcome.partner = partner
    if outcome.pk is None or new_actor:
        form.save(commit=False)
        outcome.save()
        form.save_m2m()
        return outcome
    return form.save()


def delete_outcome(outcome: ObservedOutcome) -> None:
    """Only a draft is deleted: once under review, others have read or answered it."""
    if outcome.status != ObservedOutcome.Status.DRAFT:
        raise OutcomeError(_("Only a draft can be deleted."))
    for evidence in outcome.evidence.all():
        delete_evidence(evidence)
    outcome.delete()


def add_evidence(outcome: ObservedOutcome, by, **fields) -> Evidence:
    """A link, a quote with its source, or a document (at most 10 MB)."""
    document = fields.get("document")
    if document is not None and document.size > MAX_DOCUMENT_BYTES:
        raise OutcomeError(_("The document is larger than 10 MB."))
    return Evidence.objects.create(outcome=outcome, added_by=by, **fields)


def delete_evidence(evidence: Evidence) -> None:
    if evidence.document:
        evidence.document.delete(save=False)
    evidence.delete()
