"""A large import's figures, brought up to date just after its values' transaction rather than
inside it: the values are in (and the job done) sooner, and their figures follow within a few
seconds, from the background worker.

In the values' transaction the import marks each period it touched (`FiguresPending`) and queues
the work — the queue is the database, so both commit with the values or not at all. Until the
worker has rebuilt them, pages show the figures as they were and say which periods are being
updated (`pending_periods`); the rebuild is one transaction, so no page ever reads figures half
brought up to date. Imports sent through a page with few rows, the entry grid and the API keep
their figures in the values' transaction (`entry.rebuild_touched`).
"""

from django.db import transaction
from django_tasks import task

from commun.measurement.entry import rebuild_touched
from commun.measurement.models import FiguresPending, Indicator
from commun.measurement.page_cache import figures_changed


def mark_pending_for(job):
    """What `entry.save_batches` does with what it touched, instead of rebuilding the figures:
    mark the periods pending for `job` and queue their rebuild, in the values' transaction."""

    def mark(touched) -> None:
        pairs = sorted({(indicator.pk, period) for indicator, period in touched})
        if not pairs:
            return
        FiguresPending.objects.bulk_create(
            [FiguresPending(indicator_id=i, period=p, job=job) for i, p in pairs],
            ignore_conflicts=True,
        )
        for initiative_id in sorted({indicator.initiative_id for indicator, _p in touched}):
            figures_changed(initiative_id)  # pages now say which periods are being updated
        update_figures_in_background.enqueue([list(pair) for pair in pairs], job.pk)

    return mark


@task()
def update_figures_in_background(pairs: list, job_id: int) -> None:
    update_figures(pairs, job_id)


def update_figures(pairs, job_id: int) -> None:
    """Rebuild the figures of these (indicator id, period) pairs and clear the import's marks,
    in one transaction."""
    with transaction.atomic():
        indicators = Indicator.objects.in_bulk({indicator for indicator, _p in pairs})
        rebuild_touched({(indicators[i], period) for i, period in pairs if i in indicators})
        FiguresPending.objects.filter(job_id=job_id).delete()


def pending_periods(indicators) -> dict[int, list[str]]:
    """{indicator id: [periods whose figures are being brought up to date]} of these
    indicators (one query)."""
    pending = {}
    for indicator, period in (
        FiguresPending.objects.filter(indicator__in=indicators)
        .values_list("indicator_id", "period")
        .distinct()
        .order_by("indicator_id", "period")
    ):
        pending.setdefault(indicator, []).append(period)
    return pending


def pending_of_job(job) -> bool:
    """Whether the import's figures are still being brought up to date."""
    return FiguresPending.objects.filter(job=job).exists()
