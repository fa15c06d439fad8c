import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from pytest_django.asserts import assertInHTML

from commun.activities.models import SharedAction
from commun.agenda.models import AgendaVersion, Endorsement
from commun.assessments.models import Round
from commun.formatting.sorting import dictionary_key
from commun.framework.home import condition_cards, to_dos
from commun.initiatives.models import (
    BodyMember,
    GovernanceBody,
    Membership,
    Partner,
    Sector,
)
from commun.measurement.models import Indicator
from commun.sections import Look
from tests.assessments.factories import scale_round
from tests.helpers import client_for
from tests.measurement import factories


def home(user, initiative, language="en"):
    user.language = language
    user.save(update_fields=["language"])
    response = client_for(user).get(reverse("framework:home", args=[initiative.slug]))
    assert response.status_code == 200
    return response


def shared_action(initiative, title, *, due_in, partner=None, person=None, status="todo"):
    return SharedAction.objects.create(
        initiative=initiative,
        title_fr=title,
        title_en=title,
        owner_person=person,
        owner_body=None if person else GovernanceBody.objects.filter(initiative=initiative)[0],
        partner=partner,
        due=timezone.localdate() + timedelta(days=due_in),
        status=status,
    )


def other_partner(initiative, user):
    own = Membership.objects.get(initiative=initiative, user=user).partner
    return Partner.objects.filter(initiative=initiative).exclude(pk=own.pk).first()


def test_home_shows_partners_by_sector_bodies_and_one_card_per_condition(people, initiative):
    html = home(people["partner_member"], initiative, "fr").content.decode()
    # One card per section, its title a heading linking to it (the menu names them too: the
    # heading is the card's).
    slug = initiative.slug
    for path, title in [
        ("assessments", "Conditions préalables"),
        ("agenda", "Plan d'action commun"),
        ("measurement", "Système d'évaluation commun"),
        ("activities", "Activités se renforçant mutuellement"),
        ("communication", "Communication continue"),
        ("backbone", "Infrastructure de soutien"),
    ]:
        assertInHTML(
            f'<h3><a href="/initiatives/{slug}/{path}/">{escape(title)}</a></h3>', html, count=1
        )
    # Each sector present, once, under its French name, with its count and its partners in order;
    # a partner who has left is not listed.
    gone = Partner.objects.filter(initiative=initiative).first()
    Partner.objects.filter(pk=gone.pk).update(left_on=timezone.localdate() - timedelta(days=1))
    html = home(people["partner_member"], initiative, "fr").content.decode()
    with translation.override("fr"):
        for sector in Sector:
            partners = sorted(
                Partner.objects.filter(initiative=initiative, sector=sector).active(),
                key=lambda partner: dictionary_key(partner.name),
            )
            heading = f'<h3>{sector.label} <span class="pill">{len(partners)}</span></h3>'
            if not partners:
                assertInHTML(heading, html, count=0)
                continue
            links = "".join(
                f'<li><a href="{reverse("initiatives:partner", args=[slug, p.pk])}">'
                f"{escape(p.name)}</a></li>"
                for p in partners
            )
            assertInHTML(f'<div class="sector">{heading}<ul>{links}</ul></div>', html, count=1)
        assert escape(gone.name) not in html.split('id="partners-title"')[1]
    for body in GovernanceBody.objects.filter(initiative=initiative):
        assert body.name_fr in html


# --- To-dos -------------------------------------------------------------------------------------


