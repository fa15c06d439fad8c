"""Social actors: sorted as the reader's dictionary, boundary partners first; the form refuses a
name already taken (without case) and a partner actor with no partner."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from commun.journal.actor_forms import ActorForm
from commun.journal.actors import actors_of
from commun.journal.models import MarkerLevel, SocialActor
from tests.helpers import client_for
from tests.journal.harvest_factory import make_actor, make_marker, make_outcome


def test_actors_are_sorted_as_a_dictionary_boundary_partners_first(initiative):
    make_actor(initiative, "Écoles du quartier")
    make_actor(initiative, "eglise Saint-Roch")
    make_actor(initiative, "Zoé Tremblay", boundary_partner=True)
    make_actor(initiative, "Cégep", name_en="College")
    with translation.override("fr"):
        names = [a.name_fr for a in actors_of(initiative)]
    assert names == ["Zoé Tremblay", "Cégep", "Écoles du quartier", "eglise Saint-Roch"]
    with translation.override("en"):
        names = [a.name for a in actors_of(initiative)]
    assert names == ["Zoé Tremblay", "College", "Écoles du quartier", "eglise Saint-Roch"]


def test_a_name_already_taken_is_refused_without_case(initiative):
    make_actor(initiative, "Comité des résidents")
    form = ActorForm(
        {"kind": "residents", "name_fr": "comité des RÉSIDENTS"}, initiative=initiative
    )
    assert not form.is_valid()
    assert "name_fr" in form.errors


def test_an_actor_of_kind_partner_names_its_partner(initiative):
    form = ActorForm({"kind": "partner", "name_fr": "Un partenaire"}, initiative=initiative)
    assert not form.is_valid()
    assert "partner" in form.errors


def test_a_partner_of_another_initiative_cannot_be_chosen(initiative, other_initiative):
    foreign = other_initiative.partners.first()
    form = ActorForm(
        {"kind": "partner", "partner": foreign.pk, "name_fr": "Étranger"}, initiative=initiative
    )
    assert not form.is_valid()
    assert "partner" in form.errors


# --- The pages


def url(initiative, name, *args):
    return reverse(f"journal:{name}", args=[initiative.slug, *args])


def test_staff_add_an_actor_and_its_markers(initiative, people):
    client = client_for(people["backbone_staff"])
    client.post(
        url(initiative, "actor_new"),
        {"kind": "residents", "name_fr": "Locataires du 12", "boundary_partner": "on"},
    )
    actor = SocialActor.objects.get(name_fr="Locataires du 12")
    assert actor.boundary_partner
    client.post(
        url(initiative, "marker_new", actor.pk),
        {"level": 3, "text_fr": "Crée une association", "text_en": "", "order": 0},
    )
    marker = actor.markers.get()
    client.post(
        url(initiative, "marker_edit", marker.pk),
        {"level": 2, "text_fr": "Crée une association", "text_en": "Forms a union", "order": 0},
    )
    marker.refresh_from_db()
    assert marker.level == 2 and marker.text_en == "Forms a union"
    client.post(url(initiative, "marker_delete", marker.pk))
    assert not actor.markers.exists()


@pytest.mark.parametrize("role", ["partner_editor", "partner_member", "observer"])
def test_members_read_actors_but_only_staff_change_them(initiative, people, role):
    actor = make_actor(initiative, boundary_partner=True)
    marker = make_marker(actor)
    client = client_for(people[role])
    assert client.get(url(initiative, "actors")).status_code == 200
    assert client.get(url(initiative, "actor", actor.pk)).status_code == 200
    assert (
        client.post(url(initiative, "actor_new"), {"kind": "other", "name_fr": "X"}).status_code
        == 403
    )
    assert client.post(url(initiative, "marker_delete", marker.pk)).status_code == 403
    assert actor.markers.exists() and not SocialActor.objects.filter(name_fr="X").exists()


def test_the_actor_page_shows_the_levels_reached_in_a_fixed_number_of_queries(initiative, people):
    actor = make_actor(initiative, boundary_partner=True)
    love = make_marker(actor, MarkerLevel.LOVE, "Mène un projet")
    client = client_for(people["observer"])
    make_outcome(initiative, actor, "published", date(2026, 5, 2), markers=[love])
    with CaptureQueriesContext(connection) as one:
        page = client.get(url(initiative, "actor", actor.pk))
    assert "“Love to see” reached in Q2 2026" in page.content.decode() or (
        "« On adorerait voir » atteint en T2 2026" in page.content.decode()
    )
    for month in range(1, 13):
        make_outcome(initiative, actor, "published", date(2025, month, 1), markers=[love])
    with CaptureQueriesContext(connection) as many:
        client.get(url(initiative, "actor", actor.pk))
    assert len(many) == len(one)


def test_another_initiatives_actor_is_not_found(initiative, other_initiative, people):
    actor = make_actor(initiative)
    client = client_for(people["other_initiative_admin"])
    assert client.get(url(other_initiative, "actor", actor.pk)).status_code == 404
    assert client.get(url(other_initiative, "actor_edit", actor.pk)).status_code == 404


def test_the_actor_page_lists_only_the_outcomes_the_reader_sees(initiative, people):
    from commun.initiatives.models import Membership

    own = Membership.objects.get(user=people["partner_editor"], initiative=initiative).partner
    other = initiative.partners.exclude(pk=own.pk).first()
    actor = make_actor(initiative)
    make_outcome(initiative, actor, "draft", title_fr="Brouillon du partenaire", partner=own)
    make_outcome(initiative, actor, "draft", title_fr="Brouillon d'un autre", partner=other)
    make_outcome(initiative, actor, "published", title_fr="Effet publié")
    page = client_for(people["partner_editor"]).get(url(initiative, "actor", actor.pk))
    titles = [o.title_fr for o in page.context["outcomes"]]
    assert sorted(titles) == ["Brouillon du partenaire", "Effet publié"]
    page = client_for(people["observer"]).get(url(initiative, "actor", actor.pk))
    assert [o.title_fr for o in page.context["outcomes"]] == ["Effet publié"]
