"""`commun db_worker`: django-tasks-db's worker, giving a sign of life every BEAT_EVERY seconds
(`commun.worker.worker_alive`), from a thread of its own."""

import logging
import threading

from django.db import connection
from django_tasks_db.management.commands import db_worker

from commun.worker import BEAT_EVERY, note_worker_alive

logger = logging.getLogger(__name__)


def beat_until(stopped: threading.Event) -> None:
    try:
        while True:
            try:
                note_worker_alive()
            except Exception:
                logger.warning("the worker's sign of life was not written", exc_info=True)
            if stopped.wait(BEAT_EVERY):
                return
    finally:
        connection.close()  # this thread's own, should the cache be a database


class Command(db_worker.Command):
    def handle(self, *args, **options):
        stopped = threading.Event()
        beating = threading.Thread(
            target=beat_until, args=(stopped,), daemon=True, name="worker-heartbeat"
        )
        beating.start()
        try:
            return super().handle(*args, **options)
        finally:
            stopped.set()
