"""Writing strategic learning: sessions, their "now what" lines, and a line's adoption into the
joint action plan (and onto the agenda of its owner body's next meeting)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commun.activities.editing import save_shared_action
from commun.activities.models import SharedAction
from commun.governance.meetings import next_item_order
from commun.governance.models import Meeting, MeetingItem
from commun.journal.models import LearningSession, NowWhat


class NotAdoptable(Exception):
    """A "now what" line that cannot become a shared action (it already is one)."""


def save_session(form, by) -> tuple[LearningSession, bool]:
    """Save a session's form; (the session, whether anything changed). Unchanged, nothing is
    written (no history entry)."""
    session = form.instance
    created = session.pk is None
    if created:
        session.created_by = by
    elif not form.has_changed():
        return session, False
    session._history_user = by
    return form.save(), True


def save_now_what(form) -> NowWhat:
    line = form.instance
    if line.pk is None:
        line.order = line.session.actions.count() + 1
    return form.save()


def delete_now_what(line: NowWhat) -> None:
    line.delete()


@dataclass
class Adoption:
    action: SharedAction
    item: MeetingItem | None  # the agenda item added to the owner body's next meeting


def next_meeting(body) -> Meeting | None:
    """The body's next planned meeting, still to come."""
    if body is None:
        return None
    return (
        Meeting.objects.filter(
            body=body, status=Meeting.Status.PLANNED, starts_at__gt=timezone.now()
        )
        .order_by("starts_at", "pk")
        .first()
    )


@transaction.atomic
def adopt(line: NowWhat, form) -> Adoption:
    """Make the line a shared action of the joint action plan from `form` (a valid
    `AdoptForm`), and put it at the end of the agenda of its owner body's next planned meeting.
    A line is adopted once: a second adoption raises NotAdoptable."""
    locked = NowWhat.objects.select_for_update().get(pk=line.pk)
    if locked.shared_action_id is not None:
        raise NotAdoptable(_("This line is already an action of the plan."))
    action = save_shared_action(form)
    locked.shared_action = action
    locked.save(update_fields=["shared_action"])
    line.shared_action = action
    item = None
    meeting = next_meeting(action.owner_body)
    if meeting is not None:
        item = MeetingItem.objects.create(
            meeting=meeting,
            order=next_item_order(meeting),
            title_fr=action.title_fr,
            title_en=action.title_en,
            shared_action=action,
        )
    return Adoption(action, item)
