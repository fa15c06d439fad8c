from django.urls import reverse

from commun.initiatives.models import BodyMember, GovernanceBody, Membership, Partner, Sector
from commun.initiatives.roles import Role
from commun.people.models import User
from tests.helpers import client_for


def test_partner_list_filters_by_sector_with_a_partial_for_htmx(people, initiative):
    client = client_for(people["observer"])
    url = reverse("initiatives:partners", args=[initiative.slug])
    response = client.get(url, {"sector": Sector.PUBLIC}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html  # only the rows
    public = Partner.objects.filter(initiative=initiative, sector=Sector.PUBLIC).active()
    community = Partner.objects.filter(initiative=initiative, sector=Sector.COMMUNITY).first()
    assert all(p.name_fr in html for p in public)
    assert community.name_fr not in html


PARTNER_LIST_QUERIES = 5


def test_partner_list_runs_a_fixed_number_of_queries(people, initiative, django_assert_num_queries):
    client = client_for(people["backbone_staff"])
    url = reverse("initiatives:partners", args=[initiative.slug])
    client.get(url)
    with django_assert_num_queries(PARTNER_LIST_QUERIES):
        client.get(url)
    # Thirty more partners, in every sector, with people and seats: the same count.
    body = GovernanceBody.objects.filter(initiative=initiative).first()
    for index in range(30):
        partner = Partner.objects.create(
            initiative=initiative,
            name_fr=f"Organisme {index}",
            sector=Sector.values[index % len(Sector.values)],
        )
        person = User.objects.create_user(email=f"personne{index}@example.org", password=None)
        Membership.objects.create(
            initiative=initiative, user=person, role=Role.PARTNER_MEMBER, partner=partner
        )
        BodyMember.objects.create(body=body, user=person, partner=partner, role="member")
    with django_assert_num_queries(PARTNER_LIST_QUERIES):
        client.get(url)


def test_staff_adds_a_partner(people, initiative):
    client = client_for(people["backbone_staff"])
    response = client.post(
        reverse("initiatives:partner_new", args=[initiative.slug]),
        {
            "name_fr": "Coop de solidarité du quartier",
            "sector": Sector.PRIVATE,
            "joined_on": "2026-01-15",
        },
    )
    assert response.status_code == 302
    assert Partner.objects.filter(
        initiative=initiative, name_fr="Coop de solidarité du quartier"
    ).exists()


def test_a_partner_leaving_before_joining_is_refused_and_nothing_changes(people, initiative):
    partner = Partner.objects.filter(initiative=initiative).first()
    staff = people["backbone_staff"]
    staff.language = "en"
    staff.save(update_fields=["language"])
    client = client_for(staff)
    before = Partner.objects.get(pk=partner.pk)
    response = client.post(
        reverse("initiatives:partner_edit", args=[initiative.slug, partner.pk]),
        {
            "name_fr": "Nouveau nom",
            "sector": partner.sector,
            "joined_on": "2025-05-01",
            "left_on": "2024-01-01",
        },
    )
    assert response.status_code == 200
    assert "cannot leave before it joined" in response.content.decode()
    partner.refresh_from_db()
    assert (partner.name_fr, partner.left_on) == (before.name_fr, before.left_on)


def test_a_duplicate_partner_name_is_refused(people, initiative):
    existing = Partner.objects.filter(initiative=initiative).first()
    client = client_for(people["backbone_admin"])
    count = Partner.objects.count()
    response = client.post(
        reverse("initiatives:partner_new", args=[initiative.slug]),
        {"name_fr": existing.name_fr.upper(), "sector": Sector.PUBLIC, "joined_on": "2026-01-01"},
    )
    assert response.status_code == 200
    assert Partner.objects.count() == count


def test_partner_editor_updates_their_own_profile(people, initiative):
    editor = people["partner_editor"]
    partner = editor.memberships.get(initiative=initiative).partner
    client = client_for(editor)
    response = client.post(
        reverse("initiatives:partner_edit", args=[initiative.slug, partner.pk]),
        {
            "name_fr": partner.name_fr,
            "sector": partner.sector,
            "joined_on": partner.joined_on.isoformat(),
            "contact_phone": "418-555-0199",
        },
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.contact_phone == "418-555-0199"


def test_observers_do_not_see_partner_contacts(people, initiative):
    partner = Partner.objects.filter(initiative=initiative).exclude(contact_email="").first()
    url = reverse("initiatives:partner", args=[initiative.slug, partner.pk])
    assert partner.contact_email not in client_for(people["observer"]).get(url).content.decode()
    assert partner.contact_email in client_for(people["partner_member"]).get(url).content.decode()
