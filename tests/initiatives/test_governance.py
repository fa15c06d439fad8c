from django.urls import reverse

from commun.initiatives.models import BodyKind, BodyMember, GovernanceBody, Membership
from tests.helpers import client_for


def test_a_bilingual_initiative_needs_the_mandate_in_both_languages(people, initiative):
    client = client_for(people["backbone_staff"])
    client.cookies.load({"commun_language": "fr"})
    count = GovernanceBody.objects.count()
    response = client.post(
        reverse("initiatives:body_new", args=[initiative.slug]),
        {
            "kind": BodyKind.WORKING_GROUP,
            "name_fr": "Chantier mobilité",
            "mandate_fr": "Améliorer le transport.",
            "created_on": "2026-02-01",
        },
    )
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.content.decode()
    assert GovernanceBody.objects.count() == count


def test_staff_creates_a_body_and_seats_a_member(people, initiative):
    client = client_for(people["backbone_staff"])
    response = client.post(
        reverse("initiatives:body_new", args=[initiative.slug]),
        {
            "kind": BodyKind.WORKING_GROUP,
            "name_fr": "Chantier mobilité",
            "name_en": "Mobility working group",
            "mandate_fr": "Améliorer le transport collectif.",
            "mandate_en": "Improve public transit.",
            "created_on": "2026-02-01",
        },
    )
    body = GovernanceBody.objects.get(initiative=initiative, name_fr="Chantier mobilité")
    assert response.status_code == 302
    person = (
        Membership.objects.filter(initiative=initiative)
        .exclude(user__body_seats__body=body)
        .first()
        .user
    )
    response = client.post(
        reverse("initiatives:body_member_add", args=[initiative.slug, body.pk]),
        {"user": person.pk, "role": "chair", "term_start": "2026-02-01", "term_end": "2025-01-01"},
    )
    assert response.status_code == 200  # the term ends before it starts
    assert not BodyMember.objects.filter(body=body).exists()
    response = client.post(
        reverse("initiatives:body_member_add", args=[initiative.slug, body.pk]),
        {"user": person.pk, "role": "chair", "term_start": "2026-02-01"},
    )
    assert response.status_code == 302
    assert BodyMember.objects.filter(body=body, user=person).exists()


def test_a_person_from_another_initiative_cannot_be_seated(people, initiative):
    body = GovernanceBody.objects.filter(initiative=initiative).first()
    stranger = people["other_initiative_admin"]
    response = client_for(people["backbone_admin"]).post(
        reverse("initiatives:body_member_add", args=[initiative.slug, body.pk]),
        {"user": stranger.pk, "role": "member", "term_start": "2026-02-01"},
    )
    assert response.status_code == 200
    assert not BodyMember.objects.filter(body=body, user=stranger).exists()
