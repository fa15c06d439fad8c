"""Measure what issues 4 and 13 promise, in one run, and print one line per figure:

    P1 dashboard_vs_duckdb 0.83 (target <= 1.0)

P1  the dashboard's server time (the shared-measurement page, as a partner sees it) against
    DuckDB computing the same figures from the raw rows already in memory;
P1  the same page at 10k and at N observations (page time must not grow with the data);
P2  importing a file with full validation, as the background worker does (`tasks.import_job`:
    read, check, write, history, figures, the job's progress) against a raw executemany / COPY of
    the same rows into the same table;
P3, P5  the dashboard and the API under concurrent clients, through gunicorn (`served.py`).
"""

import csv
import io
import statistics
import tempfile
import time
from pathlib import Path

from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from benchmarks.generate import generate, insert_raw
from commun.initiatives.models import Membership
from commun.measurement.figures import main_territory
from commun.measurement.headlines import headlines
from commun.measurement.models import Aggregate, ImportJob, Indicator, Observation
from commun.measurement.page_cache import figures_changed
from commun.measurement.periods import next_period, period_start, shift_period
from commun.measurement.tasks import import_job

REPEATS = 15


def median_seconds(action, repeats=REPEATS) -> float:
    action()  # warm caches, as a page in use would be
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def settle_database() -> None:
    """Bring the freshly filled database to the state a database in use is in: SQLite's
    write-ahead log folded back into the file (SQLite does so by itself every 1,000 pages, but a
    bulk load leaves a large log that every read must search), PostgreSQL's table statistics
    gathered (its autovacuum does so in production; it is off on some machines)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            cursor.execute("ANALYZE")


def dashboard_seconds(initiative) -> tuple[float, float]:
    """(the page just after a change, computing its figures; the page then, from the cache)."""
    member = Membership.objects.filter(initiative=initiative).first().user
    client = Client()
    client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("measurement:overview", args=[initiative.slug])

    def load():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    def after_a_change():
        figures_changed(initiative.pk)
        load()

    return median_seconds(after_a_change), median_seconds(load)


def duckdb_figures(initiative):
    """(seconds, {indicator id: [(period, value)] latest two}) computed by DuckDB in memory."""
    import duckdb

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "observations.csv"
        with connection.cursor() as cursor, path.open("w", newline="") as out:
            cursor.execute(
                "SELECT o.indicator_id, o.period, o.period_start, o.value, o.weight, o.status, "
                "o.entered_at FROM measurement_observation o JOIN measurement_indicator i "
                "ON i.id = o.indicator_id WHERE i.initiative_id = %s",
                [initiative.pk],
            )
            writer = csv.writer(out)
            writer.writerow(
                [
                    "indicator_id",
                    "period",
                    "period_start",
                    "value",
                    "weight",
                    "status",
                    "entered_at",
                ]
            )
            while batch := cursor.fetchmany(50000):
                writer.writerows(batch)
        db = duckdb.connect()
        db.execute(
            f"CREATE TABLE obs AS SELECT * FROM read_csv_auto('{path}', "
            "types={'value': 'DOUBLE', 'weight': 'DOUBLE', 'period': 'VARCHAR'})"
        )
    aggregations = dict(
        Indicator.objects.filter(initiative=initiative).values_list("pk", "aggregation")
    )
    query = """
        WITH per AS (
            SELECT indicator_id, period, period_start,
                   SUM(value) AS s, AVG(value) AS a,
                   SUM(value * COALESCE(weight, 1)) / SUM(COALESCE(weight, 1)) AS w,
                   arg_max(value, entered_at) AS l
            FROM obs WHERE status = 'approved' GROUP BY ALL),
        ranked AS (
            SELECT *, row_number() OVER (PARTITION BY indicator_id ORDER BY period_start DESC) AS r
            FROM per)
        SELECT indicator_id, period, s, a, w, l FROM ranked WHERE r <= 2 ORDER BY 1, period DESC
    """
    result = {}

    def compute():
        result.clear()
        for indicator_id, period, s, a, w, latest in db.execute(query).fetchall():
            value = {"sum": s, "mean": a, "weighted_mean": w, "latest": latest}[
                aggregations[indicator_id]
            ]
            result.setdefault(indicator_id, []).append((period, float(value)))

    seconds = median_seconds(compute)
    return seconds, result


def figures_match(initiative, duck) -> bool:
    lines = headlines(
        Indicator.objects.filter(initiative=initiative), main_territory(initiative), "approved"
    )
    for line in lines:
        expected = duck.get(line.indicator.pk, [])
        if not expected or line.period != expected[0][0]:
            return False
        if line.indicator.aggregation == "latest":
            continue  # ties in entry time make "latest" ambiguous between two engines
        if abs(float(line.value) - expected[0][1]) > 1e-6 * max(1, abs(expected[0][1])):
            return False
    return True


def import_rows_per_second(initiative, rows: int) -> tuple[float, float]:
    """(rows/s through the import with full checks, rows/s with a raw insert) for new rows."""
    indicator = Indicator.objects.get(initiative=initiative, code="people-served")
    partner = indicator.reporting_partners.first()
    last = Observation.objects.filter(indicator=indicator).order_by("-period_start").first().period
    leaves = list(initiative.territories.filter(depth=2).order_by("pk"))
    combos = [(a, g) for a in ("0-17", "18-34", "35-64", "65-plus") for g in ("f", "m")]
    # Random values jump from month to month: each row says why, as the checks require.
    lines = [["indicateur", "période", "territoire", "age", "gender", "valeur", "commentaire"]]
    period = last
    while len(lines) <= rows:
        period = next_period(period, "month")
        for leaf in leaves:
            for a, g in combos:
                lines.append(
                    ["people-served", period, leaf.code, a, g, f"{len(lines) % 37}", "banc d'essai"]
                )
    lines = lines[: rows + 1]
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(lines)
    data = out.getvalue().encode()

    user = Membership.objects.filter(initiative=initiative).first().user
    job = ImportJob.objects.create(
        initiative=initiative, created_by=user, partner=partner, filename="bench.csv", data=data
    )
    started = time.perf_counter()
    import_job(job.pk)
    ours = rows / (time.perf_counter() - started)
    job.refresh_from_db()
    assert (job.status, job.created) == (ImportJob.Status.DONE, rows), job.problems[:3]

    # The same rows, moved to the periods after those just imported, so that both inserts add
    # new periods to the same table (deleting the imported rows first would let the raw insert
    # reuse the pages they freed, on SQLite, or step over their dead entries, on PostgreSQL).
    imported = Observation.objects.filter(indicator=indicator, period__gt=last)
    periods = sorted(set(imported.values_list("period", flat=True)))
    later = {}
    for period in periods:
        moved = shift_period(period, "month", len(periods))
        later[period] = (moved, period_start(moved, "month"))
    raw_rows = [
        (
            o.indicator_id,
            *later[o.period],
            o.territory_id,
            o.breakdown,
            o.partner_id,
            o.value,
            o.weight,
            "",
            "submitted",
            "",
            "import",
            o.entered_at,
        )
        for o in imported
    ]
    started = time.perf_counter()
    with transaction.atomic():
        insert_raw(raw_rows)
    raw = len(raw_rows) / (time.perf_counter() - started)
    return ours, raw


FIGURES = ("P1", "P2", "P3", "P5")


def machine() -> str:
    """What a reader needs to judge a figure: the machine, the versions, how busy it was."""
    import os
    import platform

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            database = f"SQLite {cursor.fetchone()[0]}"
        else:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    return (
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {database}, "
        f"load average {busy()}"
    )


def busy() -> str:
    import os

    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def run(observations: int, out, only=FIGURES) -> None:
    out.write(f"# machine: {machine()}\n")
    if {"P1", "P2"} & set(only):
        out.write(f"# P1, P2: {observations:,} observations\n")
        run_p1_p2(observations, out, only)
    if "P3" in only:
        from benchmarks.served import p3

        p3(observations, out)
    if "P5" in only:
        from benchmarks.served import p5

        p5(out)
    out.write(f"# load average at the end: {busy()}\n")


def run_p1_p2(observations: int, out, only) -> None:
    def say(name, value, target):
        out.write(f"{name} {value:.2f} ({target})\n")
        out.flush()

    started = time.perf_counter()
    small = generate("bench-10k", 10_000)
    large = generate(f"bench-{observations}", observations)
    out.write(
        f"# generated in {time.perf_counter() - started:.0f} s; "
        f"{Observation.objects.filter(indicator__initiative=large).count():,} observations, "
        f"{Aggregate.objects.filter(indicator__initiative=large).count():,} figures\n"
    )
    settle_database()
    if "P1" in only:
        page_large, warm_large = dashboard_seconds(large)
        page_small, _warm = dashboard_seconds(small)
        duck_seconds, duck = duckdb_figures(large)
        out.write(
            f"# dashboard just after a change {page_large * 1000:.1f} ms at {observations:,}, "
            f"{page_small * 1000:.1f} ms at 10k (then from the cache: "
            f"{warm_large * 1000:.1f} ms); DuckDB {duck_seconds * 1000:.1f} ms\n"
        )
        out.write(f"# figures match DuckDB: {'yes' if figures_match(large, duck) else 'NO'}\n")
        say("P1 dashboard_vs_duckdb", page_large / duck_seconds, "target <= 1.0")
        say("P1 dashboard_1m_vs_10k", page_large / page_small, "target <= 1.5")
    if "P2" in only:
        ours, raw = import_rows_per_second(large, rows=min(20_000, max(1000, observations // 50)))
        out.write(f"# import {ours:,.0f} rows/s with full checks; raw insert {raw:,.0f} rows/s\n")
        say("P2 import_vs_raw_insert", ours / raw, "target >= 0.5")
