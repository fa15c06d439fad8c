"""Who changed what, when, on an initiative's records (django-simple-history rows, diffed).

`ChangeLog` is the history of one initiative, newest first, filtered by kind of record, person and
dates; Django's Paginator pages it. A page costs a fixed number of queries whatever the size of the
history: one to count, one for the page's rows (a UNION over the tracked tables), one per kind of
record on the page (its rows and the rows just before them) and one per kind of related record named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from commun.framework.registry import TRACKED, TRACKED_BY_MODEL
from commun.i18n import reader_languages
from commun.initiatives.models import Initiative

# Columns a person never sets: the history's own, the initiative every row belongs to, the logo.
HIDDEN_FIELDS = {
    "id",
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
    "initiative",
    "logo",
}
CHANGE_KINDS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


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


@dataclass(frozen=True)
class HistoryFilters:
    """What the reader narrowed the history to; None means any."""

    kind: str | None = None  # a key of `tracked_kinds`
    person: int | None = None  # the id of the person who made the change
    since: date | None = None
    until: date | None = None


def tracked_kinds() -> dict[str, type[models.Model]]:
    """The kinds of record whose changes are kept, by the key the filter uses."""
    return {key: kind.model for key, kind in TRACKED.items()}


def kind_choices() -> list[tuple[str, str]]:
    """(key, name) of each kind of record, for the filter."""
    return [
        (key, str(model._meta.verbose_name).capitalize()) for key, model in tracked_kinds().items()
    ]


def _rows_of(initiative: Initiative, model):
    """The history rows of `model` that belong to the initiative."""
    kind = TRACKED_BY_MODEL[model]
    if kind.rows_of is not None:
        return kind.rows_of(initiative)
    return model.history.filter(initiative_id=initiative.pk)


def people_who_made_changes(initiative: Initiative) -> list[tuple[int, str]]:
    """(id, name) of everyone who changed something in the initiative, by name (two queries)."""
    from commun.people.models import User

    queries = [
        _rows_of(initiative, model)
        .filter(history_user__isnull=False)
        .values_list("history_user")
        .order_by()
        for model in tracked_kinds().values()
    ]
    ids = {pk for (pk,) in queries[0].union(*queries[1:])}
    return [(user.pk, str(user)) for user in User.objects.filter(pk__in=ids).order_by("full_name")]


class ChangeLog:
    """The initiative's changes, newest first: a sequence Django's Paginator can page."""

    def __init__(self, initiative: Initiative, filters: HistoryFilters = HistoryFilters()):
        self.initiative = initiative
        self.filters = filters
        self.kinds = tracked_kinds()

    def _keys(self):
        """One query: (when, history id, object id, kind) of every matching change."""
        queries = []
        for key, model in self.kinds.items():
            if self.filters.kind not in (None, key):
                continue
            rows = _rows_of(self.initiative, model)
            if self.filters.person is not None:
                rows = rows.filter(history_user_id=self.filters.person)
            if self.filters.since is not None:
                rows = rows.filter(history_date__date__gte=self.filters.since)
            if self.filters.until is not None:
                rows = rows.filter(history_date__date__lte=self.filters.until)
            queries.append(
                rows.annotate(record_kind=models.Value(key, output_field=models.CharField()))
                .values_list("history_date", "history_id", "id", "record_kind")
                .order_by()
            )
        if not queries:
            raise ValueError(f"no kind of record is called {self.filters.kind!r}")
        if len(queries) == 1:
            return queries[0].order_by("-history_date", "-history_id")
        union = queries[0].union(*queries[1:], all=True)
        return union.order_by("-history_date", "record_kind", "-history_id")

    def count(self) -> int:
        return self._keys().count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        keys = list(self._keys()[index])
        return entries_for(self.kinds, keys)


def entries_for(kinds: dict, keys: list[tuple]) -> list[HistoryEntry]:
    """The entries behind (when, history id, object id, kind) keys, in their order."""
    rows, previous = {}, {}
    for key, model in kinds.items():
        wanted = [
            (history_id, object_id) for _when, history_id, object_id, kind in keys if kind == key
        ]
        if not wanted:
            continue
        latest = max(when for when, _h, _o, kind in keys if kind == key)
        # Every row of these records up to the newest shown: the shown ones and those before them.
        older = (
            model.history.filter(id__in={object_id for _h, object_id in wanted})
            .filter(history_date__lte=latest)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        last_by_object = {}
        for row in older:
            rows[(key, row.history_id)] = row
            previous[(key, row.history_id)] = last_by_object.get(row.id)
            last_by_object[row.id] = row
    shown = [(kinds[kind], rows[(kind, h)], previous[(kind, h)]) for _w, h, _o, kind in keys]
    labels = _related_labels(shown)
    return [_entry(row, model, prev, labels) for model, row, prev in shown]


def _tracked_fields(model):
    """The fields a person sets that the model's history keeps (some are left out of it)."""
    kept = {f.name for f in model.history.model._meta.concrete_fields}
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and f.name not in HIDDEN_FIELDS and f.name in kept
    ]


