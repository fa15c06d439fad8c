"""`commun restore FILE`: put back the database and the uploaded files of a backup."""

from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from commun.backups.archive import BackupError
from commun.backups.backup import restore
from commun.formatting import format_datetime, format_number


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with those of a backup made by "
        "`commun backup` (stop the site first)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The backup file to restore.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace a database that already holds data (otherwise refused).",
        )

    def handle(self, *args, file, replace, **options):
        try:
            restored = restore(file, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        summary = restored.summary
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Restored from %(path)s (made on %(date)s by Commun %(version)s): "
                    "%(rows)s rows in %(tables)s tables, uploaded files: %(files)s."
                )
                % {
                    "path": file,
                    "date": format_datetime(datetime.fromisoformat(summary.created_at)),
                    "version": summary.commun_version,
                    "rows": format_number(summary.rows),
                    "tables": format_number(len(summary.tables)),
                    "files": format_number(summary.files),
                }
            )
        )
        if restored.migrations_to_apply:
            self.stdout.write(
                self.style.WARNING(
                    _("This backup is older than this Commun: run `commun migrate` now.")
                )
            )
