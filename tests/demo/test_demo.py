import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.test import RequestFactory

from commun.demo.cast import DEMO_PASSWORD
from commun.demo.loader import load_demo
from commun.initiatives.models import (
    BodyKind,
    BodyMember,
    GovernanceBody,
    Initiative,
    Membership,
    Network,
    Partner,
    Sector,
)
from commun.initiatives.roles import PARTNER_ROLES, Role
from tests.helpers import MAIN, OTHER


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def bilingual_fields(model):
    names = {field.name for field in model._meta.get_fields()}
    return [name for name in names if name.endswith("_fr") and name[:-3] + "_en" in names] + [
        name for name in names if name.endswith("_en") and name[:-3] + "_fr" in names
    ]


@pytest.mark.django_db
def test_demo_loads_an_initiative_with_partners_in_every_sector():
    load_demo()
    initiative = Initiative.objects.get(slug=MAIN)
    partners = Partner.objects.filter(initiative=initiative)
    assert 22 <= partners.count() <= 28
    assert {p.sector for p in partners} == set(Sector.values)
    assert initiative.is_public and initiative.network.slug == "reseau-collectivites-vibrantes"
    assert initiative.logo
    gone = [p for p in partners if p.left_on]
    assert len(gone) == 1 and gone[0].left_on > gone[0].joined_on
    assert all(p.website.startswith("https://") and ".example.org" in p.website for p in partners)
    assert all(p.contact_email.endswith("@example.org") for p in partners)


@pytest.mark.django_db
def test_loading_the_demo_twice_adds_nothing_twice():
    load_demo()
    once = row_counts()
    load_demo()
    assert row_counts() == once


@pytest.mark.django_db
def test_every_demo_login_can_log_in():
    logins = load_demo()
    assert len(logins) == 7
    assert len({login.email for login in logins}) == 7
    for login in logins:
        assert login.password == DEMO_PASSWORD
        request = RequestFactory().post("/")
        user = authenticate(request=request, username=login.email, password=login.password)
        assert user is not None, login.role
        assert user.email == login.email


@pytest.mark.django_db
def test_each_demo_login_holds_the_role_it_is_shown_with():
    roles = {login.role: login.email for login in load_demo()}
    main = Initiative.objects.get(slug=MAIN)

    def role_in(slug, email):
        return Membership.objects.get(initiative__slug=slug, user__email=email).role

    assert Initiative.objects.get(slug=OTHER).network == main.network
    assert Membership.objects.filter(user__email=roles["Site administrator"]).count() == 0
    assert role_in(MAIN, roles["Backbone administrator"]) == Role.BACKBONE_ADMIN
    assert role_in(MAIN, roles["Backbone staff"]) == Role.BACKBONE_STAFF
    assert role_in(MAIN, roles["Partner editor"]) == Role.PARTNER_EDITOR
    assert role_in(MAIN, roles["Partner member"]) == Role.PARTNER_MEMBER
    assert role_in(MAIN, roles["Observer"]) == Role.OBSERVER
    assert role_in(OTHER, roles["Administrator of another initiative"]) == Role.BACKBONE_ADMIN
    assert not Membership.objects.filter(
        initiative__slug=MAIN, user__email=roles["Administrator of another initiative"]
    ).exists()
    editor = Membership.objects.get(user__email=roles["Partner editor"])
    member = Membership.objects.get(user__email=roles["Partner member"])
    assert editor.partner == member.partner and editor.partner.sector == Sector.COMMUNITY


@pytest.mark.django_db
def test_demo_people_act_for_partners_of_their_own_initiative():
    load_demo()
    main_people = Membership.objects.filter(initiative__slug=MAIN)
    assert main_people.filter(role__in=PARTNER_ROLES).count() >= 15
    assert {m.user.language for m in main_people} == {"fr", "en"}
    for membership in Membership.objects.filter(role__in=PARTNER_ROLES):
        assert membership.partner.initiative_id == membership.initiative_id
    for seat in BodyMember.objects.select_related("body", "partner"):
        assert Membership.objects.filter(user=seat.user, initiative=seat.body.initiative).exists()
        if seat.partner:
            assert seat.partner.initiative_id == seat.body.initiative_id


@pytest.mark.django_db
def test_demo_content_is_written_in_both_languages():
    load_demo()
    for model in (Network, Initiative, GovernanceBody):
        fields = bilingual_fields(model)
        assert "name_fr" in fields and "name_en" in fields
        for record in model.objects.all():
            for name in fields:
                assert getattr(record, name).strip(), f"{model.__name__} {record.pk}: {name}"
    for partner in Partner.objects.all():
        assert partner.description_fr.strip() and partner.description_en.strip(), partner.name_fr
        assert partner.description_fr != partner.description_en


@pytest.mark.django_db
def test_demo_has_a_steering_committee_and_three_action_teams():
    load_demo()
    bodies = GovernanceBody.objects.filter(initiative__slug=MAIN)
    steering = bodies.get(kind=BodyKind.STEERING_COMMITTEE)
    teams = bodies.filter(kind=BodyKind.ACTION_TEAM)
    assert bodies.count() == 4 and teams.count() == 3
    assert 7 <= steering.members.count() <= 10
    steering_sectors = {seat.partner.sector for seat in steering.members.exclude(partner=None)}
    assert len(steering_sectors) >= 4
    assert steering.members.filter(user__email="direction@demo.commun.example").exists()
    for body in [steering, *teams]:
        assert body.members.filter(role="chair").count() == 1, body.name_fr
    for team in teams:
        assert 4 <= team.members.count() <= 6, team.name_fr
    assert BodyMember.objects.filter(term_end__year=2027).exists()
    other = GovernanceBody.objects.filter(initiative__slug=OTHER)
    assert other.get().kind == BodyKind.STEERING_COMMITTEE


@pytest.mark.django_db
def test_the_demo_serves_with_a_background_worker_and_stops_it_with_the_server(monkeypatch):
    """PDFs, chart images and large imports are made by the worker: the demo must run one."""
    from django.core.management import call_command

    from commun.demo.management.commands import demo as demo_command

    class Worker:
        def __init__(self, arguments):
            self.arguments = arguments
            self.running = True

        def terminate(self):
            self.running = False

        def wait(self, timeout):
            return 0

    workers, worker_running_while_serving = [], []

    def start_worker(arguments):
        workers.append(Worker(arguments))
        return workers[-1]

    def call(name, *args, **kwargs):
        if name == "runserver":
            worker_running_while_serving.append(bool(workers) and workers[-1].running)
            return None
        return call_command(name, *args, **kwargs)

    monkeypatch.setattr(demo_command.subprocess, "Popen", start_worker)
    monkeypatch.setattr(demo_command, "call_command", call)
    call_command("demo", port=8123)

    assert [w.arguments[3] for w in workers] == ["db_worker"]
    assert worker_running_while_serving == [True]
    assert not workers[0].running  # stopped with the server


@pytest.mark.django_db
def test_a_printed_login_whose_password_was_changed_opens_again_after_loading():
    load_demo()
    editor = Membership.objects.get(user__email="repondante@demo.commun.example").user
    editor.set_password("something else")
    editor.is_active = False
    editor.save()
    load_demo()
    request = RequestFactory().post("/")
    user = authenticate(request=request, username=editor.email, password=DEMO_PASSWORD)
    assert user == editor
