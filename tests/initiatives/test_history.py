from django.urls import reverse

from commun.initiatives.models import Partner
from tests.helpers import client_for


def test_staff_see_who_changed_what_and_when(people, initiative):
    staff = people["backbone_staff"]
    client = client_for(staff)
    partner = Partner.objects.filter(initiative=initiative).first()
    client.post(
        reverse("initiatives:partner_edit", args=[initiative.slug, partner.pk]),
        {
            "name_fr": partner.name_fr,
            "sector": partner.sector,
            "joined_on": partner.joined_on.isoformat(),
            "contact_phone": "418-555-0142",
        },
    )
    html = client.get(reverse("initiatives:history", args=[initiative.slug])).content.decode()
    assert staff.full_name in html
    assert "418-555-0142" in html


def test_history_page_runs_a_fixed_number_of_queries(
    people, initiative, django_assert_max_num_queries
):
    client = client_for(people["backbone_admin"])
    url = reverse("initiatives:history", args=[initiative.slug])
    with django_assert_max_num_queries(25):
        client.get(url)
