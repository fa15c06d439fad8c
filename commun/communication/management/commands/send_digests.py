"""`commun send_digests`: e-mail each person the digest they chose, when it is due (cron: every
hour; a daily digest goes once a day, a weekly one once a week; running it again sends nothing)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from commun.communication.digests import send_digests


class Command(BaseCommand):
    help = "E-mail each person the daily or weekly digest of what concerns them, when due."

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(_("Digests sent: %(count)d") % {"count": sent})
