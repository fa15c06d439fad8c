"""The home's action frame ("passer à l'action"): FSG's phases, each step's state from the data."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from commun.agenda.models import AgendaVersion, Endorsement
from commun.agenda.versions import endorsement_summary
from commun.communication.models import Communication
from commun.framework.home import NEXT_STEPS, action_frame, condition_cards
from commun.initiatives.models import Initiative, Membership, Partner
from commun.initiatives.roles import Role
from commun.sections import Look, State
from tests.helpers import READERS, client_for

pytestmark = pytest.mark.django_db


def steps_of(frame):
    return [framed.step for column in frame.phases for framed in column.steps]


def step_named(frame, words):
    return next(step for step in steps_of(frame) if words in step.text)


def new_initiative(admin):
    initiative = Initiative.objects.create(slug="nouvelle", name_fr="Nouvelle table")
    Membership.objects.create(user=admin, initiative=initiative, role=Role.BACKBONE_ADMIN)
    return initiative


def test_a_new_initiative_starts_in_phase_one_with_nothing_done(people):
    initiative = new_initiative(people["backbone_admin"])
    with translation.override("en"):
        frame = action_frame(Look(initiative, people["backbone_admin"]))
    assert [column.phase for column in frame.phases] == [1, 2, 3]
    assert frame.current.phase == 1
    assert all(column.done == 0 for column in frame.phases)
    # Only the backbone is begun: it has its administrator, and no governance body yet.
    begun = [step for step in steps_of(frame) if step.state == State.UNDER_WAY]
    assert [step.text for step in begun] == ["Staff the backbone and seat a steering committee"]
    assert "1 backbone staff member, 0 governance bodies with members" in begun[0].evidence
    assert {step.state for step in steps_of(frame)} - {State.UNDER_WAY} == {State.NOT_STARTED}
    # The next steps are the first phase's, each a link to where it is done.
    assert 0 < len(frame.next_steps) <= NEXT_STEPS
    assert {framed.step.phase for framed in frame.next_steps} == {1}
    client = client_for(people["backbone_admin"])
    for framed in frame.next_steps:
        assert client.get(framed.step.url).status_code == 200, framed.step.url


def test_the_agenda_step_says_how_many_partners_endorsed_and_is_done_only_with_a_majority(
    initiative, people
):
    look = lambda: Look(initiative, people["backbone_admin"])  # noqa: E731 — a fresh reading
    summary = endorsement_summary(initiative)
    with translation.override("en"):
        step = step_named(action_frame(look()), "common agenda")
        badge = next(c.card.badge for c in condition_cards(look()) if c.section.key == "agenda")
    assert f"Endorsed by {summary.endorsed} of {summary.active_partners} partners" in step.evidence
    assert badge == f"Endorsed by {summary.endorsed} of {summary.active_partners} partners"
    assert step.state == (
        State.IN_PLACE if 2 * summary.endorsed > summary.active_partners else State.UNDER_WAY
    )

    # A new version nobody has endorsed yet: the step is under way again, and says 0.
    latest = AgendaVersion.objects.filter(initiative=initiative).order_by("-number").first()
    AgendaVersion.objects.create(
        initiative=initiative, number=latest.number + 1, snapshot=latest.snapshot
    )
    with translation.override("en"):
        step = step_named(action_frame(look()), "common agenda")
    assert step.state == State.UNDER_WAY
    assert f"Version {latest.number + 1}: Endorsed by 0 of" in step.evidence

    # A majority endorses it: done.
    active = list(Partner.objects.filter(initiative=initiative).active())
    new = AgendaVersion.objects.get(initiative=initiative, number=latest.number + 1)
    for partner in active[: len(active) // 2 + 1]:
        Endorsement.objects.create(version=new, partner=partner, decision="endorsed")
    with translation.override("en"):
        assert step_named(action_frame(look()), "common agenda").state == State.IN_PLACE


def test_the_progress_step_follows_the_latest_approved_figures(initiative, people):
    with translation.override("en"):
        frame = action_frame(Look(initiative, people["backbone_admin"]))
        step = step_named(frame, "report progress")
        later = action_frame(
            Look(
                initiative, people["backbone_admin"], timezone.localdate() + timedelta(days=3 * 366)
            )
        )
    year = int(re.search(r"up to (\d{4})", step.evidence).group(1))
    assert step.state == State.IN_PLACE  # the demo's figures are recent
    # Three years on, with no new figures, the step is no longer done.
    assert step_named(later, "report progress").state == State.UNDER_WAY
    assert f"up to {year}" in step_named(later, "report progress").evidence


def test_meeting_and_telling_the_community_is_read_from_the_log(initiative, people):
    with translation.override("fr"):
        frame = action_frame(Look(initiative, people["backbone_admin"]))
    meetings = step_named(frame, "Se réunir")
    logged = Communication.objects.filter(
        initiative=initiative, sent_on__gte=timezone.localdate() - timedelta(days=365)
    ).count()
    assert logged and f"{logged} communications" in meetings.evidence
    assert meetings.state in (State.UNDER_WAY, State.IN_PLACE)
    Communication.objects.filter(initiative=initiative).delete()
    with translation.override("fr"):
        again = step_named(action_frame(Look(initiative, people["backbone_admin"])), "Se réunir")
    assert "0 communications" in again.evidence


def test_next_steps_are_the_earliest_phases_steps_not_done(initiative, people):
    frame = action_frame(Look(initiative, people["backbone_admin"]))
    waiting = [s for s in steps_of(frame) if s.state in (State.NOT_STARTED, State.UNDER_WAY)]
    assert [framed.step for framed in frame.next_steps] == sorted(
        waiting, key=lambda s: (s.phase, s.state != State.UNDER_WAY)
    )[:NEXT_STEPS]
    assert frame.current.phase == min(s.phase for s in waiting)


@pytest.mark.parametrize("role", READERS)
def test_every_step_links_to_a_page_the_reader_may_open(role, people, initiative):
    person = people[role]
    client = client_for(person)
    for step in steps_of(action_frame(Look(initiative, person))):
        assert client.get(step.url).status_code == 200, (role, step.text, step.url)


def test_the_home_shows_the_frame_in_the_readers_language(people, initiative):
    user = people["partner_member"]
    for language, title, phase in [
        ("fr", "Passer à l'action", "Phase I — Amorcer l'action"),
        ("en", "Moving to action", "Phase I — Initiate action"),
    ]:
        user.language = language
        user.save(update_fields=["language"])
        html = client_for(user).get(reverse("framework:home", args=[initiative.slug])).content
        html = unescape(html.decode())
        assert f'<h2 id="frame-title">{title}</h2>' in html
        assert f'<h3 id="phase-1">{phase}</h3>' in html
