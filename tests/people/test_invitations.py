from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from commun.formatting import format_date
from commun.initiatives.models import Membership, Partner
from commun.initiatives.roles import Role
from commun.people.invitations import InvitationError, accept_invitation, change_role, invite
from commun.people.models import Invitation, User
from tests.helpers import client_for


@pytest.fixture
def partner(initiative):
    return Partner.objects.filter(initiative=initiative).order_by("pk").first()


def test_staff_invites_a_partner_editor_by_email_in_their_language(people, initiative, partner):
    client = client_for(people["backbone_staff"])
    response = client.post(
        reverse("team:invite", args=[initiative.slug]),
        {
            "email": "Nouvelle.Personne@Example.org",
            "full_name": "Nouvelle Personne",
            "role": Role.PARTNER_EDITOR,
            "partner": partner.pk,
            "language": "fr",
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="nouvelle.personne@example.org")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nouvelle.personne@example.org"]
    assert "Invitation à rejoindre" in message.subject
    assert invitation.token in message.body


@pytest.mark.parametrize(
    ("chosen", "subject", "hello", "role"),
    [
        ("fr", "Invitation à rejoindre", "Bonjour,", "« Observateur"),
        ("en", "Invitation to join", "Hello,", "“Observer"),
    ],
)
def test_a_person_without_an_account_is_written_to_in_the_language_chosen_for_them(
    initiative, people, chosen, subject, hello, role
):
    people["backbone_admin"].language = "en" if chosen == "fr" else "fr"  # not the inviter's
    people["backbone_admin"].save(update_fields=["language"])
    invitation = invite(
        initiative,
        by=people["backbone_admin"],
        email="nouvelle@example.org",
        role=Role.OBSERVER,
        language=chosen,
    )
    [message] = mail.outbox
    assert message.subject.startswith(subject)
    assert message.body.startswith(hello)
    assert role in message.body.replace("\u00a0", " ")
    assert initiative.name_fr in message.body or initiative.name_en in message.body
    assert format_date(invitation.expires_at, chosen) in message.body


def test_a_person_with_an_account_is_written_to_in_their_own_language(initiative, people):
    """Someone who already uses Commun in English gets an English e-mail, whatever the language
    the inviter picked for a newcomer."""
    User.objects.create_user("reader@example.org", "x-long-password", full_name="R", language="en")
    invite(
        initiative,
        by=people["backbone_admin"],
        email="Reader@Example.org",
        role=Role.OBSERVER,
        language="fr",
    )
    [message] = mail.outbox
    assert message.subject.startswith("Invitation to join")
    assert message.body.startswith("Hello,")


def test_a_new_person_creates_an_account_from_the_link_and_gets_the_role(
    initiative, people, partner
):
    invitation = invite(
        initiative,
        by=people["backbone_admin"],
        email="jeune@example.org",
        role=Role.PARTNER_MEMBER,
        partner=partner,
    )
    client = client_for(None)
    url = reverse("people:invitation", args=[invitation.token])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "full_name": "Jeune Pousse",
            "new_password1": "un-mot-de-passe-solide",
            "new_password2": "un-mot-de-passe-solide",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="jeune@example.org")
    membership = Membership.objects.get(user=user, initiative=initiative)
    assert (membership.role, membership.partner) == (Role.PARTNER_MEMBER, partner)
    assert client.get(reverse("framework:home", args=[initiative.slug])).status_code == 200


def test_an_expired_link_is_refused_with_a_clear_message_and_changes_nothing(initiative, people):
    invitation = invite(
        initiative, by=people["backbone_admin"], email="tard@example.org", role=Role.OBSERVER
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    client = client_for(None)
    client.cookies.load({"commun_language": "en"})
    url = reverse("people:invitation", args=[invitation.token])
    response = client.post(
        url,
        {
            "full_name": "Tard",
            "new_password1": "un-mot-de-passe-solide",
            "new_password2": "un-mot-de-passe-solide",
        },
    )
    assert response.status_code == 410
    html = response.content.decode()
    assert "expired" in html
    invitation.refresh_from_db()
    assert format_date(invitation.expires_at, "en") in html  # "December 2, 2026", not 2026-12-02
    assert not User.objects.filter(email="tard@example.org").exists()


def test_an_unknown_invitation_link_is_a_404(client, db):
    assert client.get(reverse("people:invitation", args=["not-a-real-token"])).status_code == 404


def test_an_invitation_is_used_only_by_the_invited_address(initiative, people):
    invitation = invite(
        initiative, by=people["backbone_admin"], email="cible@example.org", role=Role.OBSERVER
    )
    with pytest.raises(InvitationError):
        accept_invitation(invitation, people["other_initiative_admin"])
    assert not Membership.objects.filter(
        user=people["other_initiative_admin"], initiative=initiative
    ).exists()


def test_inviting_an_existing_member_is_refused(initiative, people):
    with pytest.raises(InvitationError):
        invite(
            initiative,
            by=people["backbone_admin"],
            email=people["observer"].email,
            role=Role.OBSERVER,
        )


def test_staff_cannot_grant_the_backbone_admin_role(initiative, people):
    client = client_for(people["backbone_staff"])
    response = client.post(
        reverse("team:invite", args=[initiative.slug]),
        {"email": "pouvoir@example.org", "role": Role.BACKBONE_ADMIN, "language": "fr"},
    )
    assert response.status_code == 200
    assert not Invitation.objects.filter(email="pouvoir@example.org").exists()


def test_a_partner_role_needs_its_partner(initiative, people):
    client = client_for(people["backbone_admin"])
    response = client.post(
        reverse("team:invite", args=[initiative.slug]),
        {"email": "sans@example.org", "role": Role.PARTNER_EDITOR, "language": "en"},
    )
    assert response.status_code == 200
    assert "partner" in response.content.decode().lower()
    assert not Invitation.objects.filter(email="sans@example.org").exists()


def test_the_last_backbone_admin_cannot_lose_the_role(initiative):
    admins = Membership.objects.filter(initiative=initiative, role=Role.BACKBONE_ADMIN)
    last = admins.first()
    admins.exclude(pk=last.pk).update(role=Role.BACKBONE_STAFF)
    with pytest.raises(InvitationError):
        change_role(last, Role.OBSERVER, None)
    last.refresh_from_db()
    assert last.role == Role.BACKBONE_ADMIN
