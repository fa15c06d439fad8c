"""Whether a background worker is alive: `commun db_worker` (this app's own, wrapping
django-tasks-db's) notes it in the cache every BEAT_EVERY seconds, so a page whose work waits for a
worker can say when none is running instead of waiting for ever."""

import time

from django.core.cache import cache

SEEN_KEY = "commun:worker-seen"
BEAT_EVERY = 10  # seconds between two signs of life of a worker
GONE_AFTER = 60  # seconds without one: no worker is running


def note_worker_alive() -> None:
    cache.set(SEEN_KEY, time.time(), timeout=GONE_AFTER * 2)


def worker_alive() -> bool:
    """Whether queued work will run: a worker gave a sign of life within GONE_AFTER seconds, or
    the task backend runs each task as it is queued (no worker needed)."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks.backends.immediate import ImmediateBackend

    if isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], ImmediateBackend):
        return True
    seen = cache.get(SEEN_KEY)
    return seen is not None and time.time() - seen <= GONE_AFTER
