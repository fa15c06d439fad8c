"""Strategic learning's rules: a line is adopted once, into the next planned meeting of its owner
body; a session saved unchanged writes nothing; the last session held; the list's cost."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commun.governance.models import Meeting, MeetingItem
from commun.journal.learning import NotAdoptable, adopt, next_meeting, save_session
from commun.journal.learning_forms import AdoptForm, LearningSessionForm
from commun.journal.learning_reading import now_what_lines
from commun.journal.models import LearningFormat
from commun.journal.state import journal_state
from tests.governance.meeting_factory import plan_meeting, steering
from tests.helpers import client_for
from tests.journal import learning_factory as make


def adopt_form(line, initiative, **data):
    values = {"title_fr": line.text_fr, "due": "2026-09-30", "status": "todo", **data}
    form = AdoptForm(values, now_what=line, initiative=initiative)
    assert form.is_valid(), form.errors
    return form


def test_a_line_adopted_twice_is_refused(initiative):
    line = make.line(make.session(initiative))
    body = steering(initiative).pk
    first = adopt(line, adopt_form(line, initiative, owner_body=body))
    with pytest.raises(NotAdoptable):
        adopt(line, adopt_form(line, initiative, owner_body=body))
    assert line.shared_action == first.action
    assert first.action.title_fr == line.text_fr


def test_an_action_owned_by_no_body_goes_on_no_agenda(initiative, people):
    line = make.line(make.session(initiative))
    before = MeetingItem.objects.count()
    adoption = adopt(line, adopt_form(line, initiative, owner_person=people["backbone_staff"].pk))
    assert adoption.item is None and MeetingItem.objects.count() == before
    assert adoption.action.owner_person == people["backbone_staff"]


def test_the_next_meeting_is_planned_and_still_to_come(initiative):
    body = steering(initiative)
    Meeting.objects.filter(body=body).update(status="held")
    assert next_meeting(body) is None
    plan_meeting(body, days_from_now=-1)  # planned, but past
    assert next_meeting(body) is None
    cancelled = plan_meeting(body, days_from_now=2)
    cancelled.status = "cancelled"
    cancelled.save()
    coming = plan_meeting(body, days_from_now=9)
    assert next_meeting(body) == coming
    assert next_meeting(None) is None


def test_a_session_saved_unchanged_writes_nothing(people, initiative):
    session = make.session(initiative)
    session.indicators.add(make.indicator_with_figures(initiative))
    staff = people["backbone_staff"]
    shown = LearningSessionForm(instance=session, initiative=initiative, user=staff)
    data = {}
    for name in shown.fields:
        value = shown[name].value()
        if value is None or value is False:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    sent = LearningSessionForm(data, instance=session, initiative=initiative, user=staff)
    assert sent.is_valid(), sent.errors
    history = session.history.count()
    assert save_session(sent, staff) == (session, False)
    assert session.history.count() == history


def test_turn_the_curve_lines_come_best_first_and_others_in_their_order(initiative):
    curve = make.session(initiative, format=LearningFormat.TURN_THE_CURVE)
    make.line(curve, "Moyenne", leverage=3, feasibility=3)
    make.line(curve, "Sans note")
    make.line(curve, "Forte", leverage=5, feasibility=4, specificity=5, values=5)
    assert [line.text_fr for line in now_what_lines(curve)] == ["Forte", "Moyenne", "Sans note"]
    plain = make.session(initiative)
    make.line(plain, "Premier", leverage=1)
    make.line(plain, "Second", leverage=5)
    assert [line.text_fr for line in now_what_lines(plain)] == ["Premier", "Second"]


def test_the_last_session_held_is_today_or_before(people, initiative):
    today = timezone.localdate()
    make.session(initiative, held_on=date(2025, 2, 4))
    make.session(initiative, held_on=today + timedelta(days=10))  # planned, not held
    make.session(initiative, held_on=today - timedelta(days=3), published=False)

    def last_session(who):
        return journal_state(initiative, people[who]).last_session

    assert last_session("backbone_staff") == today - timedelta(days=3)
    assert last_session("observer") == date(2025, 2, 4)
    assert last_session("other_initiative_admin") is None


def test_the_list_reads_a_fixed_number_of_queries(people, initiative, django_assert_num_queries):
    client = client_for(people["partner_member"])
    address = reverse("journal:learning", args=[initiative.slug])
    make.session(initiative)
    client.get(address)
    with django_assert_num_queries(count := _queries(client, address)):
        client.get(address)
    for n in range(10):
        session = make.session(initiative, title_fr=f"Séance {n}")
        make.line(session)
    with django_assert_num_queries(count):
        response = client.get(address)
    assert response.content.decode().count("Séance ") >= 10


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(address)
    return len(queries)
