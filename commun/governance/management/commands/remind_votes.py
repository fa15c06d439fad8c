"""`commun remind_votes`: close the decisions whose time has come, and remind the members who
have not voted on those closing within 24 hours (once each). Run it hourly (cron, systemd)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from commun.governance.decision_reminders import remind_closing_soon
from commun.governance.decisions import close_due_decisions


class Command(BaseCommand):
    help = "Close decisions past their closing time; remind members who have not voted."

    def handle(self, *args, **options):
        closed = close_due_decisions()
        sent = remind_closing_soon()
        self.stdout.write(
            _("%(closed)d decisions closed, %(sent)d reminders sent.")
            % {"closed": closed, "sent": sent}
        )
