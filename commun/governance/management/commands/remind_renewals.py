"""`commun remind_renewals`: e-mail the terms ending soon (run daily by cron; idempotent)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from commun.governance.renewals import send_renewal_reminders


class Command(BaseCommand):
    help = "E-mail members and backbone staff about terms on governance bodies ending soon."

    def handle(self, *args, **options):
        reminded = send_renewal_reminders()
        self.stdout.write(_("Terms reminded: %(count)d") % {"count": reminded})
