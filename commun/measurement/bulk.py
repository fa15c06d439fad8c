"""Fast inserts of many rows: COPY on PostgreSQL, executemany elsewhere.

The ORM's bulk_create builds a model instance and prepares every value through each field; for
the hundreds of thousands of rows an import or a rebuild writes, that costs more than the
database itself. Callers pass plain tuples, in the order of the columns they name.
"""

import gc
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal

from django.db import connection


def sqlite_value(value):
    """A Python value as Django itself stores it in SQLite (text for decimals and dates)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def stored_form():
    """The function that turns a Python value into what the database stores (for
    `insert_rows(prepared=True)`): `sqlite_value` on SQLite; PostgreSQL's driver takes the
    values as they are."""
    return sqlite_value if connection.vendor == "sqlite" else _as_is


def _as_is(value):
    return value


def insert_rows(model, columns: list[str], rows, prepared: bool = False) -> int:
    """Insert `rows` (tuples in the order of `columns`) into the model's table.

    `prepared`: the values are already as the database stores them (see `sqlite_value`)."""
    rows = list(rows)
    if not rows:
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Errors as Django names them (a unique constraint: IntegrityError), as for a query.
            with (
                connection.wrap_database_errors,
                cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})",
                rows if prepared else [tuple(map(sqlite_value, row)) for row in rows],
            )
    return len(rows)


@contextmanager
def collection_paused():
    """No cyclic garbage collection while a file's rows become objects: reading 20,000 rows
    makes some 200,000 objects, none in a cycle, and each automatic collection walks every object
    of the process again. Collection resumes (and runs once) afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
