"""`commun backup FILE`: the database and the uploaded files in one file, while the site runs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from commun.backups.archive import BackupError
from commun.backups.backup import back_up
from commun.formatting import format_number


class Command(BaseCommand):
    help = "Write the database and the uploaded files into FILE (safe while the site runs)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The backup file to write, e.g. commun.tar.gz.")

    def handle(self, *args, file, **options):
        try:
            summary = back_up(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(
                _("The backup could not be written (%(error)s); %(path)s was left as it was.")
                % {"error": error, "path": file}
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Backup written to %(path)s: %(rows)s rows in %(tables)s tables, "
                    "uploaded files: %(files)s."
                )
                % {
                    "path": file,
                    "rows": format_number(summary.rows),
                    "tables": format_number(len(summary.tables)),
                    "files": format_number(summary.files),
                }
            )
        )
