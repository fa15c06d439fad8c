"""Imports run here, outside the request, when a file is large; the job row shows the progress.

A running import gives a sign of life (`heartbeat_at`) every HEARTBEAT_EVERY seconds, from a
thread of its own, the writing included. One without any for DEAD_AFTER seconds was stopped with
its worker (killed, restarted, out of memory): it is marked failed when its page asks for news
or when a worker starts an import, and can be queued again; its writing, one transaction, left
nothing behind.
"""

import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from commun.access import Action, can
from commun.measurement.bulk import collection_paused
from commun.measurement.entry import EntryRejected, SaveResult, save_batches, sent_status
from commun.measurement.figures_later import mark_pending_for
from commun.measurement.imports import parse_job
from commun.measurement.models import ImportJob, Observation
from commun.measurement.parsing import Parsed
from commun.measurement.reading import UnreadableFile

logger = logging.getLogger(__name__)

# Files with more rows than this are imported by the background worker.
BACKGROUND_FROM_ROWS = 1000
PROGRESS_EVERY = 0.5  # seconds
HEARTBEAT_EVERY = 10  # seconds between two signs of life of a running import
DEAD_AFTER = 60  # seconds without a sign of life: the worker running the import has died

INTERRUPTED = gettext_lazy(
    "The import stopped before the end (the worker was interrupted); nothing was written. "
    "Send it again."
)


def import_job(job_id: int, figures_later: bool = False) -> None:
    """Check then write every row of the job's file, or nothing; record the outcome on the job,
    its problems in the language of the person who sent the file (a worker has no request).
    `figures_later`: the figures are brought up to date after the values' transaction, by the
    worker (`figures_later.py`), as for every file the worker imports."""
    fail_dead_jobs()  # those a worker that died was running
    job = ImportJob.objects.select_related("initiative", "created_by", "partner").get(pk=job_id)
    language = job.created_by.language or settings.LANGUAGE_CODE
    # No garbage collection until the job is done: a file's rows make some 200,000 objects, and
    # a collection while they are alive walks the whole process (`bulk.collection_paused`).
    with translation.override(language), Heartbeat(lambda: beat(job.pk)), collection_paused():
        _import(job, figures_later)


def beat(job_id: int) -> None:
    ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING).update(
        heartbeat_at=timezone.now()
    )


class Heartbeat:
    """Calls `beat()` every `every` seconds, from a thread with its own database connection,
    while the block runs (the import's own connection is inside one long transaction)."""

    def __init__(self, beat, every: float | None = None):
        self.beat, self.every = beat, HEARTBEAT_EVERY if every is None else every
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True, name="import-heartbeat")

    def run(self):
        try:
            while not self.stopped.wait(self.every):
                try:
                    self.beat()
                except Exception:
                    logger.warning("an import's sign of life was not written", exc_info=True)
        finally:
            connection.close()  # this thread's own

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *_exc):
        self.stopped.set()
        self.thread.join(timeout=self.every + 5)


def fail_dead_jobs(job_ids=None) -> int:
    """Mark failed, to be sent again, the running imports (among `job_ids`, None: all) that gave
    no sign of life for DEAD_AFTER seconds; how many there were."""
    cutoff = timezone.now() - timedelta(seconds=DEAD_AFTER)
    dead = (
        ImportJob.objects.filter(status=ImportJob.Status.RUNNING)
        .alias(seen=Coalesce("heartbeat_at", "created_at"))
        .filter(seen__lt=cutoff)
        .select_related("created_by")
        .only("pk", "heartbeat_at", "created_by__language")
    )
    if job_ids is not None:
        dead = dead.filter(pk__in=list(job_ids))
    failed = 0
    for job in dead:
        with translation.override(job.created_by.language or settings.LANGUAGE_CODE):
            message = str(INTERRUPTED)
        # Unless it gave a sign of life meanwhile.
        failed += ImportJob.objects.filter(
            pk=job.pk, status=ImportJob.Status.RUNNING, heartbeat_at=job.heartbeat_at
        ).update(
            status=ImportJob.Status.FAILED,
            problems=[["", message]],
            progress=100,
            retryable=True,
            finished_at=timezone.now(),
        )
    if failed:
        logger.warning("%d import(s) stopped with their worker: marked failed", failed)
    return failed


def check_and_write(
    job: ImportJob, progress=None, figures_later: bool = False
) -> tuple[Parsed, SaveResult]:
    """Read the job's file, check every row, write them all (or raise EntryRejected or
    UnreadableFile, nothing written): the one path of every import, page or command. Its
    revision reason counts only when backbone staff sent it: anyone else's leaves approved
    values locked."""
    staff = can(job.created_by, Action.REVIEW_DATA, job.initiative)
    with collection_paused():  # nested in an import's own: it resumes when the import is done
        _table, _header, _mapping, parsed = parse_job(job, staff=staff)
        result = save_batches(
            parsed.batches,
            by=job.created_by,
            provenance=Observation.Provenance.IMPORT,
            status=sent_status(job.partner),
            problems=parsed.problems,
            progress=progress,
            revision=job.revision_reason if staff else "",
            figures=mark_pending_for(job) if figures_later else None,
        )
    result.unchanged += parsed.as_shown
    return parsed, result


def _import(job: ImportJob, figures_later: bool) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, progress=1, heartbeat_at=timezone.now()
    )

    shown = [time.monotonic()]

    def progress(done, total):
        # The page asks every second: a write each PROGRESS_EVERY seconds is enough, and each one
        # is a commit (a file of 20,000 rows has some 25 batches).
        if time.monotonic() - shown[0] >= PROGRESS_EVERY:
            ImportJob.objects.filter(pk=job.pk).update(
                progress=max(1, min(99, 100 * done // total)), heartbeat_at=timezone.now()
            )
            shown[0] = time.monotonic()

    try:
        parsed, result = check_and_write(job, progress, figures_later)
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
        _fail(
            job,
            [["", _("An unexpected error stopped the import: nothing was written.")]],
            retryable=True,
        )
        return
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE,
        progress=100,
        rows=parsed.rows,
        created=result.created,
        changed=result.changed,
        unchanged=result.unchanged,
        totals_skipped=parsed.totals,
        missing=dict(sorted(result.missing.items())),
        problems=[],
        finished_at=timezone.now(),
    )


def _fail(job: ImportJob, problems: list, retryable: bool = False) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FAILED,
        problems=problems,
        progress=100,
        retryable=retryable,
        finished_at=timezone.now(),
    )


@task()
def import_in_background(job_id: int) -> None:
    import_job(job_id, figures_later=True)


def start_import(job: ImportJob, rows: int) -> None:
    """Import now when the file is small; otherwise queue it for the background worker."""
    if rows > BACKGROUND_FROM_ROWS:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
        transaction.on_commit(lambda: import_in_background.enqueue(job.pk))
    else:
        import_job(job.pk)


def retry_import(job: ImportJob) -> bool:
    """Queue again, for the background worker, an import that stopped for a reason other than
    its rows (its worker died, an unexpected error); whether it was queued."""
    queued = ImportJob.objects.filter(
        pk=job.pk, status=ImportJob.Status.FAILED, retryable=True
    ).update(
        status=ImportJob.Status.QUEUED,
        progress=0,
        problems=[],
        retryable=False,
        heartbeat_at=None,
        finished_at=None,
    )
    if queued:
        transaction.on_commit(lambda: import_in_background.enqueue(job.pk))
    return bool(queued)