def test_a_partner_editor_sees_its_own_to_dos_each_linking_where_it_is_done(people, initiative):
    editor = people["partner_editor"]
    partner = Membership.objects.get(initiative=initiative, user=editor).partner
    shared_action(initiative, "Livrer le bilan des paniers", due_in=5, partner=partner)
    response = home(editor, initiative)
    todos = response.context["todos"]
    by_path = {urlsplit(todo.url).path: todo for todo in todos}
    slug = initiative.slug

    # The demo's food bank has a draft for the last quarter and is late on last year's values.
    entry = [t for t in todos if t.url.startswith(reverse("measurement:entry", args=[slug]))]
    assert {re.search(r"period=([\w-]+)", t.url).group(1) for t in entry} == {"2025", "2026-Q3"}
    quarter = next(t for t in entry if "2026-Q3" in t.url)
    assert any("draft" in detail for detail in quarter.details)
    # The latest agenda version, not endorsed yet, opens the endorsement form.
    latest = AgendaVersion.objects.filter(initiative=initiative).order_by("-number").first()
    assert reverse("agenda:endorse", args=[slug, latest.number]) in by_path
    # The open round the editor is asked to answer.
    open_round = Round.objects.get(
        initiative=initiative, title_fr="Les cinq conditions — automne 2026"
    )
    assert reverse("assessments:answer", args=[slug, open_round.pk]) in by_path
    # The shared action its organization takes part in, due in five days.
    assert "Livrer le bilan des paniers" in [t.text for t in todos]

    html = response.content.decode()
    assert "To do for you and Lower Town Food Bank" in html
    client = client_for(editor)
    for todo in todos:
        assert todo.url in html.replace("&amp;", "&")
        page = client.get(todo.url)
        assert page.status_code == 200, todo
    # The entry link opens the grid on the period that is due.
    grid = client.get(quarter.url).content.decode()
    assert 'value="Q3 2026"' in grid  # 2026-Q3, written the reader's way


def test_another_partners_to_dos_never_appear(people, initiative):
    editor = people["partner_editor"]
    other = other_partner(initiative, editor)
    shared_action(initiative, "Action d'un autre partenaire", due_in=-3, partner=other)
    someone_else = Membership.objects.filter(initiative=initiative, partner=other).first()
    asked = (
        scale_round(initiative, people=[someone_else], title="Tour pour un autre")
        if (someone_else)
        else None
    )
    texts = " ".join(
        " ".join([todo.text, *todo.details]) for todo in to_dos(Look(initiative, editor))
    )
    assert "Action d'un autre partenaire" not in texts
    if asked:
        assert "Tour pour un autre" not in texts
    # Values are only those the editor's own partner reports.
    own = Membership.objects.get(initiative=initiative, user=editor).partner
    others_only = Indicator.objects.filter(initiative=initiative).exclude(reporting_partners=own)
    for indicator in others_only:
        assert f"{indicator.name}:" not in texts


def test_a_partner_member_sees_its_organizations_to_dos_where_they_are_seen(people, initiative):
    member = people["partner_member"]
    todos = home(member, initiative).context["todos"]
    slug = initiative.slug
    paths = {urlsplit(todo.url).path for todo in todos}
    # A member may not send values nor endorse: the links show them, read-only.
    assert reverse("measurement:completeness", args=[slug]) in paths
    assert reverse("measurement:entry", args=[slug]) not in paths
    latest = AgendaVersion.objects.filter(initiative=initiative).order_by("-number").first()
    assert reverse("agenda:version", args=[slug, latest.number]) in paths
    assert not any("/endorse/" in path for path in paths)
    client = client_for(member)
    for todo in todos:
        assert client.get(todo.url).status_code == 200


@pytest.mark.parametrize("role", ["backbone_staff", "observer"])
def test_staff_and_observers_see_only_what_is_theirs(role, people, initiative):
    person = people[role]
    shared_action(initiative, "Mon action à moi", due_in=2, person=person)
    shared_action(initiative, "Une action pour plus tard", due_in=60, person=person)
    shared_action(
        initiative,
        "L'action d'un partenaire",
        due_in=-1,
        partner=other_partner(initiative, people["partner_editor"]),
    )
    response = home(person, initiative)
    todos = response.context["todos"]
    texts = [todo.text for todo in todos]
    assert "Mon action à moi" in texts
    assert "Une action pour plus tard" not in texts  # due in two months: not yet
    assert "L'action d'un partenaire" not in texts
    # No values to send, no endorsement: those are a partner's. Rounds they are asked to, yes.
    slug = initiative.slug
    assert all(
        todo.url.startswith(
            (reverse("activities:plan", args=[slug]), f"/initiatives/{slug}/assessments/")
        )
        for todo in todos
    )
    html = response.content.decode()
    assert "To do for you" in html and "To do for you and" not in html


