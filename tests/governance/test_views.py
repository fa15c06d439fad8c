"""The role clarification pages, per role: everyone in the initiative reads the matrix; backbone
staff edit it; a form sent unchanged changes nothing; two accountables are refused in the
person's language."""

import pytest
from django.urls import reverse

from commun.activities.models import SharedAction
from commun.agenda.models import Strategy
from commun.governance.models import RoleArea, RoleHolder
from commun.governance.roles import roles_of
from commun.initiatives.models import GovernanceBody, Partner
from commun.people.models import User
from tests.helpers import client_for


def roles_url(initiative, name="governance:roles", *args):
    return reverse(name, args=[initiative.slug, *args])


def form_data(response) -> dict:
    """What the page's form sends as shown: every field with its current value."""
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    name_form = response.context["name_form"]
    if name_form is not None:
        data |= {f"area-{name}": name_form[name].value() or "" for name in name_form.fields}
    return data


@pytest.mark.parametrize(
    "role, status",
    [
        ("backbone_admin", 200),
        ("backbone_staff", 200),
        ("partner_editor", 200),
        ("partner_member", 200),
        ("observer", 200),
        ("other_initiative_admin", 403),
        ("anonymous", 302),
    ],
)
def test_every_member_reads_the_matrix(role, status, people, initiative):
    response = client_for(people[role]).get(roles_url(initiative))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "Budget et embauches de l&#x27;équipe de coordination" in page
        may_edit = role.startswith("backbone")
        assert (roles_url(initiative, "governance:area_new") in page) == may_edit


@pytest.mark.parametrize("role", ["partner_editor", "partner_member", "observer"])
def test_only_backbone_staff_change_roles(role, people, initiative):
    area = RoleArea.objects.filter(initiative=initiative).exclude(area_fr="").first()
    before = roles_of(area)
    client = client_for(people[role])
    for url in (
        roles_url(initiative, "governance:area_new"),
        roles_url(initiative, "governance:area_edit", area.pk),
        roles_url(initiative, "governance:area_delete", area.pk),
    ):
        assert client.post(url, {"area-area_fr": "Autre"}).status_code == 403
    assert roles_of(area) == before and RoleArea.objects.filter(pk=area.pk).exists()


def test_another_initiatives_area_is_not_found(people, initiative, other_initiative):
    area = RoleArea.objects.filter(initiative=initiative).first()
    client = client_for(people["other_initiative_admin"])
    url = reverse("governance:area_edit", args=[other_initiative.slug, area.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_form_sent_unchanged_changes_nothing(language, people, initiative):
    staff = people["backbone_staff"]
    User.objects.filter(pk=staff.pk).update(language=language)
    client = client_for(staff)
    area = RoleArea.objects.filter(initiative=initiative).exclude(area_fr="").first()
    url = roles_url(initiative, "governance:area_edit", area.pk)
    shown = client.get(url)
    history = RoleHolder.history.count(), RoleArea.history.count()
    answer = client.post(url, form_data(shown), follow=True)
    assert (RoleHolder.history.count(), RoleArea.history.count()) == history
    said = str(next(iter(answer.context["messages"])))
    assert said == {"fr": "Rien n'a changé.", "en": "Nothing changed."}[language]


def test_staff_clarify_a_strategy_and_two_accountables_are_refused_in_french(people, initiative):
    staff = people["backbone_staff"]
    User.objects.filter(pk=staff.pk).update(language="fr")
    client = client_for(staff)
    strategy = Strategy.objects.filter(initiative=initiative, role_area__isnull=True).first()
    bodies = list(GovernanceBody.objects.filter(initiative=initiative).order_by("pk")[:2])
    partner = Partner.objects.filter(initiative=initiative).first()
    url = roles_url(initiative, "governance:strategy_roles", strategy.pk)
    page = client.get(url)
    assert page.status_code == 200
    refused = client.post(url, {f"body_{bodies[0].pk}": "A", f"body_{bodies[1].pk}": "A"})
    assert refused.status_code == 200
    assert "Un seul peut être redevable" in refused.content.decode()
    assert not RoleArea.objects.filter(strategy=strategy).exists()
    saved = client.post(
        url, {f"body_{bodies[0].pk}": "A", f"partner_{partner.pk}": "R"}, follow=True
    )
    assert saved.redirect_chain[-1][0] == roles_url(initiative)
    area = RoleArea.objects.get(strategy=strategy)
    assert roles_of(area) == {f"body:{bodies[0].pk}": "A", f"partner:{partner.pk}": "R"}
    assert strategy not in saved.context["matrix"].unclarified_strategies


def test_a_decision_area_needs_its_french_name_and_can_be_removed(people, initiative):
    client = client_for(people["backbone_admin"])
    body = GovernanceBody.objects.filter(initiative=initiative).first()
    url = roles_url(initiative, "governance:area_new")
    nameless = client.post(url, {"area-area_fr": "", f"body_{body.pk}": "A"})
    assert nameless.status_code == 200 and nameless.context["name_form"].errors
    count = RoleArea.objects.count()
    client.post(url, {"area-area_fr": "Choix des porte-parole", f"body_{body.pk}": "A"})
    area = RoleArea.objects.get(area_fr="Choix des porte-parole")
    assert RoleArea.objects.count() == count + 1
    client.post(roles_url(initiative, "governance:area_delete", area.pk))
    assert not RoleArea.objects.filter(pk=area.pk).exists()


def test_an_actions_roles_give_it_its_owner(people, initiative):
    client = client_for(people["backbone_staff"])
    action = SharedAction.objects.filter(
        initiative=initiative, role_area__isnull=True, owner_body__isnull=False
    ).first()
    steering, team = GovernanceBody.objects.filter(initiative=initiative).exclude(
        pk=action.owner_body_id
    )[:2]
    client.post(
        roles_url(initiative, "governance:action_roles", action.pk),
        {f"body_{steering.pk}": "A", f"body_{team.pk}": "R"},
    )
    action.refresh_from_db()
    assert action.owner_body == team
