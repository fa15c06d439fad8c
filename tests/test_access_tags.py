"""Templates ask the policy one way: `perms_here.<action>`, or `{% may %}` for one object.

Each page below shows a button to exactly the people `access.can` allows, role by role.
"""

import pytest
from django.urls import reverse

from commun.activities.models import Activity
from commun.agenda.models import ExistingAction
from commun.initiatives.models import Partner
from tests.helpers import READERS as ROLES
from tests.helpers import client_for


def shown_to(people, url: str, link: str, roles=ROLES) -> set[str]:
    """The roles (of `roles`, who may all open the page) whose page at `url` holds `link`."""
    shown = set()
    for role in roles:
        response = client_for(people[role]).get(url)
        assert response.status_code == 200, (role, url)
        if link in response.content.decode():
            shown.add(role)
    return shown


STAFF_AND_ABOVE = {"superuser", "backbone_admin", "backbone_staff"}


@pytest.fixture
def editors_partner(people, initiative):
    return people["partner_editor"].memberships.get(initiative=initiative).partner


def test_an_activity_offers_its_edit_button_to_whom_may_edit_that_activity(
    people, initiative, editors_partner
):
    own = Activity.objects.filter(initiative=initiative, partners=editors_partner).first()
    foreign = Activity.objects.filter(initiative=initiative).exclude(partners=editors_partner)[0]
    for activity, editors in [(own, {"partner_editor"}), (foreign, set())]:
        url = reverse("activities:activity", args=[initiative.slug, activity.pk])
        edit = reverse("activities:activity_edit", args=[initiative.slug, activity.pk])
        assert shown_to(people, url, edit) == STAFF_AND_ABOVE | editors


def test_a_partners_page_offers_its_edit_button_to_whom_may_edit_that_partner(
    people, initiative, editors_partner
):
    another = Partner.objects.filter(initiative=initiative).exclude(pk=editors_partner.pk)[0]
    for partner, editors in [(editors_partner, {"partner_editor"}), (another, set())]:
        url = reverse("initiatives:partner", args=[initiative.slug, partner.pk])
        edit = reverse("initiatives:partner_edit", args=[initiative.slug, partner.pk])
        assert shown_to(people, url, edit) == STAFF_AND_ABOVE | editors


def test_existing_actions_are_offered_to_whom_may_make_them_activities(
    people, initiative, editors_partner
):
    another = Partner.objects.filter(initiative=initiative).exclude(pk=editors_partner.pk)[0]
    url = reverse("activities:overview", args=[initiative.slug])
    for partner, editors in [(editors_partner, {"partner_editor"}), (another, set())]:
        existing = ExistingAction.objects.create(
            initiative=initiative, partner=partner, what_fr="Action du répertoire"
        )
        make = reverse("activities:from_existing_action", args=[initiative.slug, existing.pk])
        assert shown_to(people, url, make) == STAFF_AND_ABOVE | editors


def test_page_buttons_follow_the_viewers_permissions(people, initiative):
    slug = initiative.slug
    pages = [
        # (page, the link it offers, to whom)
        ("measurement:overview", "measurement:entry", STAFF_AND_ABOVE | {"partner_editor"}),
        ("measurement:overview", "measurement:review", STAFF_AND_ABOVE),
        (
            "measurement:overview",
            "measurement:completeness",
            STAFF_AND_ABOVE | {"partner_editor", "partner_member"},
        ),
        ("measurement:overview", "measurement:indicator_new", STAFF_AND_ABOVE),
        ("initiatives:partners", "initiatives:partner_new", STAFF_AND_ABOVE),
        ("initiatives:bodies", "initiatives:body_new", STAFF_AND_ABOVE),
        ("team:people", "team:invite", STAFF_AND_ABOVE),
        ("activities:plan", "activities:shared_action_new", STAFF_AND_ABOVE),
        ("assessments:overview", "assessments:round_new", STAFF_AND_ABOVE),
        ("agenda:versions", "agenda:publish", STAFF_AND_ABOVE),
    ]
    for page, link, expected in pages:
        url, target = reverse(page, args=[slug]), reverse(link, args=[slug])
        roles = ROLES if page != "team:people" else sorted(STAFF_AND_ABOVE)  # staff's page
        shown = shown_to(people, url, target, roles)
        assert shown == expected & set(roles), (page, link)


def test_the_score_button_is_for_a_partner_editor_on_the_levers_canvas(people, initiative):
    scores = reverse("agenda:scores", args=[initiative.slug])
    changes = reverse("agenda:canvas", args=[initiative.slug, "changes"])
    vision = reverse("agenda:canvas", args=[initiative.slug, "vision"])
    assert shown_to(people, changes, scores) == {"partner_editor"}
    assert shown_to(people, vision, scores) == set()
