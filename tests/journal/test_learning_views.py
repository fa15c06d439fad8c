"""Learning sessions' pages per role: members read published sessions only, staff hold, edit and
freeze them, add "now what" lines and make them actions of the plan; another initiative's ids
answer 404; bad input changes nothing."""

from datetime import timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commun.activities.models import SharedAction
from commun.formatting import format_date
from commun.governance.models import Meeting, MeetingItem
from commun.journal.models import LearningFormat, LearningSession, NowWhat
from tests.governance.meeting_factory import plan_meeting, steering
from tests.helpers import client_for
from tests.journal import learning_factory as make


def text(response) -> str:
    return unescape(response.content.decode())


def url(initiative, name, *args):
    return reverse(f"journal:{name}", args=[initiative.slug, *args])


@pytest.mark.parametrize(
    "role, sees_unpublished",
    [
        ("backbone_staff", True),
        ("partner_editor", False),
        ("partner_member", False),
        ("observer", False),
    ],
)
def test_members_read_published_sessions_and_staff_every_one(
    role, sees_unpublished, people, initiative
):
    make.session(initiative, title_fr="Séance ouverte")
    hidden = make.session(initiative, title_fr="Séance interne", published=False)
    client = client_for(people[role])
    page = client.get(url(initiative, "learning")).content.decode()
    assert "Séance ouverte" in page
    assert ("Séance interne" in page) == sees_unpublished
    status = client.get(url(initiative, "learning_session", hidden.pk)).status_code
    assert status == (200 if sees_unpublished else 404)


@pytest.mark.parametrize("role", ["partner_editor", "observer"])
def test_only_staff_hold_sessions(role, people, initiative):
    client = client_for(people[role])
    assert client.get(url(initiative, "learning_new")).status_code == 403
    response = client.post(
        url(initiative, "learning_new"), {"title_fr": "X", "held_on": "2026-02-04"}
    )
    assert response.status_code == 403
    assert not LearningSession.objects.filter(title_fr="X").exists()


def test_another_initiatives_session_is_not_found(people, initiative, other_initiative):
    session = make.session(initiative)
    client = client_for(people["other_initiative_admin"])
    assert client.get(url(other_initiative, "learning_session", session.pk)).status_code == 404
    assert client.get(url(other_initiative, "learning_edit", session.pk)).status_code == 404
    line = make.line(session)
    adopt = url(other_initiative, "now_what_adopt", session.pk, line.pk)
    assert client.post(adopt, {"title_fr": "X", "due": "2026-05-01"}).status_code == 404
    assert not NowWhat.objects.get(pk=line.pk).shared_action


def test_the_form_shows_the_fields_of_its_format_only(people, initiative):
    client = client_for(people["backbone_staff"])
    what = client.get(url(initiative, "learning_new")).content.decode()
    assert 'name="what_fr"' in what and 'name="story_fr"' not in what
    curve = client.get(url(initiative, "learning_new") + "?format=curve").content.decode()
    assert 'name="story_fr"' in curve and 'name="helping_en"' in curve
    assert 'name="partners_to_play"' in curve and 'name="what_fr"' not in curve


def test_staff_hold_a_turn_the_curve_session_and_read_it(people, initiative):
    staff = people["backbone_staff"]
    client = client_for(staff)
    indicator = make.indicator_with_figures(initiative)
    response = client.post(
        url(initiative, "learning_new") + "?format=curve",
        {
            "title_fr": "Infléchir la courbe de l'insécurité alimentaire",
            "title_en": "Turning the food insecurity curve",
            "held_on": "2026-02-04",
            "format": "curve",
            "indicators": [indicator.pk],
            "participants": [staff.pk],
            "story_fr": "Les loyers ont monté.",
            "restricting_fr": "Peu de transport.",
            "published": "on",
        },
    )
    session = LearningSession.objects.get(title_fr__startswith="Infléchir")
    assert response.status_code == 302
    assert session.format == LearningFormat.TURN_THE_CURVE
    assert session.created_by == staff
    page = text(client.get(response["Location"]))
    assert "Les loyers ont monté." in page and "Peu de transport." in page
    assert indicator.name_fr in page and staff.full_name in page
    observer = people["observer"]
    observer.language = "en"
    observer.save(update_fields=["language"])
    english = client_for(observer).get(url(initiative, "learning_session", session.pk))
    assert "Turning the food insecurity curve" in english.content.decode()


