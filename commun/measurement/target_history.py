"""The history of an indicator's targets, as its history page lists it."""

from dataclasses import dataclass
from decimal import Decimal

from commun.i18n import TranslatedField
from commun.measurement.models import Indicator, Target


@dataclass
class TargetChange:
    """One change to one of an indicator's targets, as its history page lists it."""

    when: object
    who: object
    kind: str  # "+" created, "~" changed, "-" deleted
    period: str
    value: Decimal
    note_fr: str
    note_en: str
    before: "TargetChange | None" = None  # the same target just before this change
    note = TranslatedField()

    @property
    def changed(self) -> list[str]:
        """What differs from the version before: "period", "value", "note_fr", "note_en"."""
        if self.before is None:
            return []
        return [
            name
            for name in ("period", "value", "note_fr", "note_en")
            if getattr(self, name) != getattr(self.before, name)
        ]


def target_history(indicator: Indicator, limit: int = 30) -> list[TargetChange]:
    """The latest changes to the indicator's targets, newest first (one query)."""
    rows = (
        Target.history.filter(indicator_id=indicator.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    changes, last = [], {}
    for row in rows:
        change = TargetChange(
            row.history_date,
            row.history_user,
            row.history_type,
            row.period,
            row.value,
            row.note_fr,
            row.note_en,
            before=last.get(row.id),
        )
        last[row.id] = change
        changes.append(change)
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes[:limit]
