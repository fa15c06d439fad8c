"""The demo's meetings (data/meetings.toml): a year of the steering committee's monthly meetings
and two action teams', with their agendas, attendance, minutes approved at the next meeting,
and actions arising, done or overdue."""

from datetime import date, datetime, timedelta

from django.db.models import F
from django.utils import timezone, translation

from commun.activities.models import SharedAction
from commun.demo.cast import Cast, data
from commun.formatting import format_date
from commun.governance.meetings import create_meeting
from commun.governance.models import ActionOrigin, Attendance, Meeting, MeetingItem, Minutes
from commun.initiatives.models import Initiative


def loaded(initiative: Initiative) -> bool:
    return Meeting.objects.filter(body__initiative=initiative).exists()


def nth_weekday(year: int, month: int, weekday: int, week: int) -> date:
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week - 1))
    return day if day.month == month else day - timedelta(days=7)


def months_from(today: date, months: int) -> tuple[int, int]:
    index = today.year * 12 + today.month - 1 + months
    return index // 12, index % 12 + 1


def series_days(row: dict, today: date) -> list[date]:
    """The series' meeting days: `past` before today and `upcoming` after, `every_months` apart."""
    step = row["every_months"]
    days = []
    for k in range(-(row["past"] + 2) * step, (row["upcoming"] + 2) * step + 1, step):
        year, month = months_from(today, k)
        days.append(nth_weekday(year, month, row["weekday"], row["week"]))
    past = [d for d in days if d < today][-row["past"] :]
    return past + [d for d in days if d >= today][: row["upcoming"]]


def load(cast: Cast) -> None:
    today = timezone.localdate()
    text = data("meetings")["minutes"]
    for row in data("meetings")["series"]:
        body = cast.body(row["body"])
        if body is None:
            continue
        meetings = [plan(body, row, day) for day in series_days(row, today)]
        held = [m for m in meetings if timezone.localdate(m.starts_at) < today]
        for index, meeting in enumerate(held):
            record_attendance(meeting, index)
            later = held[index + 1] if index + 1 < len(held) else None
            write_minutes(meeting, text, approved_at=later)
        add_actions(cast, row["body"], held)


def plan(body, row: dict, day: date) -> Meeting:
    starts = timezone.make_aware(datetime(day.year, day.month, day.day, row["hour"]))
    meeting = create_meeting(
        Meeting(
            body=body,
            title_fr=row["title_fr"],
            title_en=row["title_en"],
            starts_at=starts,
            ends_at=starts + timedelta(minutes=row["length"]),
            place=row.get("place", ""),
            link=row.get("link", ""),
            status=Meeting.Status.HELD if day < timezone.localdate() else Meeting.Status.PLANNED,
            invitations_sent=1,
        )
    )
    # The welcome first, then what the agenda carried (open actions, minutes), then the rest.
    carried = meeting.items.count()
    meeting.items.update(order=F("order") + 1)
    orders = [1, *range(carried + 2, carried + len(row["items"]) + 1)]
    MeetingItem.objects.bulk_create(
        MeetingItem(meeting=meeting, order=order, title_fr=fr, title_en=en, minutes=minutes)
        for order, (fr, en, minutes) in zip(orders, row["items"], strict=True)
    )
    return meeting


def record_attendance(meeting: Meeting, index: int) -> None:
    """Most members come; one in five is excused in turn, and now and then one gives a proxy."""
    rows = list(meeting.attendance.order_by("person__email"))
    for position, row in enumerate(rows):
        turn = (position + index) % 5
        if turn == 0:
            row.presence = Attendance.Presence.EXCUSED
        elif turn == 1 and index % 3 == 0 and len(rows) > 2:
            row.presence = Attendance.Presence.PROXY
            row.proxy = rows[(position + 1) % len(rows)].person
        else:
            continue
        row.save()


def write_minutes(meeting: Meeting, text: dict, approved_at: Meeting | None) -> None:
    day = timezone.localdate(meeting.starts_at)
    months = {}
    for language in ("fr", "en"):
        with translation.override(language):
            months[language] = format_date(day).split(" ", 1)[-1]
    minutes = Minutes(
        meeting=meeting,
        text_fr=text["text_fr"].format(month=months["fr"]),
        text_en=text["text_en"].format(month=months["en"]),
    )
    if approved_at is not None:
        minutes.status = Minutes.Status.APPROVED
        minutes.approved_at = approved_at
        minutes.published = True
    else:
        minutes.status = Minutes.Status.AMENDING
        minutes.amend_until = max(day + timedelta(days=14), timezone.localdate())
    minutes.save()


def add_actions(cast: Cast, body_key: str, held: list[Meeting]) -> None:
    today = timezone.localdate()
    for row in data("meetings")["actions"]:
        if row["body"] != body_key or row["ago"] > len(held):
            continue
        meeting = held[-row["ago"]]
        day = timezone.localdate(meeting.starts_at)
        done = row["status"] == SharedAction.Status.DONE
        due = day + timedelta(days=row["due"]) if done else today + timedelta(row["due_from_today"])
        owner = cast.person(row["owner"]) if "owner" in row else None
        action = SharedAction.objects.create(
            initiative=cast.initiative,
            title_fr=row["title_fr"],
            title_en=row["title_en"],
            owner_body=None if owner else meeting.body,
            owner_person=owner,
            due=due,
            status=row["status"],
            done_on=due - timedelta(days=3) if done else None,
        )
        ActionOrigin.objects.create(shared_action=action, meeting=meeting)
    link_plan_actions(held)


def link_plan_actions(held: list[Meeting]) -> None:
    """The body's actions of the joint plan arose at its meeting a month before they were due."""
    if not held:
        return
    actions = SharedAction.objects.filter(owner_body=held[0].body, origin__isnull=True)
    for action in actions:
        before = [m for m in held if timezone.localdate(m.starts_at) <= action.due - timedelta(30)]
        ActionOrigin.objects.create(shared_action=action, meeting=before[-1] if before else held[0])
