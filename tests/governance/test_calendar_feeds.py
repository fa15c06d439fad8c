"""Calendar feeds: a body's meetings and a person's meetings and action due dates, at a secret
address only its person has, which they can renew; nothing beyond what that person may see."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from commun.activities.models import SharedAction
from commun.governance.calendar_feeds import feed_of
from tests.governance.meeting_factory import plan_meeting, steering
from tests.helpers import client_for


def feed(client, initiative, token, body=None):
    if body is None:
        return client.get(reverse("governance:person_feed", args=[initiative.slug, token]))
    return client.get(reverse("governance:body_feed", args=[initiative.slug, body.pk, token]))


def test_a_member_follows_their_meetings_and_actions_due(initiative, other_initiative):
    body = steering(initiative)
    meeting = plan_meeting(body)
    member = meeting.attendance.first().person
    action = SharedAction.objects.create(
        initiative=initiative,
        title_fr="Envoyer le bilan",
        owner_person=member,
        due=timezone.localdate() + timedelta(days=9),
        status="todo",
    )
    token = feed_of(member).token
    anonymous = client_for(None)
    response = feed(anonymous, initiative, token)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).events
    assert meeting.uid in {str(e["uid"]) for e in events}
    assert f"action-{action.pk}@commun" in {str(e["uid"]) for e in events}
    body_events = Calendar.from_ical(feed(anonymous, initiative, token, body).content).events
    assert meeting.uid in {str(e["uid"]) for e in body_events}
    assert not any(str(e["uid"]).startswith("action-") for e in body_events)
    # Not a member of the other initiative: nothing of it.
    assert feed(anonymous, other_initiative, token).status_code == 404


def test_a_wrong_or_renewed_address_opens_nothing(people, initiative):
    user = people["partner_member"]
    old = feed_of(user).token
    client = client_for(user)
    response = client.post(reverse("governance:calendar_renew", args=[initiative.slug]))
    assert response.status_code == 302
    assert feed(client_for(None), initiative, old).status_code == 404
    assert feed(client_for(None), initiative, feed_of(user).token).status_code == 200
    assert feed(client_for(None), initiative, "not-a-token").status_code == 404


def test_the_meeting_list_gives_the_person_their_address(people, initiative):
    user = people["observer"]
    page = client_for(user).get(
        reverse("governance:body_meetings", args=[initiative.slug, steering(initiative).pk])
    )
    assert feed_of(user).token in page.content.decode()
