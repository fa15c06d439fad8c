"""Inviting people into an initiative: send an expiring link, accept it, manage roles."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from commun.formatting import format_date
from commun.initiatives.models import Initiative, Membership, Partner
from commun.initiatives.roles import Role
from commun.mail import email, send_later
from commun.people.models import Invitation, User


class InvitationError(Exception):
    """A translated reason why an invitation cannot be sent or accepted."""


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("people:invitation", args=[invitation.token])


def invite(
    initiative: Initiative,
    by: User,
    email: str,
    role: str,
    partner: Partner | None = None,
    full_name: str = "",
    language: str = settings.LANGUAGE_CODE,
) -> Invitation:
    """Record an invitation and e-mail its link, in the invited person's language."""
    email = email.strip().lower()
    if Membership.objects.filter(initiative=initiative, user__email__iexact=email).exists():
        raise InvitationError(
            _("%(email)s is already a member of this initiative.") % {"email": email}
        )
    with transaction.atomic():
        # A new invitation replaces any pending one for the same address.
        Invitation.objects.filter(
            initiative=initiative, email=email, accepted_at__isnull=True
        ).delete()
        invitation = Invitation.objects.create(
            initiative=initiative,
            email=email,
            full_name=full_name,
            role=role,
            partner=partner if role in {Role.PARTNER_EDITOR, Role.PARTNER_MEMBER} else None,
            language=language,
            invited_by=by,
        )
    send_invitation_email(invitation)
    return invitation


def recipient_language(invitation: Invitation) -> str:
    """The invited person's own language when they have an account, else the one chosen for them
    by the person inviting."""
    account = User.objects.filter(email__iexact=invitation.email).values_list("language", flat=True)
    return account.first() or invitation.language or settings.LANGUAGE_CODE


def send_invitation_email(invitation: Invitation) -> None:
    """The invitation's link by e-mail, written in the language of the person who receives it."""
    with translation.override(recipient_language(invitation)):
        context = {
            "invitation": invitation,
            "initiative": invitation.initiative,
            "url": invitation_url(invitation),
            "role": invitation.get_role_display(),
        }
        subject = _("Invitation to join %(initiative)s on Commun") % {
            "initiative": invitation.initiative.name
        }
        body = render_to_string("people/email/invitation.txt", context)
    send_later([email(subject, body, [invitation.email])])


def check_invitation(invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise InvitationError(_("This invitation has already been used."))
    if invitation.is_expired:
        raise InvitationError(
            _("This invitation expired on %(date)s. Ask the backbone team to send a new one.")
            % {"date": format_date(invitation.expires_at)}
        )


@transaction.atomic
def accept_invitation(invitation: Invitation, user: User) -> Membership:
    """Give `user` the invited role; the account must use the invited e-mail address."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    check_invitation(invitation)
    if user.email.lower() != invitation.email.lower():
        raise InvitationError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email}
        )
    if Membership.objects.filter(initiative=invitation.initiative, user=user).exists():
        raise InvitationError(_("You are already a member of this initiative."))
    membership = Membership.objects.create(
        user=user,
        initiative=invitation.initiative,
        role=invitation.role,
        partner=invitation.partner,
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def create_account_and_accept(invitation: Invitation, full_name: str, password: str) -> User:
    check_invitation(invitation)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationError(_("An account already uses this e-mail address: log in to accept."))
    user = User.objects.create_user(
        invitation.email, password, full_name=full_name, language=invitation.language
    )
    accept_invitation(invitation, user)
    return user


def remaining_admins(initiative: Initiative, without: Membership) -> int:
    return (
        Membership.objects.filter(initiative=initiative, role=Role.BACKBONE_ADMIN)
        .exclude(pk=without.pk)
        .count()
    )


def change_role(membership: Membership, role: str, partner: Partner | None) -> Membership:
    """Change someone's role; an initiative always keeps at least one backbone administrator."""
    # Read the stored role: a bound ModelForm has already changed the instance in memory.
    stored_role = Membership.objects.values_list("role", flat=True).get(pk=membership.pk)
    if (
        stored_role == Role.BACKBONE_ADMIN
        and role != Role.BACKBONE_ADMIN
        and remaining_admins(membership.initiative, membership) == 0
    ):
        raise InvitationError(_("An initiative needs at least one backbone administrator."))
    stored_partner = Membership.objects.values_list("partner_id", flat=True).get(pk=membership.pk)
    if (stored_role, stored_partner) == (role, partner.pk if partner else None):
        return membership  # nothing changed: no history entry
    membership.role, membership.partner = role, partner
    membership.save()
    return membership


def remove_member(membership: Membership) -> None:
    if (
        membership.role == Role.BACKBONE_ADMIN
        and remaining_admins(membership.initiative, membership) == 0
    ):
        raise InvitationError(_("An initiative needs at least one backbone administrator."))
    membership.delete()
