"""`commun import FILE --initiative SLUG --user EMAIL [--profile NAME] [--dry-run]
[--revise REASON]`: a file of values imported by the same path as the import page (same reading,
same checks, all or nothing), for scheduled synchronisations; read with the named import profile,
or with the profile whose columns match the file, as the page does; `--revise`, for backbone
staff, sends revised values over approved ones with a reason. Exit status 1 when anything is
refused (nothing is then written)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commun.access import Action, can, partner_of
from commun.initiatives.models import Initiative
from commun.measurement.columns import HEADER_LINES
from commun.measurement.entry import EntryRejected
from commun.measurement.import_forms import RevisionForm
from commun.measurement.models import ImportJob
from commun.measurement.profiles import apply_profile, matching_profile, profiles_for
from commun.measurement.reading import UnreadableFile, read_table
from commun.measurement.tasks import check_and_write, import_job
from commun.people.models import User


class Command(BaseCommand):
    help = "Import a file of values (CSV or XLSX) into an initiative, as the import page does."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV or XLSX file to import.")
        parser.add_argument("--initiative", required=True, help="The initiative's slug.")
        parser.add_argument(
            "--user",
            required=True,
            help="The e-mail of the person the values are sent by (their partner, or the backbone).",
        )
        parser.add_argument(
            "--profile", help="The import profile to read the file with (its name)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, write nothing."
        )
        parser.add_argument(
            "--revise",
            metavar="REASON",
            default="",
            help="Backbone staff: the file revises approved values, for this reason (kept in "
            "each revised value's history).",
        )

    def handle(self, *args, file, initiative, user, profile, dry_run, revise, **options):
        sender = User.objects.filter(email__iexact=user.strip()).first()
        # Messages in the sender's language, as the import page's are.
        language = sender.language if sender and sender.language else settings.LANGUAGE_CODE
        with translation.override(language):
            job = self.job_for(Path(file), initiative, sender, user)
            self.read_with(job, profile)
            job.revision_reason = self.revision(job, revise)
            if dry_run:
                created, changed, unchanged, totals, missing, problems = self.dry_run(job)
            else:
                job.save()
                import_job(job.pk)
                job.refresh_from_db()
                created, changed, unchanged = job.created, job.changed, job.unchanged
                totals, missing = job.totals_skipped, job.missing
                problems = job.problems if job.status != ImportJob.Status.DONE else []
            if problems:
                for where, message in problems:
                    self.stderr.write(f"{where}: {message}" if where else message)
                raise CommandError(
                    ngettext(
                        "The file was refused: %(count)d problem; nothing was written.",
                        "The file was refused: %(count)d problems; nothing was written.",
                        len(problems),
                    )
                    % {"count": len(problems)}
                )
            counts = _("%(new)d new, %(changed)d changed, %(unchanged)d unchanged") % {
                "new": created,
                "changed": changed,
                "unchanged": unchanged,
            }
            if dry_run:
                counts = _("%(counts)s (dry run: nothing written)") % {"counts": counts}
            self.stdout.write(counts)
            if missing:
                job.missing = dict(missing)
                self.stdout.write(job.missing_summary())
            if totals:
                self.stdout.write(
                    ngettext(
                        "%(count)d totals row skipped.", "%(count)d totals rows skipped.", totals
                    )
                    % {"count": totals}
                )

    def revision(self, job: ImportJob, reason: str | None) -> str:
        """The reason given with --revise, once the sender is known to be backbone staff."""
        if reason is None or reason == "":
            return ""
        if not can(job.created_by, Action.REVIEW_DATA, job.initiative):
            raise CommandError(_("Only backbone staff can revise approved values."))
        form = RevisionForm({"revise": "on", "reason": reason})  # the page's own rule
        if not form.is_valid():
            raise CommandError(
                " ".join(message for messages in form.errors.values() for message in messages)
            )
        return form.reason_given()

    def job_for(self, path: Path, slug: str, sender, email: str) -> ImportJob:
        """An import of the file by the sender, unsaved; CommandError when it cannot be."""
        found = Initiative.objects.filter(slug=slug).first()
        if found is None:
            raise CommandError(_("No initiative is called “%(slug)s”.") % {"slug": slug})
        if sender is None:
            raise CommandError(_("Nobody has the e-mail “%(email)s”.") % {"email": email})
        if not can(sender, Action.ENTER_DATA, found):
            raise CommandError(
                _("%(person)s may not send values to %(initiative)s.")
                % {"person": sender.email, "initiative": found.name}
            )
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("“%(file)s” cannot be read: %(reason)s")
                % {"file": path, "reason": error.strerror}
            ) from None
        return ImportJob(
            initiative=found,
            created_by=sender,
            partner=partner_of(sender, found),
            filename=path.name,
            data=data,
        )

    def read_with(self, job: ImportJob, name: str | None) -> None:
        """Give the job the named profile's mapping, or the profile matching its columns (a
        profile compares a file's first lines only: those alone are read here)."""
        profiles = profiles_for(job.initiative, job.partner)
        if name is not None:
            profiles = profiles.filter(name=name.strip())
            if not profiles:
                raise CommandError(
                    _("No import profile is called “%(name)s” here.") % {"name": name}
                )
        try:
            first_lines = read_table(job.filename, bytes(job.data), max_rows=HEADER_LINES)
        except UnreadableFile as error:
            if name is None:
                return  # said by the import itself
            raise CommandError(str(error)) from None
        matched = matching_profile(first_lines, profiles)
        if matched is None and name is not None:
            raise CommandError(
                _("The file's columns are not those of the profile “%(name)s”.") % {"name": name}
            )
        if matched is not None:
            apply_profile(job, *matched)

    def dry_run(self, job: ImportJob) -> tuple[int, int, int, int, dict, list]:
        """The counts an import would give, or its problems; rolled back either way."""
        try:
            with transaction.atomic():
                parsed, result = check_and_write(job)
                transaction.set_rollback(True)
        except EntryRejected as refused:
            return 0, 0, 0, 0, {}, [[p.where, p.message] for p in refused.problems]
        except UnreadableFile as error:
            return 0, 0, 0, 0, {}, [["", str(error)]]
        counts = result.created, result.changed, result.unchanged, parsed.totals
        return *counts, dict(result.missing), []
