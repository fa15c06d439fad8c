"""The access policy, role by role, as the domain expects it (independent of any view)."""

import pytest

from commun.access import Action, can, held_to_own_partner, partner_of
from commun.initiatives.models import Membership, Partner
from commun.initiatives.roles import Role
from commun.people.models import User
from tests.helpers import ROLES

Y, N = True, False
# role:                     superuser admin staff editor member observer other-initiative anonymous
EXPECTED = {
    Action.VIEW_PUBLIC_PAGE: (Y, Y, Y, Y, Y, Y, Y, Y),  # the demo initiative is public
    Action.VIEW_INITIATIVE: (Y, Y, Y, Y, Y, Y, N, N),
    # Without an indicator named: its page is for every member (OBJECT_RULES decides which one).
    Action.VIEW_INDICATOR: (Y, Y, Y, Y, Y, Y, N, N),
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
    # In a partner's name: a site administrator with no partner may not.
    Action.ENDORSE_AGENDA: (N, N, N, Y, N, N, N, N),
    Action.SCORE_LEVERS: (N, N, N, Y, N, N, N, N),
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
    Action.VIEW_RESULTS: (Y, Y, Y, Y, Y, Y, N, N),
    Action.MANAGE_ASSESSMENTS: (Y, Y, Y, N, N, N, N, N),
    # Governance: without an object, every member may look (observers: at what is published);
    # endorsing, amending and voting are then decided per object (member, attendee, voter).
    Action.VIEW_MEETINGS: (Y, Y, Y, Y, Y, Y, N, N),
    Action.MANAGE_MEETINGS: (Y, Y, Y, N, N, N, N, N),
    Action.ENDORSE_TERMS: (Y, Y, Y, Y, Y, Y, N, N),
    Action.AMEND_MINUTES: (Y, Y, Y, Y, Y, Y, N, N),
    Action.VIEW_DECISIONS: (Y, Y, Y, Y, Y, Y, N, N),
    Action.MANAGE_DECISIONS: (Y, Y, Y, N, N, N, N, N),
    Action.VOTE: (Y, Y, Y, Y, Y, Y, N, N),
    Action.VIEW_COMMUNICATION: (Y, Y, Y, Y, Y, Y, N, N),
    Action.MANAGE_COMMUNICATION: (Y, Y, Y, N, N, N, N, N),
    Action.VIEW_JOURNAL: (Y, Y, Y, Y, Y, Y, N, N),
    Action.REPORT_OUTCOMES: (Y, Y, Y, Y, Y, N, N, N),
    Action.MANAGE_JOURNAL: (Y, Y, Y, N, N, N, N, N),
    Action.VIEW_LEARNING: (Y, Y, Y, Y, Y, Y, N, N),
    Action.MANAGE_LEARNING: (Y, Y, Y, N, N, N, N, N),
}
# Decided per object (tested with their objects): a partner's profile, a round one is asked to.
PER_OBJECT = {Action.EDIT_PARTNER, Action.ANSWER_ASSESSMENT}


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
        reverse("framework:history", args=[initiative.slug])
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert 'class="framework"' in html
    assert reverse("framework:home", args=[initiative.slug]) in html
    assert initiative.name_fr in html


