"""Writing activities, junctions and the action plan."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from commun.activities.models import Activity, SharedAction
from commun.agenda.models import ExistingAction
from commun.measurement.models import Territory
from commun.measurement.names import simplify, spellings


@transaction.atomic
def activity_from_existing_action(action: ExistingAction) -> tuple[Activity, bool]:
    """Turn an existing action of the agenda's inventory into an activity that keeps the link;
    (the activity, whether it was created now). A second call returns the same activity."""
    action = ExistingAction.objects.select_for_update().get(pk=action.pk)
    existing = Activity.objects.filter(existing_action=action).first()
    if existing:
        return existing, False
    activity = Activity.objects.create(
        initiative_id=action.initiative_id,
        name_fr=action.what_fr,
        name_en=action.what_en,
        audience_fr=action.for_whom_fr,
        audience_en=action.for_whom_en,
        # The inventory's "where" is free text: kept word for word, and matched to territories.
        description_fr=f"Lieu : {action.where_fr}" if action.where_fr else "",
        description_en=f"Where: {action.where_en or action.where_fr}" if action.where_fr else "",
        status=Activity.Status.RUNNING,
        existing_action=action,
    )
    if action.partner_id:
        activity.partners.add(action.partner_id)
    activity.territories.set(
        territories_named(action.initiative_id, action.where_fr, action.where_en)
    )
    return activity, True


def territories_named(initiative_id: int, *names: str) -> list[Territory]:
    """The initiative's territories whose code or name (in either language) is one of `names`, as
    an inventory's "where" column says them; compared as imports compare names: without case,
    accents or extra spaces."""
    wanted = {simplify(name) for name in names} - {""}
    if not wanted:
        return []
    by_spelling: dict[str, list[Territory]] = defaultdict(list)
    for territory in Territory.objects.filter(initiative_id=initiative_id):
        for spelling in spellings(territory.code, territory.name_fr, territory.name_en):
            by_spelling[spelling].append(territory)
    found = {territory for spelling in wanted for territory in by_spelling.get(spelling, [])}
    return sorted(found, key=lambda territory: territory.path)


def save_shared_action(form) -> SharedAction:
    """Save the action; marking it done without a date records today. Unchanged, nothing is written."""
    if form.instance.pk and not form.has_changed():
        return form.instance
    action = form.save(commit=False)
    if action.status == SharedAction.Status.DONE and not action.done_on:
        action.done_on = timezone.localdate()
    if action.status != SharedAction.Status.DONE:
        action.done_on = None
    action.save()
    return action
