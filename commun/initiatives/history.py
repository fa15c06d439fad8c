"""Who changed what, when, on an initiative's records (django-simple-history rows, diffed)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from commun.initiatives.models import BodyMember, GovernanceBody, Initiative, Membership, Partner

HIDDEN_FIELDS = {
    "id",
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
}
KINDS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: object
    kind: str
    model_name: str
    label: str
    created: bool = False
    changes: list[Change] = field(default_factory=list)


def tracked_histories(initiative: Initiative):
    """(model, rows of its history that belong to the initiative), for each tracked model."""
    body_ids = GovernanceBody.history.filter(initiative_id=initiative.pk).values("id")
    return [
        (Initiative, Initiative.history.filter(id=initiative.pk)),
        (Partner, Partner.history.filter(initiative_id=initiative.pk)),
        (Membership, Membership.history.filter(initiative_id=initiative.pk)),
        (GovernanceBody, GovernanceBody.history.filter(initiative_id=initiative.pk)),
        (BodyMember, BodyMember.history.filter(body_id__in=body_ids)),
        *activities_histories(initiative),
    ]


def activities_histories(initiative: Initiative):
    from commun.activities.models import Activity, Junction, SharedAction

    return [
        (model, model.history.filter(initiative_id=initiative.pk))
        for model in (Activity, Junction, SharedAction)
    ]


def recent_changes(initiative: Initiative, limit: int = 100) -> list[HistoryEntry]:
    """The `limit` latest changes, newest first; a fixed number of queries whatever the history size."""
    entries: list[tuple] = []
    for model, rows in tracked_histories(initiative):
        latest = list(rows.select_related("history_user").order_by("-history_date")[:limit])
        if not latest:
            continue
        previous = _previous_rows(rows, latest)
        for row in latest:
            entries.append((row, model, previous.get(row.history_id)))
    entries.sort(key=lambda entry: entry[0].history_date, reverse=True)
    entries = entries[:limit]
    labels = _related_labels([(model, row) for row, model, _prev in entries])
    return [_entry(row, model, prev, labels) for row, model, prev in entries]


def _previous_rows(rows, latest) -> dict:
    """For each shown row, the row of the same object just before it (one query)."""
    ids = {row.id for row in latest}
    older = (
        rows.filter(id__in=ids)
        .order_by("id", "history_date")
        .only(*[f.attname for f in latest[0]._meta.concrete_fields])
    )
    previous, last_by_object = {}, {}
    for row in older:
        previous[row.history_id] = last_by_object.get(row.id)
        last_by_object[row.id] = row
    return previous


def _tracked_fields(model):
    return [
        f for f in model._meta.concrete_fields if f.name not in HIDDEN_FIELDS and f.name != "logo"
    ]


def _related_labels(pairs) -> dict:
    """Names for the foreign keys shown in diffs, fetched in one query per related model."""
    wanted: dict[type, set] = {}
    for model, row in pairs:
        for f in _tracked_fields(model):
            if f.is_relation and getattr(row, f.attname) is not None:
                wanted.setdefault(f.related_model, set()).add(getattr(row, f.attname))
    return {related: related._base_manager.in_bulk(list(pks)) for related, pks in wanted.items()}


def _display(f: models.Field, row, labels) -> str:
    value = getattr(row, f.attname)
    if value in (None, ""):
        return "—"
    if f.is_relation:
        obj = labels.get(f.related_model, {}).get(value)
        return str(obj) if obj is not None else f"#{value}"
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def _entry(row, model, prev, labels) -> HistoryEntry:
    changes = []
    for f in _tracked_fields(model):
        new = _display(f, row, labels)
        old = _display(f, prev, labels) if prev is not None else "—"
        if row.history_type == "+" and new == "—":
            continue
        if row.history_type == "~" and old == new:
            continue
        if row.history_type == "-":
            continue
        changes.append(Change(str(f.verbose_name), old, new))
    return HistoryEntry(
        when=row.history_date,
        who=row.history_user,
        kind=str(KINDS[row.history_type]),
        model_name=str(model._meta.verbose_name),
        label=_label(model, row, labels),
        created=row.history_type == "+",
        changes=changes,
    )


def _label(model, row, labels) -> str:
    if model is Membership or model is BodyMember:
        user = labels.get(model._meta.get_field("user").related_model, {}).get(row.user_id)
        return str(user) if user else f"#{row.id}"
    return getattr(row, "name_fr", "") or getattr(row, "name_en", "") or f"#{row.id}"
