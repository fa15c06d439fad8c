"""Published versions of the agenda, and the partners' endorsements of them."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from commun.agenda.canvases import CANVASES, is_filled, items_of, snapshot_agenda
from commun.agenda.models import AgendaVersion, Canvas, Endorsement
from commun.formatting.sorting import dictionary_order
from commun.initiatives.models import Initiative, Partner


class NothingToPublish(Exception):
    """The agenda has not changed since its latest version."""


class NotEndorsable(Exception):
    """A newer version was published: this one is no longer answered."""


def publish_version(
    initiative: Initiative, by, note_fr: str = "", note_en: str = ""
) -> AgendaVersion:
    """Freeze the agenda as it is now as the next version; refused when nothing changed."""
    with transaction.atomic():
        Initiative.objects.select_for_update().filter(pk=initiative.pk).first()
        snapshot = snapshot_agenda(initiative)
        latest = latest_version(initiative)
        if latest is not None and latest.snapshot == snapshot:
            raise NothingToPublish(
                _("Nothing changed since version %(number)s.") % {"number": latest.number}
            )
        if not any(is_filled(canvas) for canvas in snapshot.values()):
            raise NothingToPublish(_("The agenda is empty: fill in a canvas first."))
        number = (
            AgendaVersion.objects.filter(initiative=initiative).aggregate(n=Max("number"))["n"] or 0
        ) + 1
        return AgendaVersion.objects.create(
            initiative=initiative,
            number=number,
            snapshot=snapshot,
            note_fr=note_fr.strip(),
            note_en=note_en.strip(),
            published_by=by,
        )


def latest_version(initiative: Initiative) -> AgendaVersion | None:
    return AgendaVersion.objects.filter(initiative=initiative).order_by("-number").first()


def check_endorsable(version: AgendaVersion) -> None:
    """Only the latest version is endorsed: raises NotEndorsable for an older one."""
    if version != latest_version(version.initiative):
        raise NotEndorsable(
            _("Version %(number)s is no longer the latest: only the latest version is endorsed.")
            % {"number": version.number}
        )


def record_endorsement(
    version: AgendaVersion, partner: Partner, decision: str, reservation: str, by
):
    """The partner's answer to this version; answering again replaces its earlier answer. A
    plain endorsement keeps no reason; a reservation or a refusal keeps what it says.

    Raises NotEndorsable (and stores nothing) when a newer version was published, even one
    published while the partner was answering (the initiative is locked as `publish_version`
    locks it)."""
    with transaction.atomic():
        Initiative.objects.select_for_update().filter(pk=version.initiative_id).first()
        check_endorsable(version)
        endorsement, _created = Endorsement.objects.update_or_create(
            version=version,
            partner=partner,
            defaults={
                "decision": decision,
                "reservation": ""
                if decision == Endorsement.Decision.ENDORSED
                else reservation.strip(),
                "decided_by": by,
            },
        )
    return endorsement


@dataclass(frozen=True)
class EndorsementSummary:
    version: AgendaVersion | None
    active_partners: int
    endorsed: int  # with or without a reservation
    reservations: int
    declined: int = 0  # answered, and does not endorse

    @property
    def share(self) -> int:
        """Percentage of active partners that endorsed the version (reservations included)."""
        return round(100 * self.endorsed / self.active_partners) if self.active_partners else 0


def endorsement_summary(initiative: Initiative, version: AgendaVersion | None = None):
    version = version or latest_version(initiative)
    active = Partner.objects.filter(initiative=initiative).active()
    if version is None:
        return EndorsementSummary(None, active.count(), 0, 0)
    counts = Endorsement.objects.filter(version=version, partner__in=active).aggregate(
        **decision_counts()
    )
    return EndorsementSummary(
        version, active.count(), counts["endorsed"], counts["reservations"], counts["declined"]
    )


def decision_counts(through: str = "") -> dict:
    """The endorsements (reservations included), the reservations and the refusals, counted in
    SQL; `through` names the relation from the model counted on ("endorsements__")."""
    decision, Decision = f"{through}decision", Endorsement.Decision
    return {
        "endorsed": Count(
            f"{through}pk",
            filter=Q(**{f"{decision}__in": [Decision.ENDORSED, Decision.RESERVATION]}),
        ),
        "reservations": Count(f"{through}pk", filter=Q(**{decision: Decision.RESERVATION})),
        "declined": Count(f"{through}pk", filter=Q(**{decision: Decision.DECLINED})),
    }


def filled_canvases(initiative: Initiative) -> set[str]:
    """The keys of the canvases that hold something, in one query per kind of item."""
    filled = {
        key
        for key, texts in Canvas.objects.filter(initiative=initiative).values_list("key", "texts")
        if any(any(pair.values()) for pair in texts.values())
    }
    for spec in CANVASES:
        for list_spec in spec.lists:
            if spec.key not in filled and items_of(initiative, list_spec).exists():
                filled.add(spec.key)
    return filled


def latest_answers(initiative: Initiative) -> list[tuple[Partner, Endorsement | None]]:
    """Each active partner with its answer to the most recent version it answered, if any."""
    answers = {}
    for endorsement in (
        Endorsement.objects.filter(version__initiative=initiative)
        .select_related("version")
        .order_by("version__number")
    ):
        answers[endorsement.partner_id] = endorsement
    partners = (
        Partner.objects.filter(initiative=initiative).active().order_by(dictionary_order("name"))
    )
    return [(partner, answers.get(partner.pk)) for partner in partners]