def _related_labels(shown) -> dict:
    """Names of the records the shown rows point at: one query per kind of record (two when some
    of them were deleted since, then named from their last history row)."""
    wanted: dict[type, set] = {}
    for model, row, prev in shown:
        for f in _tracked_fields(model):
            for version in (row, prev):
                if f.is_relation and version is not None and getattr(version, f.attname):
                    wanted.setdefault(f.related_model, set()).add(getattr(version, f.attname))
    labels = {}
    for related, pks in wanted.items():
        found = {pk: str(obj) for pk, obj in related._base_manager.in_bulk(list(pks)).items()}
        gone = pks - set(found)
        if gone and hasattr(related, "history"):
            for row in related.history.filter(id__in=gone).order_by("id", "history_date"):
                found[row.id] = gettext("%(name)s (deleted)") % {"name": _own_name(row)}
        labels[related] = found
    return labels


def _display(f: models.Field, row, labels) -> str:
    value = getattr(row, f.attname)
    if value in (None, ""):
        return "—"
    if f.is_relation:
        return labels.get(f.related_model, {}).get(value) or gettext("a deleted record")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, datetime):
        return localize(timezone.localtime(value) if timezone.is_aware(value) else value)
    if isinstance(value, date | Decimal | float | int):
        return localize(value)
    return str(value)


def _entry(row, model, prev, labels) -> HistoryEntry:
    changes = []
    for f in _tracked_fields(model):
        if row.history_type == "-":
            break
        new = _display(f, row, labels)
        old = _display(f, prev, labels) if prev is not None else "—"
        if row.history_type == "+" and new == "—":
            continue
        if row.history_type == "~" and old == new:
            continue
        changes.append(Change(str(f.verbose_name), old, new))
    return HistoryEntry(
        when=row.history_date,
        who=row.history_user,
        kind=str(CHANGE_KINDS[row.history_type]),
        model_name=str(model._meta.verbose_name),
        label=_label(model, row, labels),
        created=row.history_type == "+",
        changes=changes,
    )


def _own_name(row) -> str:
    """A history row's name in the reader's language (or the other one)."""
    for base in ("name", "title"):
        for code in reader_languages():
            value = getattr(row, f"{base}_{code}", "")
            if value:
                return value
    return ""


def _label(model, row, labels) -> str:
    """What the change is about, as a person names it."""

    def named(field_name):
        related = model._meta.get_field(field_name).related_model
        return labels.get(related, {}).get(getattr(row, f"{field_name}_id")) or gettext(
            "a deleted record"
        )

    kind = TRACKED_BY_MODEL[model]
    if kind.label is not None:
        return kind.label(row, named)
    return _own_name(row) or gettext("a deleted record")
