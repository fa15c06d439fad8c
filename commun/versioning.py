"""Published versions of a document and the answers to them, for any owner: the common agenda
of an initiative (answered by its partners), the terms of reference of a body (answered by its
members). One `Versioning` says which models and fields; the rules are written once here:
a version is refused when nothing changed, only the latest version is answered, answering again
replaces the earlier answer, and the answers are counted in SQL."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

ENDORSED, RESERVATION, DECLINED = "endorsed", "reservation", "declined"


class NothingToPublish(Exception):
    """The document has not changed since its latest version (or is empty)."""


class NotEndorsable(Exception):
    """A newer version was published: this one is no longer answered."""


@dataclass(frozen=True)
class EndorsementSummary:
    version: Any  # the version counted, None before the first one
    eligible: int  # who may answer: active partners, current members
    endorsed: int  # with or without a reservation
    reservations: int
    declined: int = 0  # answered, and does not endorse

    @property
    def share(self) -> int:
        """Percentage of those who may answer that endorsed the version (reservations included)."""
        return round(100 * self.endorsed / self.eligible) if self.eligible else 0


def decision_counts(through: str = "") -> dict:
    """The endorsements (reservations included), the reservations and the refusals, counted in
    SQL; `through` names the relation from the model counted on ("endorsements__")."""
    decision = f"{through}decision"
    return {
        "endorsed": Count(f"{through}pk", filter=Q(**{f"{decision}__in": [ENDORSED, RESERVATION]})),
        "reservations": Count(f"{through}pk", filter=Q(**{decision: RESERVATION})),
        "declined": Count(f"{through}pk", filter=Q(**{decision: DECLINED})),
    }


@dataclass(frozen=True)
class Versioning:
    """The versions of one kind of document: `version_model` has `number`, `snapshot`,
    `note_fr`, `note_en`, `published_by` and a foreign key `owner_field` to its owner;
    `endorsement_model` has `version`, `decision`, `reservation` and a foreign key
    `answerer_field` to who answers."""

    version_model: type[models.Model]
    owner_field: str
    endorsement_model: type[models.Model]
    answerer_field: str

    @property
    def owner_model(self) -> type[models.Model]:
        return self.version_model._meta.get_field(self.owner_field).related_model

    def lock(self, owner_id: int) -> None:
        """Publishing and answering take the owner's row, so an answer never lands on a version
        that stopped being the latest while it was written."""
        self.owner_model.objects.select_for_update().filter(pk=owner_id).first()

    def versions(self, owner) -> models.QuerySet:
        return self.version_model.objects.filter(**{self.owner_field: owner})

    def latest(self, owner):
        return self.versions(owner).order_by("-number").first()

    def publish(
        self,
        owner,
        snapshot_of: Callable[[Any], dict],
        by,
        note_fr: str = "",
        note_en: str = "",
        refuse_empty: Callable[[dict], str | None] | None = None,
    ):
        """Freeze `snapshot_of(owner)` as the next version; NothingToPublish when it equals the
        latest one, or when `refuse_empty` says why it is empty."""
        with transaction.atomic():
            self.lock(owner.pk)
            snapshot = snapshot_of(owner)
            latest = self.latest(owner)
            if latest is not None and latest.snapshot == snapshot:
                raise NothingToPublish(
                    _("Nothing changed since version %(number)s.") % {"number": latest.number}
                )
            empty = refuse_empty(snapshot) if refuse_empty else None
            if empty:
                raise NothingToPublish(empty)
            number = (self.versions(owner).aggregate(n=Max("number"))["n"] or 0) + 1
            return self.version_model.objects.create(
                **{self.owner_field: owner},
                number=number,
                snapshot=snapshot,
                note_fr=note_fr.strip(),
                note_en=note_en.strip(),
                published_by=by,
            )

    def check_endorsable(self, version) -> None:
        """Only the latest version is answered: raises NotEndorsable for an older one."""
        if version != self.latest(getattr(version, self.owner_field)):
            raise NotEndorsable(
                _(
                    "Version %(number)s is no longer the latest: only the latest version is "
                    "endorsed."
                )
                % {"number": version.number}
            )

    def record(self, version, answerer, decision: str, reservation: str, **also):
        """The answerer's answer to this version, replacing an earlier one; a plain endorsement
        keeps no reason. Raises NotEndorsable (storing nothing) when a newer version exists,
        even one published while the answer was written. `also`: more fields to store."""
        with transaction.atomic():
            self.lock(getattr(version, f"{self.owner_field}_id"))
            self.check_endorsable(version)
            endorsement, _created = self.endorsement_model.objects.update_or_create(
                version=version,
                **{self.answerer_field: answerer},
                defaults={
                    "decision": decision,
                    "reservation": "" if decision == ENDORSED else reservation.strip(),
                    **also,
                },
            )
        return endorsement

    def summary(self, owner, eligible: models.QuerySet, version=None) -> EndorsementSummary:
        """How many of `eligible` (a queryset of answerers) endorsed `version` (the latest)."""
        version = version or self.latest(owner)
        if version is None:
            return EndorsementSummary(None, eligible.count(), 0, 0)
        counts = self.endorsement_model.objects.filter(
            version=version, **{f"{self.answerer_field}__in": eligible}
        ).aggregate(**decision_counts())
        return EndorsementSummary(
            version,
            eligible.count(),
            counts["endorsed"],
            counts["reservations"],
            counts["declined"],
        )

    def latest_answers(self, owner, answerers: Iterable) -> list[tuple[Any, Any]]:
        """Each answerer with its answer to the most recent version it answered, if any."""
        answers = {}
        for endorsement in (
            self.endorsement_model.objects.filter(**{f"version__{self.owner_field}": owner})
            .select_related("version")
            .order_by("version__number")
        ):
            answers[getattr(endorsement, f"{self.answerer_field}_id")] = endorsement
        return [(answerer, answers.get(answerer.pk)) for answerer in answerers]
