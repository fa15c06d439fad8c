"""How Commun talks to its database and what it tells browsers, as set in commun/settings.py."""

import os
import subprocess
import sys
import threading

import pytest
from django.db.utils import ConnectionHandler
from django.urls import reverse

from commun import settings as production

HELD = 6  # seconds: longer than SQLite's own wait (5 s) before "database is locked"


@pytest.mark.skipif(
    production.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite's options",
)
def test_on_sqlite_a_writer_waits_for_a_long_import_rather_than_fail(tmp_path, django_db_blocker):
    """One writer holds the database for some seconds (a long import); another one who writes
    meanwhile waits its turn and is written, and readers go on reading."""
    with django_db_blocker.unblock():
        two_writers_and_a_reader(tmp_path)


def two_writers_and_a_reader(tmp_path):
    options = production.DATABASES["default"]["OPTIONS"]
    handler = ConnectionHandler(
        {
            name: {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(tmp_path / "c.sqlite3"),
                "OPTIONS": dict(options),
            }
            for name in ("default", "writer", "reader")
        }
    )
    importer, reader = handler["default"], handler["reader"]
    with importer.cursor() as cursor:
        cursor.execute("CREATE TABLE value (who TEXT)")
    started, outcome = threading.Event(), {}

    def write_meanwhile():
        started.wait(timeout=10)
        writer = handler["writer"]  # a connection of this thread
        try:
            with writer.cursor() as cursor:
                cursor.execute("INSERT INTO value VALUES ('partner')")
            outcome["written"] = True
        except Exception as error:
            outcome["error"] = error
        finally:
            writer.close()

    thread = threading.Thread(target=write_meanwhile)
    thread.start()
    importer.set_autocommit(False)
    with importer.cursor() as cursor:
        cursor.execute("BEGIN IMMEDIATE")
        cursor.execute("INSERT INTO value VALUES ('import')")
        started.set()
        with reader.cursor() as reading:
            reading.execute("SELECT COUNT(*) FROM value")
            assert reading.fetchone() == (0,)  # the import is not seen before it ends
        thread.join(timeout=HELD)
        cursor.execute("COMMIT")
    importer.set_autocommit(True)
    thread.join(timeout=60)
    assert outcome == {"written": True}
    with reader.cursor() as reading:
        reading.execute("SELECT who FROM value ORDER BY who")
        assert reading.fetchall() == [("import",), ("partner",)]
    for connection in (importer, reader):
        connection.close()


def directives(header: str) -> dict[str, list[str]]:
    return {
        name: sources
        for name, *sources in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.django_db
def test_every_kind_of_page_forbids_inline_script_and_eval(people, initiative):
    """A page, a chart page, a page denied (403), a missing one (404), the login page, the API's
    docs and the admin: each carries the policy, and it lets no inline script or eval run."""
    from tests.helpers import client_for

    staff, observer = client_for(people["backbone_staff"]), client_for(people["observer"])
    answers = {
        "home": staff.get(reverse("framework:home", args=[initiative.slug])),
        "chart": staff.get(reverse("measurement:ecosystem", args=[initiative.slug])),
        "denied": observer.get(reverse("framework:history", args=[initiative.slug])),
        "missing": staff.get("/no-such-page/"),
        "login": client_for(None).get("/accounts/login/"),
        "api docs": client_for(None).get("/api/v1/docs"),
        "admin": client_for(None).get("/admin/login/"),
    }
    assert [answers["denied"].status_code, answers["missing"].status_code] == [403, 404]
    for name, response in answers.items():
        policy = directives(response.headers.get("Content-Security-Policy", ""))
        assert policy.get("script-src") == ["'self'"], name
        assert policy.get("style-src") == ["'self'"], name
        assert policy.get("object-src") == ["'none'"], name
        assert policy.get("frame-ancestors") == ["'none'"], name


def production_setting(name: str, **environment: str):
    """A setting as production reads it (DEBUG off), in a fresh interpreter."""
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "x" * 50, **environment}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    code = f"from commun import settings; print(repr(getattr(settings, {name!r}, None)))"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_hsts_preload_is_off_unless_the_operator_asks_for_it():
    """Preloading is hard to undo (browsers ship the list), so it is an opt-in; HSTS itself is on."""
    assert production_setting("SECURE_HSTS_PRELOAD") == "False"
    assert production_setting("SECURE_HSTS_SECONDS") == str(60 * 60 * 24 * 365)
    assert production_setting("SECURE_HSTS_PRELOAD", SECURE_HSTS_PRELOAD="true") == "True"