def test_nothing_to_do_is_said_plainly_to_a_partner_and_not_shown_to_others(people, initiative):
    editor = people["partner_editor"]
    new = Partner.objects.create(
        initiative=initiative, name_fr="Organisme tout neuf", sector=Sector.values[0]
    )
    Membership.objects.filter(user=editor, initiative=initiative).update(partner=new)
    Round.objects.filter(initiative=initiative).update(closed_at=timezone.now())
    latest = AgendaVersion.objects.filter(initiative=initiative).order_by("-number").first()
    Endorsement.objects.create(version=latest, partner=new, decision="endorsed")
    html = home(editor, initiative).content.decode()
    assert "Nothing waits for you or your organization right now." in html
    assert "To do for you" not in home(people["observer"], initiative).content.decode()


# --- The cards ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["backbone_admin", "partner_editor", "observer"])
def test_every_figure_on_a_card_links_to_a_page_the_reader_may_open(role, people, initiative):
    person = people[role]
    client = client_for(person)
    for card in condition_cards(Look(initiative, person)):
        for line in card.lines:
            if line.url:
                assert client.get(line.url).status_code == 200, (line.text, line.url)
            elif role == "backbone_admin":
                assert not re.search(r"\d", str(line)), line.text  # staff may open every page


def test_the_cards_figures_are_links_on_the_page(people, initiative):
    html = home(people["backbone_staff"], initiative).content.decode()
    review = reverse("measurement:review", args=[initiative.slug])
    assert re.search(rf'<a href="{review}">\d+ values? waiting for review</a>', html)
    assert "partners/" in html
    observer_html = home(people["observer"], initiative).content.decode()
    assert review not in observer_html  # only staff review values


# --- Queries ------------------------------------------------------------------------------------

# Pinned per role: the cards (the same for everyone) and the person's to-dos — for a partner's
# people, the completeness of its values (3), the territory they report on, the latest version;
# for everyone, the open rounds they are asked to and the shared actions due.
# Role clarification's line and step read two queries (its areas with their letters; the
# strategies counted).
HOME_QUERIES = {"backbone_admin": 50, "partner_editor": 55, "partner_member": 54, "observer": 50}


def more_of_what_the_home_lists(initiative, person):
    partner = Membership.objects.get(initiative=initiative, user=person).partner
    for n, sector in enumerate(Sector.values * 2):
        Partner.objects.create(initiative=initiative, name_fr=f"Nouveau {n}", sector=sector)
    for n in range(3):
        body = GovernanceBody.objects.create(
            initiative=initiative, kind="working_group", name_fr=f"Chantier {n}"
        )
        BodyMember.objects.create(body=body, user=person, partner=partner, role="member")
    for n in range(3):
        added = factories.indicator(initiative, f"encore-{n}", "sum", frequency="quarter")
        if partner:
            added.reporting_partners.add(partner)


@pytest.mark.parametrize("role", list(HOME_QUERIES))
def test_home_runs_a_fixed_number_of_queries(role, people, initiative, django_assert_num_queries):
    person = people[role]
    client = client_for(person)
    url = reverse("framework:home", args=[initiative.slug])
    client.get(url)
    with django_assert_num_queries(HOME_QUERIES[role]):
        client.get(url)
    # More of everything the page lists changes nothing in the count: partners in every sector,
    # governance bodies with seats, indicators the person's organization reports, shared actions,
    # a round.
    more_of_what_the_home_lists(initiative, person)
    partner = Membership.objects.get(initiative=initiative, user=person).partner
    for n in range(3):
        shared_action(initiative, f"Encore {n}", due_in=n - 1, person=person, partner=partner)
    scale_round(
        initiative,
        people=Membership.objects.filter(initiative=initiative, user=person),
        title="Encore un tour",
    )
    with django_assert_num_queries(HOME_QUERIES[role]):
        client.get(url)


def test_the_public_sees_the_public_page_but_not_the_workspace(client, initiative):
    assert client.get(reverse("framework:public", args=[initiative.slug])).status_code == 200
    assert client.get(reverse("framework:home", args=[initiative.slug])).status_code == 302
