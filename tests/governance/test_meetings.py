"""Meetings of a body: planned with an agenda carried from before (open actions, decisions due
for review or open, the last minutes), attendance filled from the seats, the quorum counted by
the body's rules; agenda items moved; actions arising carried to the next meeting."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commun.activities.models import SharedAction
from commun.governance.meetings import agenda_time, meeting_quorum, move_item
from commun.governance.models import ActionOrigin, Attendance, Decision, Meeting, Minutes
from commun.governance.rules import seats_on
from tests.governance.meeting_factory import plan_meeting, steering
from tests.helpers import client_for


def url(initiative, name, *args):
    return reverse(f"governance:{name}", args=[initiative.slug, *args])


def test_staff_plan_a_meeting_with_its_uid_attendance_and_agenda(people, initiative):
    body = steering(initiative)
    action = SharedAction.objects.create(
        initiative=initiative,
        title_fr="Écrire au conseil",
        title_en="Write to the council",
        owner_body=body,
        due=timezone.localdate(),
        status=SharedAction.Status.DOING,
    )
    done = SharedAction.objects.create(
        initiative=initiative,
        title_fr="Déjà fait",
        owner_body=body,
        due=timezone.localdate(),
        status=SharedAction.Status.DONE,
    )
    review = Decision.objects.create(
        body=body,
        kind="proposal",
        title_fr="Budget 2026",
        title_en="2026 budget",
        review_on=timezone.localdate(),
    )
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = client_for(people["backbone_staff"]).post(
        url(initiative, "meeting_new", body.pk),
        {"title_fr": "Comité de décembre", "starts_at": f"{day}T18:00", "ends_at": f"{day}T20:00"},
    )
    meeting = Meeting.objects.get(body=body, title_fr="Comité de décembre")
    assert response.status_code == 302
    assert meeting.uid.endswith("@commun") and len(meeting.uid) > 30
    assert timezone.localtime(meeting.starts_at).hour == 18
    items = list(meeting.items.all())
    carried = [i.shared_action_id for i in items if i.shared_action_id]
    assert action.pk in carried and done.pk not in carried
    assert any(i.decision_id == review.pk for i in items)
    item = next(i for i in items if i.shared_action_id == action.pk)
    assert (item.title_fr, item.title_en) == (
        "Suivi : Écrire au conseil",
        "Follow-up: Write to the council",
    )
    seated = set(
        seats_on(body, timezone.localdate(meeting.starts_at)).values_list("user", flat=True)
    )
    assert set(meeting.attendance.values_list("person", flat=True)) == seated
    page = client_for(people["observer"]).get(url(initiative, "meeting", meeting.pk))
    assert "Quorum" in page.content.decode()


def test_the_last_minutes_not_approved_are_on_the_next_agenda(initiative):
    body = steering(initiative)
    first = plan_meeting(body, days_from_now=3)
    Minutes.objects.create(meeting=first, text_fr="<p>Compte rendu</p>")
    second = plan_meeting(body, days_from_now=30)
    assert second.items.filter(title_fr__startswith="Adoption du procès-verbal").exists()
    assert second.items.filter(title_en__startswith="Approval of the minutes").exists()


def test_an_end_before_the_start_is_refused_and_nothing_is_written(people, initiative):
    body = steering(initiative)
    before = Meeting.objects.count()
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = client_for(people["backbone_staff"]).post(
        url(initiative, "meeting_new", body.pk),
        {"title_fr": "X", "starts_at": f"{day}T18:00", "ends_at": f"{day}T17:00"},
    )
    assert response.status_code == 200
    assert "La rencontre doit finir après son début." in response.content.decode()
    assert Meeting.objects.count() == before


@pytest.mark.parametrize(
    "role, status",
    [("partner_editor", 403), ("partner_member", 403), ("observer", 403), ("anonymous", 302)],
)
def test_only_staff_plan_meetings(role, status, people, initiative):
    response = client_for(people[role]).get(url(initiative, "meeting_new", steering(initiative).pk))
    assert response.status_code == status


@pytest.mark.parametrize("role", ["partner_member", "observer", "backbone_staff"])
def test_members_and_observers_see_the_body_meetings(role, people, initiative):
    body = steering(initiative)
    meeting = plan_meeting(body)
    page = client_for(people[role]).get(url(initiative, "body_meetings", body.pk))
    assert page.status_code == 200
    assert url(initiative, "meeting", meeting.pk) in page.content.decode()
    detail = client_for(people[role]).get(url(initiative, "meeting", meeting.pk))
    assert detail.status_code == 200


def test_another_initiatives_people_do_not_see_the_meeting(people, initiative):
    meeting = plan_meeting(steering(initiative))
    response = client_for(people["other_initiative_admin"]).get(
        url(initiative, "meeting", meeting.pk)
    )
    assert response.status_code == 403


def test_quorum_counts_present_and_proxies_of_voting_members_only(initiative, people):
    meeting = plan_meeting(steering(initiative))
    rows = list(meeting.attendance.order_by("pk"))
    members = len(rows)
    assert meeting_quorum(meeting).counted == members  # pre-filled present
    for row in rows[: members // 2 + 1]:
        row.presence = Attendance.Presence.ABSENT
        row.save()
    assert not meeting_quorum(meeting).met
    holder = rows[-1].person
    rows[0].presence, rows[0].proxy = Attendance.Presence.PROXY, holder
    rows[0].save()
    Attendance.objects.create(
        meeting=meeting, person=people["backbone_staff"], presence="present", voting=False
    )
    quorum = meeting_quorum(meeting)
    assert quorum.members == members
    assert quorum.counted == members - (members // 2 + 1) + 1


def test_attendance_proxy_needs_a_holder_and_unchanged_saves_nothing(people, initiative):
    meeting = plan_meeting(steering(initiative))
    row = meeting.attendance.order_by("pk").first()
    client = client_for(people["backbone_staff"])
    page = client.get(url(initiative, "attendance", meeting.pk))
    sent = {}
    for form in page.context["forms"]:
        for name in form.fields:
            sent[form.add_prefix(name)] = form[name].value() or ""
    history = row.history.count()
    assert client.post(url(initiative, "attendance", meeting.pk), sent).status_code == 302
    assert row.history.count() == history
    sent[f"a{row.pk}-presence"] = "proxy"
    response = client.post(url(initiative, "attendance", meeting.pk), sent)
    assert response.status_code == 200
    assert "Indiquez qui détient la procuration." in response.content.decode()
    row.refresh_from_db()
    assert row.presence == "present"


def test_a_guest_attends_without_a_vote(people, initiative):
    meeting = plan_meeting(steering(initiative))
    guest = people["partner_editor"]
    client = client_for(people["backbone_staff"])
    response = client.post(url(initiative, "guest_add", meeting.pk), {"person": guest.pk})
    assert response.status_code == 302
    row = meeting.attendance.get(person=guest)
    assert row.voting is False


def test_items_move_up_and_down_and_the_time_adds_up(people, initiative):
    meeting = plan_meeting(steering(initiative))
    meeting.items.all().delete()
    client = client_for(people["backbone_staff"])
    for title, minutes in (("Un", 30), ("Deux", 100)):
        client.post(
            url(initiative, "item_new", meeting.pk), {"title_fr": title, "minutes": minutes}
        )
    _one, two = meeting.items.order_by("order")
    response = client.post(
        url(initiative, "item_move", meeting.pk, two.pk),
        {"direction": "up"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert [i.title_fr for i in meeting.items.order_by("order")] == ["Deux", "Un"]
    assert move_item(meeting.items.get(title_fr="Deux"), -1) is False
    time = agenda_time(meeting, meeting.items.all())
    assert (time.planned, time.length, time.over) == (130, 120, True)
    assert "L'ordre du jour dépasse la durée de la rencontre." in response.content.decode()


def test_an_action_arising_is_in_the_plan_and_carried_until_done(people, initiative):
    body = steering(initiative)
    meeting = plan_meeting(body)
    client = client_for(people["backbone_staff"])
    due = (timezone.localdate() + timedelta(days=20)).isoformat()
    response = client.post(
        url(initiative, "action_new", meeting.pk), {"title_fr": "Rédiger la lettre", "due": due}
    )
    assert response.status_code == 302
    action = SharedAction.objects.get(title_fr="Rédiger la lettre")
    assert action.owner_body == body and action.status == "todo"
    assert ActionOrigin.objects.get(shared_action=action).meeting == meeting
    assert (
        "Rédiger la lettre" in client.get(url(initiative, "meeting", meeting.pk)).content.decode()
    )
    later = plan_meeting(body, days_from_now=40)
    assert later.items.filter(shared_action=action).exists()
    action.status = SharedAction.Status.DONE
    action.save()
    assert not plan_meeting(body, days_from_now=70).items.filter(shared_action=action).exists()


def test_a_meeting_form_sent_unchanged_changes_nothing(people, initiative):
    meeting = plan_meeting(steering(initiative))
    client = client_for(people["backbone_staff"])
    page = client.get(url(initiative, "meeting_edit", meeting.pk))
    form = page.context["form"]
    sent = {name: form[name].value() or "" for name in form.fields}
    sent = {
        k: (v.strftime("%Y-%m-%dT%H:%M") if hasattr(v, "strftime") else v) for k, v in sent.items()
    }
    history = meeting.history.count()
    client.post(url(initiative, "meeting_edit", meeting.pk), sent)
    assert meeting.history.count() == history


def test_the_meeting_page_runs_the_same_queries_however_long_its_agenda(people, initiative):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meeting = plan_meeting(steering(initiative))
    client = client_for(people["backbone_staff"])
    client.get(url(initiative, "meeting", meeting.pk))  # sessions and caches warmed

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(initiative, "meeting", meeting.pk)).status_code == 200
        return len(captured)

    before = queries()
    action = SharedAction.objects.filter(initiative=initiative).first()
    for n in range(5):
        meeting.items.create(order=50 + n, title_fr=f"Point {n}", shared_action=action)
    assert queries() == before


def test_the_body_page_shows_the_next_meeting(people, initiative):
    body = steering(initiative)
    meeting = plan_meeting(body, days_from_now=1)
    page = client_for(people["partner_member"]).get(
        reverse("initiatives:body", args=[initiative.slug, body.pk])
    )
    assert url(initiative, "meeting", meeting.pk) in page.content.decode()
    assert url(initiative, "body_meetings", body.pk) in page.content.decode()


def test_an_action_arising_takes_the_roles_of_an_area_and_its_owner_from_them(people, initiative):
    from commun.governance.models import RoleArea
    from commun.governance.roles import roles_of, save_roles

    meeting = plan_meeting(steering(initiative))
    responsible = people["partner_member"]
    area = RoleArea(initiative=initiative, area_fr="Les communications")
    save_roles(area, {f"person:{responsible.pk}": "R", f"body:{meeting.body_id}": "A"})
    due = (timezone.localdate() + timedelta(days=20)).isoformat()
    response = client_for(people["backbone_staff"]).post(
        url(initiative, "action_new", meeting.pk),
        {"title_fr": "Annoncer la fête", "due": due, "roles_from": area.pk},
    )
    assert response.status_code == 302
    action = SharedAction.objects.get(title_fr="Annoncer la fête")
    assert (action.owner_person, action.owner_body) == (responsible, None)
    assert roles_of(action.role_area) == roles_of(area)
