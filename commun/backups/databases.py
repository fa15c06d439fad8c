"""Copying the database out and back, the way each vendor does it safely.

SQLite: the online backup API (a consistent copy while the site runs, and a restore that replaces
the whole file in one transaction). PostgreSQL: pg_dump in its custom format, from an exported
snapshot so the row counts of the manifest are those of the dump, and pg_restore in a single
transaction, so a failed restore leaves the database as it was.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection, connections, transaction
from django.utils.translation import gettext as _

from commun.backups.archive import BackupError

# Rows `migrate` writes into a new database: a database holding only these is empty.
BOOKKEEPING_TABLES = {"django_migrations", "django_content_type", "auth_permission"}

# libpq's environment variables for the connection options dj-database-url may set.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "options": "PGOPTIONS",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


def vendor() -> str:
    return connection.vendor


def dump_name() -> str:
    return "database.sqlite3" if vendor() == "sqlite" else "database.pgdump"


def dump_database(target: Path) -> dict[str, int]:
    """Copy the database into `target`; return the number of rows of each table in the copy."""
    if vendor() == "sqlite":
        return _dump_sqlite(target)
    if vendor() == "postgresql":
        return _dump_postgresql(target)
    raise BackupError(_("Backups support SQLite and PostgreSQL only."))


def restore_database(source: Path) -> None:
    """Replace the database's whole content with the copy in `source`."""
    connections.close_all()
    if vendor() == "sqlite":
        _restore_sqlite(source)
    else:
        _restore_postgresql(source)
    connections.close_all()


def count_rows(tables=None) -> dict[str, int]:
    """The number of rows of each table of the database (or of `tables`)."""
    with connection.cursor() as cursor:
        names = tables if tables is not None else connection.introspection.table_names(cursor)
        return {name: _count(cursor, name) for name in sorted(names)}


def tables_holding_data() -> list[str]:
    """The tables with rows, other than what `migrate` writes into a new database."""
    with connection.cursor() as cursor:
        names = set(connection.introspection.table_names(cursor)) - BOOKKEEPING_TABLES
        quote = connection.ops.quote_name
        holding = []
        for name in sorted(names):
            cursor.execute(f"SELECT 1 FROM {quote(name)} LIMIT 1")
            if cursor.fetchone() is not None:
                holding.append(name)
        return holding


def _count(cursor, table: str) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
    return cursor.fetchone()[0]


# --- SQLite


def _dump_sqlite(target: Path) -> dict[str, int]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        tables = [
            name
            for (name,) in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: copy.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
            for name in sorted(tables)
        }
    finally:
        copy.close()


def _restore_sqlite(source: Path) -> None:
    connection.ensure_connection()
    copy = sqlite3.connect(source)
    try:
        copy.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(
            _("The database could not be restored (%(error)s); nothing was changed.")
            % {"error": error}
        ) from error
    finally:
        copy.close()


# --- PostgreSQL


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            _(
                "%(program)s was not found: install the PostgreSQL client programs of the "
                "server's major version."
            )
            % {"program": name}
        )
    return found


def libpq_environment(settings: dict) -> dict[str, str]:
    """The connection's parameters for pg_dump and pg_restore, the password never on a command line."""
    environment = dict(os.environ)
    for key, variable in [
        ("NAME", "PGDATABASE"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
    ]:
        if settings.get(key):
            environment[variable] = str(settings[key])
    for option, variable in LIBPQ_OPTIONS.items():
        if settings.get("OPTIONS", {}).get(option):
            environment[variable] = str(settings["OPTIONS"][option])
    return environment


def _run(command: list[str], failure: str) -> None:
    result = subprocess.run(
        command,
        env=libpq_environment(connection.settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(failure % {"error": result.stderr.strip() or result.returncode})


def _dump_postgresql(target: Path) -> dict[str, int]:
    pg_dump = _program("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor:
        # One snapshot for the counts and the dump: the manifest says what the dump holds.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = count_rows()
        _run(
            [
                pg_dump,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ],
            _("pg_dump failed: %(error)s"),
        )
    return counts


def _restore_postgresql(source: Path) -> None:
    _run(
        [
            _program("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ],
        _("pg_restore failed, nothing was changed: %(error)s"),
    )
