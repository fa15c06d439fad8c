"""Imports run here, outside the request, when a file is large; the job row shows the progress."""

import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from commun.access import Action, can
from commun.measurement.bulk import collection_paused
from commun.measurement.entry import EntryRejected, save_batches, sent_status
from commun.measurement.imports import (
    UnreadableFile,
    dimension_headers,
    find_header,
    parse,
    read_table,
)
from commun.measurement.models import ImportJob, Observation

logger = logging.getLogger(__name__)

# Files with more rows than this are imported by the background worker.
BACKGROUND_FROM_ROWS = 1000
PROGRESS_EVERY = 0.5  # seconds


def parse_job(job: ImportJob):
    """(table, header index, mapping, parsed rows) of the job's file, with the job's own mapping."""
    table = read_table(job.filename, bytes(job.data))
    header, mapping = find_header(table, dimension_headers(job.initiative))
    chosen = {k: int(v) for k, v in job.mapping.items() if str(v).isdigit()}
    mapping = {**mapping, **chosen}
    staff = can(job.created_by, Action.REVIEW_DATA, job.initiative)
    parsed = parse(
        table, header, mapping, initiative=job.initiative, partner=job.partner, staff=staff
    )
    return table, header, mapping, parsed


def import_job(job_id: int) -> None:
    """Check then write every row of the job's file, or nothing; record the outcome on the job,
    its problems in the language of the person who sent the file (a worker has no request)."""
    job = ImportJob.objects.select_related("initiative", "created_by", "partner").get(pk=job_id)
    with translation.override(job.created_by.language or settings.LANGUAGE_CODE):
        _import(job)


def _import(job: ImportJob) -> None:
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, progress=1)

    shown = [time.monotonic()]

    def progress(done, total):
        # The page asks every second: a write each PROGRESS_EVERY seconds is enough, and each one
        # is a commit (a file of 20,000 rows has some 25 batches).
        if time.monotonic() - shown[0] >= PROGRESS_EVERY:
            ImportJob.objects.filter(pk=job.pk).update(
                progress=max(1, min(99, 100 * done // total))
            )
            shown[0] = time.monotonic()

    try:
        with collection_paused():
            _table, _header, _mapping, parsed = parse_job(job)
            result = save_batches(
                parsed.batches,
                by=job.created_by,
                provenance=Observation.Provenance.IMPORT,
                status=sent_status(job.partner),
                problems=parsed.problems,
                progress=progress,
            )
    except (EntryRejected, UnreadableFile) as error:
        problems = (
            [[p.where, p.message] for p in error.problems]
            if isinstance(error, EntryRejected)
            else [["", str(error)]]
        )
        _fail(job, problems)
        return
    except Exception:
        logger.exception("import job %s stopped", job.pk)
        _fail(job, [["", _("An unexpected error stopped the import: nothing was written.")]])
        return
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE,
        progress=100,
        rows=parsed.rows,
        created=result.created,
        changed=result.changed,
        unchanged=result.unchanged,
        problems=[],
        finished_at=timezone.now(),
    )


def _fail(job: ImportJob, problems: list) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FAILED, problems=problems, progress=100, finished_at=timezone.now()
    )


@task()
def import_in_background(job_id: int) -> None:
    import_job(job_id)


def start_import(job: ImportJob, rows: int) -> None:
    """Import now when the file is small; otherwise queue it for the background worker."""
    if rows > BACKGROUND_FROM_ROWS:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
        transaction.on_commit(lambda: import_in_background.enqueue(job.pk))
    else:
        import_job(job.pk)
