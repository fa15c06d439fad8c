"""Reminders of members' terms ending soon: an e-mail to the member and to the backbone staff,
sent once per term (`RenewalReminder` remembers), by `commun remind_renewals` run daily."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from commun.formatting.dates import format_date
from commun.governance.models import RenewalReminder
from commun.governance.terms import due_renewals
from commun.initiatives.models import BodyMember, GovernanceBody, Membership
from commun.initiatives.roles import BACKBONE_ROLES
from commun.mail import email, send_later


def send_renewal_reminders(day: date | None = None) -> int:
    """E-mail every term ending within its body's notice that was not yet reminded; returns how
    many terms were reminded. Run again, it sends nothing new."""
    day = day or timezone.localdate()
    reminded = 0
    for body in GovernanceBody.objects.select_related("initiative").order_by("pk"):
        for member in due_renewals(body, day):
            with transaction.atomic():
                _reminder, created = RenewalReminder.objects.get_or_create(
                    member=member, term_end=member.term_end
                )
                if created:
                    send_reminder(member)
                    reminded += 1
    return reminded


def send_reminder(member: BodyMember) -> None:
    """One e-mail per recipient (the member, the initiative's backbone staff), each in the
    recipient's language, in plain text."""
    body = member.body
    staff = [
        m.user
        for m in Membership.objects.filter(
            initiative=body.initiative, role__in=BACKBONE_ROLES
        ).select_related("user")
    ]
    url = settings.SITE_URL + reverse("governance:terms", args=[body.initiative.slug, body.pk])
    recipients = {person.pk: person for person in [member.user, *staff] if person.email}
    for person in recipients.values():
        with translation.override(person.language or settings.LANGUAGE_CODE):
            context = {
                "person": person,
                "member": member,
                "body_name": body.name,
                "initiative": body.initiative,
                "end": format_date(member.term_end),
                "url": url,
                "is_member": person.pk == member.user_id,
            }
            subject = _("The term of %(person)s on %(body)s ends on %(date)s") % {
                "person": member.user.full_name,
                "body": body.name,
                "date": context["end"],
            }
            text = render_to_string("governance/email/renewal.txt", context)
        send_later([email(subject, text, [person.email])])
