"""Published versions of the agenda, and the partners' endorsements of them (the rules are
`commun.versioning`'s, shared with the bodies' terms of reference)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from commun import versioning
from commun.agenda.canvases import CANVASES, is_filled, items_of, snapshot_agenda
from commun.agenda.models import AgendaVersion, Canvas, Endorsement
from commun.formatting.sorting import dictionary_order
from commun.initiatives.models import Initiative, Partner
from commun.versioning import NotEndorsable, NothingToPublish, decision_counts

__all__ = [
    "EndorsementSummary",
    "NotEndorsable",
    "NothingToPublish",
    "check_endorsable",
    "decision_counts",
    "endorsement_summary",
    "filled_canvases",
    "latest_answers",
    "latest_version",
    "publish_version",
    "record_endorsement",
]

AGENDA = versioning.Versioning(AgendaVersion, "initiative", Endorsement, "partner")


def _empty(snapshot: dict) -> str | None:
    if not any(is_filled(canvas) for canvas in snapshot.values()):
        return _("The agenda is empty: fill in a canvas first.")
    return None


def publish_version(
    initiative: Initiative, by, note_fr: str = "", note_en: str = ""
) -> AgendaVersion:
    """Freeze the agenda as it is now as the next version; refused when nothing changed."""
    return AGENDA.publish(initiative, snapshot_agenda, by, note_fr, note_en, refuse_empty=_empty)


def latest_version(initiative: Initiative) -> AgendaVersion | None:
    return AGENDA.latest(initiative)


def check_endorsable(version: AgendaVersion) -> None:
    """Only the latest version is endorsed: raises NotEndorsable for an older one."""
    AGENDA.check_endorsable(version)


def record_endorsement(
    version: AgendaVersion, partner: Partner, decision: str, reservation: str, by
):
    """The partner's answer to this version; answering again replaces its earlier answer. A
    plain endorsement keeps no reason; a reservation or a refusal keeps what it says.

    Raises NotEndorsable (and stores nothing) when a newer version was published, even one
    published while the partner was answering (the initiative is locked as `publish_version`
    locks it)."""
    return AGENDA.record(version, partner, decision, reservation, decided_by=by)


@dataclass(frozen=True)
class EndorsementSummary(versioning.EndorsementSummary):
    @property
    def active_partners(self) -> int:
        return self.eligible


def endorsement_summary(initiative: Initiative, version: AgendaVersion | None = None):
    active = Partner.objects.filter(initiative=initiative).active()
    counted = AGENDA.summary(initiative, active, version)
    return EndorsementSummary(
        counted.version, counted.eligible, counted.endorsed, counted.reservations, counted.declined
    )


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
    partners = (
        Partner.objects.filter(initiative=initiative).active().order_by(dictionary_order("name"))
    )
    return AGENDA.latest_answers(initiative, partners)
