"""Whether a background worker runs, and what pages waiting for one say when none does."""

import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.management.commands import db_worker

from commun import worker
from commun.measurement.models import ImportJob
from commun.worker import note_worker_alive, worker_alive
from tests.helpers import client_for

# The database queue, as in production: someone has to run what it holds.
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
pytestmark = pytest.mark.django_db


@pytest.fixture
def database_queue(settings):
    settings.TASKS = QUEUE


@pytest.mark.usefixtures("database_queue")
def test_a_worker_is_alive_only_within_a_minute_of_its_last_sign(monkeypatch):
    assert not worker_alive()  # never seen
    note_worker_alive()
    assert worker_alive()
    later = time.time() + worker.GONE_AFTER + 1
    monkeypatch.setattr(worker.time, "time", lambda: later)
    assert not worker_alive()


@pytest.mark.usefixtures("database_queue")
def test_commun_db_worker_gives_signs_of_life(monkeypatch):
    # django-tasks-db's worker itself, left out: it would close the test's own connection.
    ran = []
    monkeypatch.setattr(db_worker.Command, "handle", lambda self, *a, **o: ran.append(True))
    assert not worker_alive()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert ran == [True]  # the real worker ran, beside the signs of life
    assert worker_alive()


@pytest.mark.usefixtures("database_queue")
@pytest.mark.parametrize(
    ("language", "says"),
    [("fr", "Aucun processus d'arrière-plan ne tourne"), ("en", "No background worker is running")],
)
def test_a_queued_import_says_when_no_worker_runs(people, initiative, language, says):
    editor = people["partner_editor"]
    editor.language = language
    editor.save(update_fields=["language"])
    job = ImportJob.objects.create(
        initiative=initiative,
        created_by=editor,
        partner=editor.memberships.get(initiative=initiative).partner,
        filename="gros.csv",
        data=b"indicateur;periode;territoire;valeur\n",
        status=ImportJob.Status.QUEUED,
    )
    url = reverse("measurement:import_job", args=[initiative.slug, job.pk])
    client = client_for(editor)
    assert says in client.get(url).content.decode()
    note_worker_alive()
    assert says not in client.get(url).content.decode()
    # Once it runs or is done, the page says no more about workers.
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.DONE)
    worker.cache.clear()
    assert says not in client.get(url).content.decode()


def test_tasks_run_as_they_are_queued_need_no_worker():
    # The tests' own backend runs each task as it is queued.
    assert not worker.cache.get(worker.SEEN_KEY)
    assert worker_alive()
