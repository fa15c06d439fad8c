"""How Commun talks to its database, as set in commun/settings.py."""

import threading

import pytest
from django.db.utils import ConnectionHandler

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