def test_a_session_without_a_date_is_refused_and_nothing_saved(people, initiative):
    client = client_for(people["backbone_staff"])
    before = LearningSession.objects.count()
    response = client.post(
        url(initiative, "learning_new"), {"title_fr": "Sans date", "format": "what"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["held_on"]
    assert LearningSession.objects.count() == before


def test_a_format_other_than_the_one_shown_is_refused(people, initiative):
    session = make.session(initiative)
    client = client_for(people["backbone_staff"])
    response = client.post(
        url(initiative, "learning_edit", session.pk),
        {"title_fr": "Autre", "held_on": "2026-02-04", "format": "curve"},
    )
    assert response.status_code == 200 and response.context["form"].errors["format"]
    assert LearningSession.objects.get(pk=session.pk).title_fr != "Autre"


def test_outcomes_a_partner_cannot_see_are_not_offered_to_it(people, initiative):
    """The form offers staff every outcome; a session's page shows members published ones."""
    draft = make.outcome(initiative, title="Brouillon d'un autre", status="draft")
    shown = make.outcome(initiative, title="Effet publié")
    session = make.session(initiative)
    session.outcomes.add(draft, shown)
    page = (
        client_for(people["partner_member"])
        .get(url(initiative, "learning_session", session.pk))
        .content.decode()
        .replace("&#x27;", "'")
    )
    assert "Effet publié" in page and "Brouillon d'un autre" not in page
    staff_page = (
        client_for(people["backbone_staff"])
        .get(url(initiative, "learning_session", session.pk))
        .content.decode()
        .replace("&#x27;", "'")
    )
    assert "Brouillon d'un autre" in staff_page


def test_now_what_lines_are_added_edited_and_deleted_by_staff(people, initiative):
    session = make.session(initiative)
    client = client_for(people["backbone_staff"])
    client.post(
        url(initiative, "learning_now_what_new", session.pk),
        {"text_fr": "Ouvrir un deuxième marché", "text_en": "Open a second market"},
    )
    line = session.actions.get()
    assert line.text_en == "Open a second market"
    client.post(
        url(initiative, "learning_now_what_edit", session.pk, line.pk),
        {"text_fr": "Ouvrir deux marchés", "text_en": ""},
    )
    assert NowWhat.objects.get(pk=line.pk).text_fr == "Ouvrir deux marchés"
    assert (
        client.get(url(initiative, "learning_now_what_delete", session.pk, line.pk)).status_code
        == 405
    )
    client.post(url(initiative, "learning_now_what_delete", session.pk, line.pk))
    assert not session.actions.exists()
    member = client_for(people["partner_editor"])
    response = member.post(url(initiative, "learning_now_what_new", session.pk), {"text_fr": "X"})
    assert response.status_code == 403 and not session.actions.exists()


def test_turn_the_curve_lines_are_judged_from_1_to_5_and_listed_best_first(people, initiative):
    session = make.session(initiative, format=LearningFormat.TURN_THE_CURVE)
    client = client_for(people["backbone_staff"])
    for words, marks in [("Faible", 1), ("Forte", 5), ("Moyenne", 3)]:
        client.post(
            url(initiative, "learning_now_what_new", session.pk),
            {
                "text_fr": words,
                "leverage": marks,
                "feasibility": marks,
                "specificity": marks,
                "values": marks,
            },
        )
    response = client.post(
        url(initiative, "learning_now_what_new", session.pk),
        {"text_fr": "Hors échelle", "leverage": "7"},
    )
    assert response.status_code == 200 and response.context["form"].errors["leverage"]
    page = text(client.get(url(initiative, "learning_session", session.pk)))
    assert page.index("Forte") < page.index("Moyenne") < page.index("Faible")
    assert "Hors échelle" not in page


def test_a_line_becomes_an_action_of_the_plan_and_an_item_of_the_next_meeting(people, initiative):
    body = steering(initiative)
    # The demo's coming meetings cancelled: a cancelled meeting takes no new item.
    Meeting.objects.filter(body=body, starts_at__gt=timezone.now()).update(status="cancelled")
    later = plan_meeting(body, days_from_now=40)
    sooner = plan_meeting(body, days_from_now=10)
    plan_meeting(body, days_from_now=-3)  # past: not the next one
    session = make.session(initiative, body=body)
    line = make.line(
        session, "Réunir les banques alimentaires", text_en="Bring food banks together"
    )
    client = client_for(people["backbone_staff"])
    form = client.get(url(initiative, "now_what_adopt", session.pk, line.pk))
    assert form.context["form"].initial["owner_body"] == body.pk
    due = (timezone.localdate() + timedelta(days=60)).isoformat()
    response = client.post(
        url(initiative, "now_what_adopt", session.pk, line.pk),
        {
            "title_fr": "Réunir les banques alimentaires",
            "title_en": "Bring food banks together",
            "owner_body": body.pk,
            "due": due,
            "status": "todo",
        },
        follow=True,
    )
    action = NowWhat.objects.get(pk=line.pk).shared_action
    assert action.initiative == initiative and action.owner_body == body
    item = MeetingItem.objects.get(shared_action=action)
    assert item.meeting == sooner and item.meeting != later
    assert item.order == max(i.order for i in sooner.items.all())  # at the end of the agenda
    page = text(response)
    assert f"ordre du jour de la rencontre du {format_date(sooner.starts_at, 'fr')}" in page
    assert "Dans le plan d'action commun" in page or "In the joint action plan" in page
    again = text(client.get(url(initiative, "learning_session", session.pk)))  # no message now
    assert f"À l'ordre du jour de la rencontre du {format_date(sooner.starts_at, 'fr')}" in again


def test_a_line_is_adopted_once(people, initiative):
    session = make.session(initiative)
    line = make.line(session)
    client = client_for(people["backbone_staff"])
    data = {"title_fr": "Action", "due": "2026-09-01", "status": "todo"}
    data["owner_person"] = people["backbone_staff"].pk
    client.post(url(initiative, "now_what_adopt", session.pk, line.pk), data)
    adopted = NowWhat.objects.get(pk=line.pk).shared_action
    assert adopted.title_fr == "Action"
    count = SharedAction.objects.count()
    response = client.post(
        url(initiative, "now_what_adopt", session.pk, line.pk), data, follow=True
    )
    assert SharedAction.objects.count() == count
    assert "Cette ligne est déjà une action du plan." in text(response)
    assert NowWhat.objects.get(pk=line.pk).shared_action == adopted


def test_an_adoption_without_a_due_date_is_refused_and_nothing_saved(people, initiative):
    session = make.session(initiative)
    line = make.line(session)
    count = SharedAction.objects.count()
    response = client_for(people["backbone_staff"]).post(
        url(initiative, "now_what_adopt", session.pk, line.pk), {"title_fr": "Action"}
    )
    assert response.status_code == 200 and response.context["form"].errors["due"]
    assert SharedAction.objects.count() == count
    assert NowWhat.objects.get(pk=line.pk).shared_action is None


def test_the_session_page_reads_as_many_queries_for_many_lines_as_for_one(people, initiative):
    session = make.session(initiative, format=LearningFormat.TURN_THE_CURVE)
    session.indicators.add(make.indicator_with_figures(initiative))
    make.line(session, "Une")
    client = client_for(people["backbone_staff"])
    address = url(initiative, "learning_session", session.pk)
    client.get(address)

    def queries() -> int:
        with CaptureQueriesContext(connection) as done:
            assert client.get(address).status_code == 200
        return len(done)

    few = queries()
    body = steering(initiative)
    for n in range(8):
        line = make.line(session, f"Ligne {n}", leverage=n % 5 + 1)
        line.shared_action = SharedAction.objects.create(
            initiative=initiative,
            title_fr=f"Action {n}",
            owner_body=body,
            due="2026-09-01",
            status="todo",
        )
        line.save()
    session.outcomes.add(*[make.outcome(initiative, title=f"Effet {n}") for n in range(5)])
    assert queries() == few
