"""Saving a canvas without ever overwriting someone else's change silently."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from commun.agenda.canvases import CANVASES_BY_KEY, snapshot_canvas
from commun.agenda.differences import Difference, compare_canvas
from commun.agenda.models import Canvas, CanvasRevision


@dataclass
class EditConflict(Exception):
    """Someone saved the canvas after the editor opened it; nothing of this save was written."""

    saved_by: object
    saved_at: object
    current_revision: int
    differences: list[Difference]


def save_canvas(canvas: Canvas, base_revision: int, texts: dict, formsets: list, by) -> Canvas:
    """Write the texts and item lists of a canvas opened at `base_revision`, as one new revision.

    Raises EditConflict (and writes nothing) when the canvas moved on since `base_revision`.
    """
    spec = CANVASES_BY_KEY[canvas.key]
    with transaction.atomic():
        locked = Canvas.objects.select_for_update().get(pk=canvas.pk)
        if locked.revision != base_revision:
            raise conflict_since(locked, base_revision)
        if texts == locked.texts and not any(f.has_changed() for fs in formsets for f in fs):
            return locked  # sent back unchanged: no new revision
        locked.texts = texts
        for list_spec, formset in zip(spec.lists, formsets, strict=True):
            save_items(locked, list_spec, formset)
        locked.revision += 1
        locked.updated_at = timezone.now()
        locked.updated_by = by
        locked.save(update_fields=["texts", "revision", "updated_at", "updated_by"])
        CanvasRevision.objects.create(
            canvas=locked, number=locked.revision, snapshot=snapshot_canvas(locked), saved_by=by
        )
    return locked


def save_items(canvas: Canvas, list_spec, formset) -> None:
    """Kept rows in the order shown, new rows appended, rows marked for deletion removed."""
    position = 0
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue
        if formset.can_delete and formset._should_delete_form(form):
            if form.instance.pk:
                form.instance.delete()
            continue
        item = form.save(commit=False)
        item.initiative = canvas.initiative
        for name, value in list_spec.only.items():
            setattr(item, name, value)
        item.position = position
        item.save()
        form.save_m2m()
        position += 1


def conflict_since(canvas: Canvas, base_revision: int) -> EditConflict:
    base = CanvasRevision.objects.filter(canvas=canvas, number=base_revision).first()
    before = base.snapshot if base else {"texts": {}, "lists": {}}
    latest = (
        CanvasRevision.objects.filter(canvas=canvas).select_related("saved_by").order_by("-number")
    ).first()
    return EditConflict(
        saved_by=latest.saved_by if latest else canvas.updated_by,
        saved_at=latest.saved_at if latest else canvas.updated_at,
        current_revision=canvas.revision,
        differences=compare_canvas(canvas.key, before, snapshot_canvas(canvas)),
    )
