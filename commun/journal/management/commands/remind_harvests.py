"""`commun remind_harvests`: once per open harvest whose deadline is near, remind those asked who
have not reported. Run it daily (cron, systemd); running it twice sends nothing more."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from commun.journal.harvests import remind_due


class Command(BaseCommand):
    help = "Remind the people asked by a harvest whose deadline is near and who have not reported."

    def handle(self, *args, **options):
        sent = remind_due()
        self.stdout.write(_("%(sent)d harvest reminders sent.") % {"sent": sent})
