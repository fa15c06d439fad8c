"""The activities pages as people use them: who may change what, and bad input changes nothing."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from commun.activities.forms import SharedActionForm
from commun.activities.models import Activity, Junction, Population, SharedAction
from commun.agenda.models import ExistingAction, Strategy
from commun.initiatives.models import GovernanceBody, Partner
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def url(name, initiative, *args):
    return reverse(f"activities:{name}", args=[initiative.slug, *args])


def own_and_other_activity(initiative, editor):
    partner = editor.memberships.get(initiative=initiative).partner
    own = Activity.objects.filter(initiative=initiative, partners=partner).first()
    other = Activity.objects.filter(initiative=initiative).exclude(partners=partner).first()
    return partner, own, other


def activity_form(initiative, **changes):
    strategy = Strategy.objects.filter(initiative=initiative).first()
    data = {
        "name_fr": "Nouvelle activité",
        "name_en": "New activity",
        "status": "running",
        "strategies": [strategy.pk],
    }
    return data | changes


def test_a_partner_editor_declares_an_activity_for_its_own_organization(initiative, people):
    editor = people["partner_editor"]
    partner, _own, _other = own_and_other_activity(initiative, editor)
    client = client_for(editor)
    response = client.post(
        url("activity_new", initiative), activity_form(initiative, partners=[partner.pk])
    )
    made = Activity.objects.get(initiative=initiative, name_fr="Nouvelle activité")
    assert response.status_code == 302
    assert list(made.partners.all()) == [partner]


def test_a_partner_editor_cannot_leave_its_own_organization_out(initiative, people):
    editor = people["partner_editor"]
    partner, _own, _other = own_and_other_activity(initiative, editor)
    somebody_else = Partner.objects.filter(initiative=initiative).exclude(pk=partner.pk).first()
    before = Activity.objects.count()
    with translation.override("fr"):
        response = client_for(editor).post(
            url("activity_new", initiative),
            activity_form(initiative, partners=[somebody_else.pk]),
            HTTP_ACCEPT_LANGUAGE="fr",
        )
    assert response.status_code == 200
    assert "Votre organisation doit rester parmi les partenaires" in response.content.decode()
    assert Activity.objects.count() == before


def test_an_end_before_the_start_is_refused_with_a_message_and_nothing_changes(initiative, people):
    staff = people["backbone_staff"]
    activity = Activity.objects.filter(initiative=initiative).first()
    partners = list(activity.partners.values_list("pk", flat=True))
    response = client_for(staff).post(
        url("activity_edit", initiative, activity.pk),
        activity_form(
            initiative,
            name_fr="Changé",
            partners=partners,
            starts="2026-05-01",
            ends="2026-01-01",
        ),
    )
    assert response.status_code == 200
    assert "La date de fin précède la date de début." in response.content.decode()
    activity.refresh_from_db()
    assert activity.name_fr != "Changé"


def test_a_partner_editor_edits_its_own_activities_and_not_others(initiative, people):
    editor = people["partner_editor"]
    _partner, own, other = own_and_other_activity(initiative, editor)
    client = client_for(editor)
    assert client.get(url("activity_edit", initiative, own.pk)).status_code == 200
    assert client.get(url("activity_edit", initiative, other.pk)).status_code == 403
    assert client.post(url("activity_delete", initiative, other.pk)).status_code == 403
    assert Activity.objects.filter(pk=other.pk).exists()
    page = client.get(url("activity", initiative, other.pk)).content.decode()
    assert url("activity_edit", initiative, other.pk) not in page  # no edit button either


def test_fields_only_offer_the_initiatives_own_records(initiative, other_initiative, people):
    strange = Population.objects.create(initiative=other_initiative, name_fr="Ailleurs")
    response = client_for(people["backbone_staff"]).post(
        url("activity_new", initiative),
        activity_form(
            initiative,
            partners=[Partner.objects.filter(initiative=initiative).first().pk],
            populations=[strange.pk],
        ),
    )
    assert response.status_code == 200
    assert not Activity.objects.filter(name_fr="Nouvelle activité").exists()


def test_an_existing_action_becomes_an_activity_for_its_partner_only(initiative, people):
    editor = people["partner_editor"]
    partner, _own, _other = own_and_other_activity(initiative, editor)
    mine = ExistingAction.objects.create(initiative=initiative, partner=partner, what_fr="Mienne")
    theirs = ExistingAction.objects.create(
        initiative=initiative,
        partner=Partner.objects.filter(initiative=initiative).exclude(pk=partner.pk).first(),
        what_fr="La leur",
    )
    client = client_for(editor)
    overview = client.get(url("overview", initiative)).content.decode()
    assert "Mienne" in overview and "La leur" not in overview
    assert client.post(url("from_existing_action", initiative, theirs.pk)).status_code == 403
    response = client.post(url("from_existing_action", initiative, mine.pk))
    made = Activity.objects.get(existing_action=mine)
    assert response["Location"] == url("activity_edit", initiative, made.pk)
    assert not Activity.objects.filter(existing_action=theirs).exists()


def test_a_junction_is_declared_once_and_a_duplicate_is_explained(initiative, people):
    editor = people["partner_editor"]
    _partner, own, other = own_and_other_activity(initiative, editor)
    client = client_for(editor)
    data = {"kind": "refers", "target": other.pk, "note_fr": "", "note_en": ""}
    first = client.post(url("junction_new", initiative, own.pk), data)
    assert first.status_code == 302
    before = Junction.objects.count()
    second = client.post(url("junction_new", initiative, own.pk), data)
    assert second.status_code == 400
    assert "Cette jonction est déjà déclarée." in second.content.decode()
    assert Junction.objects.count() == before
    # From another partner's activity, the editor may not declare anything.
    assert client.post(url("junction_new", initiative, other.pk), data).status_code == 403


def test_a_shared_action_needs_an_owner_and_records_the_day_it_was_done(initiative, people):
    client = client_for(people["backbone_staff"])
    before = SharedAction.objects.count()
    data = {"title_fr": "Réunir les bailleurs", "due": "2027-01-15", "status": "todo"}
    refused = client.post(url("shared_action_new", initiative), data)
    assert "Indiquez qui porte cette action" in refused.content.decode()
    assert SharedAction.objects.count() == before
    body = GovernanceBody.objects.filter(initiative=initiative).first()
    client.post(url("shared_action_new", initiative), data | {"owner_body": body.pk})
    action = SharedAction.objects.get(title_fr="Réunir les bailleurs")
    assert action.done_on is None
    client.post(
        url("shared_action_edit", initiative, action.pk),
        data | {"owner_body": body.pk, "status": "done"},
    )
    action.refresh_from_db()
    assert action.done_on == date.today()


def test_an_action_without_an_owner_is_refused_with_one_plain_message(initiative, people):
    client = client_for(people["backbone_staff"])
    data = {"title_fr": "Réunir les bailleurs", "due": "2027-01-15", "status": "todo"}
    page = client.post(url("shared_action_new", initiative), data).content.decode()
    assert page.count("Indiquez qui porte cette action") == 1
    assert "shared_action_has_owner" not in page  # the constraint's own wording is not shown
    with translation.override("en"):
        form = SharedActionForm(data, initiative=initiative)
        assert not form.is_valid()
        assert form.non_field_errors() == [
            "Say who owns this action: a governance body or a person."
        ]


def test_the_plan_filters_by_status_body_and_partner(initiative, people):
    client = client_for(people["observer"])
    overdue = client.get(url("plan", initiative), {"status": "overdue"}).content.decode()
    for action in SharedAction.objects.filter(initiative=initiative):
        late = action.status in SharedAction.OPEN and action.due < date.today()
        assert (escape(action.title_fr) in overdue) == late, action.title_fr
    body = GovernanceBody.objects.get(initiative=initiative, name_fr="Chantier logement")
    by_body = client.get(url("plan", initiative), {"body": body.pk}).content.decode()
    for action in SharedAction.objects.filter(initiative=initiative):
        assert (escape(action.title_fr) in by_body) == (action.owner_body_id == body.pk)
    assert "Ajouter une action" not in by_body  # observers read the plan, they do not change it


def test_the_coordination_pages_run_a_fixed_number_of_queries(initiative, people):
    client = client_for(people["backbone_staff"])
    pages = ["overview", "matrix", "coordination", "network"]

    def counts():
        result = []
        for page in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url(page, initiative)).status_code == 200
            result.append(len(queries))
        return result

    before = counts()
    template = Activity.objects.filter(initiative=initiative, status="running").first()
    for n in range(5):
        extra = Activity.objects.create(
            initiative=initiative, name_fr=f"Extra {n}", status="running"
        )
        extra.partners.set(template.partners.all())
        extra.strategies.set(template.strategies.all())
        extra.populations.set(template.populations.all())
        extra.territories.set(template.territories.all())
    assert counts() == before


def test_a_change_to_an_activity_shows_in_the_initiatives_history(initiative, people):
    staff = people["backbone_staff"]
    activity = Activity.objects.filter(initiative=initiative).first()
    partners = list(activity.partners.values_list("pk", flat=True))
    client = client_for(staff)
    client.post(
        url("activity_edit", initiative, activity.pk),
        activity_form(initiative, name_fr="Nom corrigé", partners=partners),
    )
    history = client.get(reverse("framework:history", args=[initiative.slug])).content.decode()
    assert "Nom corrigé" in history