def test_a_denied_page_of_another_initiative_names_nothing_of_it(people, initiative):
    from django.urls import reverse

    from tests.helpers import client_for

    response = client_for(people["other_initiative_admin"]).get(
        reverse("framework:history", args=[initiative.slug])
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert 'class="framework"' not in html
    assert initiative.name_fr not in html and initiative.name_en not in html


# The object rules, role by role (columns as in EXPECTED), on the objects `objects_to_decide` makes.
OBJECT_RULES = [
    (Action.VIEW_INDICATOR, "adopted indicator for partners", (Y, Y, Y, Y, Y, Y, N, N)),
    (Action.VIEW_INDICATOR, "public indicator still a draft", (Y, Y, Y, N, N, N, N, N)),
    (Action.VIEW_INDICATOR, "backbone-only indicator", (Y, Y, Y, N, N, N, N, N)),
    (Action.ENTER_DATA, "import sent by the editor", (Y, Y, Y, Y, N, N, N, N)),
    (Action.ENTER_DATA, "import sent by staff", (Y, Y, Y, N, N, N, N, N)),
    (Action.ENTER_DATA, "API key of the editor's partner", (Y, Y, Y, Y, N, N, N, N)),
    (Action.ENTER_DATA, "API key of another partner", (Y, Y, Y, N, N, N, N, N)),
    # The demo's partner member works for the editor's organization.
    (Action.VIEW_COMPLETENESS, "their partner", (Y, Y, Y, Y, Y, N, N, N)),
    (Action.VIEW_COMPLETENESS, "another partner", (Y, Y, Y, N, N, N, N, N)),
    (Action.VIEW_RESULTS, "open round", (Y, Y, Y, N, N, N, N, N)),
    (Action.VIEW_RESULTS, "closed round", (Y, Y, Y, Y, Y, Y, N, N)),
    (Action.EDIT_ACTIVITY, "existing action of the editor's partner", (Y, Y, Y, Y, N, N, N, N)),
    (Action.EDIT_ACTIVITY, "existing action of another partner", (Y, Y, Y, N, N, N, N, N)),
]


@pytest.fixture
def objects_to_decide(people, initiative):
    from commun.agenda.models import ExistingAction
    from commun.assessments.models import Round
    from commun.measurement.models import ApiToken, ImportJob, Indicator

    editors = people["partner_editor"].memberships.get(initiative=initiative).partner
    assert people["partner_member"].memberships.get(initiative=initiative).partner == editors
    another = Partner.objects.filter(initiative=initiative).exclude(pk=editors.pk).first()

    def indicator(code, status, visibility):
        return Indicator.objects.create(
            initiative=initiative,
            code=code,
            name_fr=code,
            kind="population",
            unit="count",
            direction="up",
            aggregation="sum",
            frequency="year",
            status=status,
            visibility=visibility,
        )

    def job(by, partner):
        return ImportJob.objects.create(
            initiative=initiative, created_by=by, partner=partner, filename="v.csv", data=b""
        )

    def token(partner, key):
        return ApiToken.objects.create(
            initiative=initiative, partner=partner, name=key, prefix=key, key_hash=key
        )

    rounds = list(Round.objects.filter(initiative=initiative))
    return {
        "adopted indicator for partners": indicator("t-partners", "adopted", "partners"),
        "public indicator still a draft": indicator("t-draft", "draft", "public"),
        "backbone-only indicator": indicator("t-backbone", "adopted", "backbone"),
        "import sent by the editor": job(people["partner_editor"], editors),
        "import sent by staff": job(people["backbone_staff"], None),
        "API key of the editor's partner": token(editors, "cmn_own"),
        "API key of another partner": token(another, "cmn_oth"),
        "their partner": editors,
        "another partner": another,
        "open round": next(r for r in rounds if r.is_open),
        "closed round": next(r for r in rounds if not r.is_open),
        "existing action of the editor's partner": ExistingAction.objects.create(
            initiative=initiative, partner=editors, what_fr="Action"
        ),
        "existing action of another partner": ExistingAction.objects.create(
            initiative=initiative, partner=another, what_fr="Action"
        ),
    }


@pytest.mark.parametrize(("action", "name", "expected"), OBJECT_RULES, ids=lambda v: str(v))
def test_each_role_may_act_on_each_object_as_the_domain_expects(
    action, name, expected, people, initiative, objects_to_decide
):
    obj = objects_to_decide[name]
    answers = tuple(can(as_user(people, role), action, initiative, obj) for role in ROLES)
    assert answers == expected


def test_what_a_hiding_rule_refuses_does_not_exist_for_that_person(
    people, initiative, objects_to_decide
):
    """A partner's editor is told another's import is not there (404), not that it is forbidden;
    a partner member, whose role may not send data at all, is refused (403)."""
    from django.http import Http404

    from commun.access import allows_on

    staffs = objects_to_decide["import sent by staff"]
    with pytest.raises(Http404):
        allows_on(people["partner_editor"], Action.ENTER_DATA, initiative, staffs)
    assert allows_on(people["partner_member"], Action.ENTER_DATA, initiative, staffs) is False
    assert allows_on(people["backbone_staff"], Action.ENTER_DATA, initiative, staffs) is True


def test_an_indicator_is_open_exactly_to_whom_the_lists_show_it(people, initiative):
    """The indicator rule and the lists (`indicators_seen`) must agree, role by role."""
    from commun.measurement.figures import visible_indicators
    from commun.measurement.models import Indicator

    indicators = list(Indicator.objects.filter(initiative=initiative))
    assert {i.status for i in indicators} > {"adopted"}  # the demo has more than adopted ones
    for role in ROLES:
        user = as_user(people, role)
        if not can(user, Action.VIEW_INITIATIVE, initiative):
            continue  # the lists are read inside an initiative's pages only
        listed = set(visible_indicators(user, initiative).values_list("pk", flat=True))
        opened = {i.pk for i in indicators if can(user, Action.VIEW_INDICATOR, initiative, i)}
        assert opened == listed, role


def test_whose_lines_each_role_sees_where_every_partners_are_listed(people, initiative):
    """Who reported what, API keys: staff see every partner's (None), a partner's people their
    own organization's."""
    from commun.access import partner_seen

    seen = {role: partner_seen(as_user(people, role), initiative) for role in ROLES}
    own = {
        role: people[role].memberships.get(initiative=initiative).partner
        for role in ("partner_editor", "partner_member")
    }
    assert seen == {
        "superuser": None,
        "backbone_admin": None,
        "backbone_staff": None,
        "partner_editor": own["partner_editor"],
        "partner_member": own["partner_member"],
        "observer": None,
        "other_initiative_admin": None,
        "anonymous": None,
    }
