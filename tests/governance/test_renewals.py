"""Reminders of terms ending soon: to the member and the backbone staff, each in their language,
sent once per term however often the command runs."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from commun.governance.models import RenewalReminder
from commun.governance.renewals import send_renewal_reminders
from commun.governance.rules import terms_of
from commun.initiatives.models import BodyMember, GovernanceBody


@pytest.mark.django_db
def test_a_term_ending_soon_is_reminded_once(initiative):
    BodyMember.objects.update(term_end=None)
    body = GovernanceBody.objects.get(initiative=initiative, name_fr="Chantier logement")
    terms = terms_of(body)
    terms.renewal_notice_days = 30
    terms.save()
    member = BodyMember.objects.filter(body=body).select_related("user").first()
    member.user.language = "en"
    member.user.save()
    BodyMember.objects.filter(pk=member.pk).update(
        term_end=timezone.localdate() + timedelta(days=10)
    )
    mail.outbox.clear()
    call_command("remind_renewals")
    to_member = [m for m in mail.outbox if m.to == [member.user.email]]
    assert len(to_member) == 1 and "ends on" in to_member[0].subject
    assert "Your term on" in to_member[0].body
    assert len(mail.outbox) > 1  # the backbone staff too
    assert any("se termine" in m.subject for m in mail.outbox)  # a French-speaking staff member
    sent = len(mail.outbox)
    assert send_renewal_reminders() == 0
    assert len(mail.outbox) == sent
    assert RenewalReminder.objects.filter(member=member).count() == 1
    # A renewed term that ends soon again is reminded again.
    BodyMember.objects.filter(pk=member.pk).update(
        term_end=timezone.localdate() + timedelta(days=5)
    )
    assert send_renewal_reminders() == 1
