from django.urls import reverse

from commun.initiatives.history import recent_changes
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
    # Two queries per tracked model (8 models), the labels, and the page's own.
    with django_assert_max_num_queries(31):
        client.get(url)


def test_the_latest_change_comes_first_with_its_old_and_new_values(people, initiative):

    partner = Partner.objects.filter(initiative=initiative).order_by("pk").first()
    old_phone = partner.contact_phone or "—"
    partner.contact_phone = "418-555-0199"
    partner.save()

    latest = recent_changes(initiative)[0]
    assert (latest.label, latest.created) == (partner.name_fr, False)
    assert [(c.old, c.new) for c in latest.changes] == [(old_phone, "418-555-0199")]


def test_creations_are_folded_so_changes_stand_out(people, initiative):
    entries = recent_changes(initiative)
    created = sum(1 for entry in entries if entry.created and entry.changes)
    client = client_for(people["backbone_staff"])
    html = client.get(reverse("initiatives:history", args=[initiative.slug])).content.decode()
    assert created > 0
    assert html.count("<details>") == created
