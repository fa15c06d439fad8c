"""The access policy, role by role, as the domain expects it (independent of any view)."""

import pytest

from commun.access import Action, can, held_to_own_partner, partner_of
from commun.initiatives.models import Membership, Partner
from commun.initiatives.roles import Role
from commun.people.models import User

Y, N = True, False
# role:                     superuser admin staff editor member observer other-initiative anonymous
EXPECTED = {
    Action.VIEW_PUBLIC_PAGE: (Y, Y, Y, Y, Y, Y, Y, Y),  # the demo initiative is public
    Action.VIEW_INITIATIVE: (Y, Y, Y, Y, Y, Y, N, N),
    Action.VIEW_CONTACTS: (Y, Y, Y, Y, Y, N, N, N),
    Action.MANAGE_PARTNERS: (Y, Y, Y, N, N, N, N, N),
    Action.MANAGE_GOVERNANCE: (Y, Y, Y, N, N, N, N, N),
    Action.VIEW_PEOPLE: (Y, Y, Y, N, N, N, N, N),
    Action.INVITE: (Y, Y, Y, N, N, N, N, N),
    Action.MANAGE_MEMBERSHIPS: (Y, Y, N, N, N, N, N, N),
    Action.VIEW_HISTORY: (Y, Y, Y, N, N, N, N, N),
    Action.EDIT_INITIATIVE: (Y, Y, N, N, N, N, N, N),
    Action.EDIT_AGENDA: (Y, Y, Y, N, N, N, N, N),
    Action.COMMENT_AGENDA: (Y, Y, Y, Y, Y, N, N, N),
    Action.ENDORSE_AGENDA: (Y, N, N, Y, N, N, N, N),
    Action.SCORE_LEVERS: (Y, N, N, Y, N, N, N, N),
    Action.MANAGE_INDICATORS: (Y, Y, Y, N, N, N, N, N),
    Action.ENTER_DATA: (Y, Y, Y, Y, N, N, N, N),
    Action.REVIEW_DATA: (Y, Y, Y, N, N, N, N, N),
    # Who reported what: staff see every partner, a partner's people their own line.
    Action.VIEW_COMPLETENESS: (Y, Y, Y, Y, Y, N, N, N),
    # Without an activity named, a partner editor may declare one (for its own organization).
    Action.EDIT_ACTIVITY: (Y, Y, Y, Y, N, N, N, N),
    Action.MANAGE_JUNCTIONS: (Y, Y, Y, Y, N, N, N, N),
    Action.MANAGE_ACTION_PLAN: (Y, Y, Y, N, N, N, N, N),
    Action.VIEW_ASSESSMENTS: (Y, Y, Y, Y, Y, Y, N, N),
    Action.MANAGE_ASSESSMENTS: (Y, Y, Y, N, N, N, N, N),
}
# Decided per object (tested with their objects): a partner's profile, a round one is asked to.
PER_OBJECT = {Action.EDIT_PARTNER, Action.ANSWER_ASSESSMENT}
ROLES = [
    "superuser",
    "backbone_admin",
    "backbone_staff",
    "partner_editor",
    "partner_member",
    "observer",
    "other_initiative_admin",
    "anonymous",
]


def as_user(people, role):
    from django.contrib.auth.models import AnonymousUser

    return people[role] or AnonymousUser()


@pytest.mark.parametrize("action", list(EXPECTED))
def test_each_role_may_do_what_the_domain_expects(action, people, initiative):
    answers = tuple(can(as_user(people, role), action, initiative) for role in ROLES)
    assert answers == EXPECTED[action]


def test_every_action_has_an_expectation():
    assert set(EXPECTED) | PER_OBJECT == set(Action)


def test_partner_editor_edits_only_their_own_partner(people, initiative):
    editor = people["partner_editor"]
    own = editor.memberships.get(initiative=initiative).partner
    other = Partner.objects.filter(initiative=initiative).exclude(pk=own.pk).first()
    assert can(editor, Action.EDIT_PARTNER, initiative, own)
    assert not can(editor, Action.EDIT_PARTNER, initiative, other)
    assert not can(people["partner_member"], Action.EDIT_PARTNER, initiative, own)
    assert can(people["backbone_staff"], Action.EDIT_PARTNER, initiative, other)


def test_a_partner_editor_changes_only_activities_its_organization_runs(people, initiative):
    from commun.activities.models import Activity

    editor = people["partner_editor"]
    own = editor.memberships.get(initiative=initiative).partner
    shared = Activity.objects.filter(initiative=initiative, partners=own).first()
    foreign = Activity.objects.filter(initiative=initiative).exclude(partners=own).first()
    for action in (Action.EDIT_ACTIVITY, Action.MANAGE_JUNCTIONS):
        assert can(editor, action, initiative, shared)
        assert not can(editor, action, initiative, foreign)
        assert can(people["backbone_staff"], action, initiative, foreign)
        assert not can(people["partner_member"], action, initiative, shared)


def test_a_site_administrator_holding_a_partner_member_role_acts_for_every_partner(
    people, initiative
):
    """Why `held_to_own_partner` is not `partner_of`: a site administrator may edit activities
    whatever their role, and a partner member's role names a partner they are not held to."""
    superuser = people["superuser"]
    partner = Partner.objects.filter(initiative=initiative).first()
    Membership.objects.create(
        user=superuser, initiative=initiative, role=Role.PARTNER_MEMBER, partner=partner
    )
    assert can(superuser, Action.EDIT_ACTIVITY, initiative)
    assert partner_of(superuser, initiative) == partner
    assert held_to_own_partner(superuser, initiative) is None


def test_a_private_initiative_hides_even_its_public_page(people, other_initiative):
    assert not other_initiative.is_public
    from django.contrib.auth.models import AnonymousUser

    assert not can(AnonymousUser(), Action.VIEW_PUBLIC_PAGE, other_initiative)
    assert not can(people["backbone_admin"], Action.VIEW_PUBLIC_PAGE, other_initiative)
    assert can(people["other_initiative_admin"], Action.VIEW_PUBLIC_PAGE, other_initiative)


def test_a_person_with_no_role_sees_nothing_of_an_initiative(initiative):
    stranger = User.objects.create_user("stranger@example.org", "x", full_name="Stranger")
    assert not any(
        can(stranger, action, initiative) for action in Action if action != Action.VIEW_PUBLIC_PAGE
    )


def test_a_denied_page_keeps_the_initiatives_navigation(people, initiative):
    from django.urls import reverse

    from tests.helpers import client_for

    response = client_for(people["observer"]).get(
        reverse("initiatives:history", args=[initiative.slug])
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert 'class="framework"' in html
    assert reverse("initiatives:home", args=[initiative.slug]) in html
    assert initiative.name_fr in html


def test_a_denied_page_of_another_initiative_names_nothing_of_it(people, initiative):
    from django.urls import reverse

    from tests.helpers import client_for

    response = client_for(people["other_initiative_admin"]).get(
        reverse("initiatives:history", args=[initiative.slug])
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert 'class="framework"' not in html
    assert initiative.name_fr not in html and initiative.name_en not in html
