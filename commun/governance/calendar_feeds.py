"""Calendar feeds (iCalendar) a calendar app subscribes to: a body's meetings, or a person's
meetings and the due dates of the actions they or their bodies own. Calendar apps cannot log in,
so the address carries the person's secret token, and a feed holds only what that person may
see in the initiative."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from commun.access import Action, can
from commun.activities.models import SharedAction
from commun.governance.invitations import PRODID, meeting_event
from commun.governance.models import CalendarFeed, Meeting
from commun.initiatives.models import GovernanceBody, Initiative
from commun.people.models import User

HISTORY = timedelta(days=365)  # how far back a feed goes


def feed_of(user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def renew_feed(user: User) -> CalendarFeed:
    """A new secret address; the old one stops working."""
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(user=user)


def user_of_token(token: str) -> User | None:
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    return feed.user if feed and feed.user.is_active else None


def feed_urls(user: User, initiative: Initiative, body: GovernanceBody | None = None) -> str:
    token = feed_of(user).token
    if body is not None:
        path = reverse("governance:body_feed", args=[initiative.slug, body.pk, token])
    else:
        path = reverse("governance:person_feed", args=[initiative.slug, token])
    return settings.SITE_URL + path


def may_follow(user: User, initiative: Initiative) -> bool:
    return can(user, Action.VIEW_MEETINGS, initiative)


def new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def recent_meetings():
    return Meeting.objects.filter(ends_at__gte=timezone.now() - HISTORY).select_related(
        "body__initiative"
    )


def body_feed(user: User, body: GovernanceBody) -> bytes:
    """The body's meetings (a year back, and every one to come), in the person's language."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        calendar = new_calendar(body.name)
        for meeting in recent_meetings().filter(body=body):
            calendar.add_component(feed_event(meeting))
        return calendar.to_ical()


def feed_event(meeting: Meeting) -> Event:
    cancelled = meeting.status == Meeting.Status.CANCELLED
    return meeting_event(meeting, meeting.invitations_sent, cancelled=cancelled)


def person_feed(user: User, initiative: Initiative) -> bytes:
    """The meetings of the bodies the person sits on, and the due dates of the actions owned by
    them or by one of their bodies."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        calendar = new_calendar(initiative.name)
        bodies = GovernanceBody.objects.filter(initiative=initiative, members__user=user)
        for meeting in recent_meetings().filter(body__in=bodies).distinct():
            calendar.add_component(feed_event(meeting))
        actions = SharedAction.objects.filter(
            Q(owner_person=user) | Q(owner_body__in=bodies),
            initiative=initiative,
            status__in=SharedAction.OPEN,
        ).distinct()
        for action in actions:
            calendar.add_component(action_event(action))
        return calendar.to_ical()


def action_event(action: SharedAction) -> Event:
    event = Event()
    event.add("uid", f"action-{action.pk}@commun")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", action.due)
    event.add("dtend", action.due + timedelta(days=1))
    event.add("summary", _("Due: %(action)s") % {"action": action.title})
    event.add("transp", "TRANSPARENT")
    return event
