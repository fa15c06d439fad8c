"""P3 and P5: Commun served the production way — gunicorn, 4 worker processes, DEBUG off, on a
free loopback port, against the benchmark's own database — under concurrent clients.

P3  the dashboard (the shared-measurement overview, as a signed-in partner member sees it) under
    32 concurrent clients, against the login page on the same server: rounds of each in turn
    (dashboard, login, dashboard, login…), a warm-up pair then 5 counted pairs; the ratio of
    their request rates is the median of the pairs' ratios, printed with its min and max.
P5  32 partner systems posting values to the API at once for 30 s (one token per partner, each
    request 100 new values of the same indicator and month as the others'), against one
    system alone before and after; then every accepted value is looked for in the database
    (stored once, with its value, nothing else) and the figures are compared with a
    recomputation.

The clients run in a process of their own (`benchmarks/load.py`) whose CPU time is printed: on
a small machine the client shares the cores with the server, and a client using much of a core
would make every rate a rate of the client.
"""

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from http.client import HTTPConnection
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse

from benchmarks.generate import generate
from benchmarks.load import month
from benchmarks.run import settle_database
from commun.initiatives.models import Membership, Partner, Sector
from commun.measurement.aggregation import rebuild
from commun.measurement.models import Aggregate, Indicator, Observation
from commun.measurement.page_cache import figures_changed
from commun.measurement.tokens import create_token

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 4
CLIENTS = 32
P3_OBSERVATIONS = 100_000  # the dashboard reads figures only: its cost does not grow with this
P3_PAIRS, P3_SECONDS, P3_WARM_UP_SECONDS = 5, 6.0, 2.0
P5_SECONDS, P5_ALONE_SECONDS = 30.0, 8.0
P5_FIRST_MONTH = "2031-01"  # writers send months no one has sent yet
MONTHS_EACH = 360  # the writer alone: 100 months of warm-up, twice 360, to 2099


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    port: int
    log: Path

    def get(self, path: str, cookie: str = "") -> tuple[int, bytes]:
        connection = HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            answer = connection.getresponse()
            return answer.status, answer.read()
        finally:
            connection.close()


@contextmanager
def gunicorn(folder: str):
    """gunicorn serving Commun on a free loopback port, as the README runs it in production."""
    port, log = free_port(), Path(folder) / "gunicorn.log"
    env = {
        **os.environ,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": settings.SECRET_KEY,  # the sessions the benchmark opens must be valid
        "DEBUG": "0",
        "HTTPS": "0",
    }
    command = [sys.executable, "-m", "gunicorn", "commun.wsgi", "--workers", str(WORKERS)]
    command += ["--bind", f"127.0.0.1:{port}", "--error-logfile", str(log)]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    server = Server(port, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if server.get(reverse("people:login"))[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start: see {log}")
            time.sleep(0.2)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def load(server: Server, clients: list[dict], seconds: float) -> dict:
    """What the load client (a process of its own) measured: see benchmarks/load.py."""
    return run_load_client(
        {"host": "127.0.0.1", "port": server.port, "seconds": seconds, "clients": clients}
    )


def run_load_client(spec: dict) -> dict:
    """Run benchmarks/load.py in a process of its own with `spec`; what it measured."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.load"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(done.stdout)


@dataclass
class Round:
    """One run of the load client, summed up."""

    rate: float  # answers as expected, per second
    p50: float  # seconds
    p95: float
    errors: int
    client_cpu: float  # the client's CPU time over the wall time (1.0: one core)
    refused: dict  # the first answer of each unexpected status

    @classmethod
    def of(cls, result: dict) -> "Round":
        latencies = sorted(t for c in result["clients"] for t in c["latencies"])
        errors = sum(c["errors"] for c in result["clients"])
        refused = {}
        for c in result["clients"]:
            refused |= c["refused"]
        return cls(
            rate=(len(latencies) - errors) / result["wall"],
            p50=percentile(latencies, 0.5),
            p95=percentile(latencies, 0.95),
            errors=errors,
            client_cpu=result["cpu"] / result["wall"],
            refused=refused,
        )


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(share * len(values)))]


def session_cookie(user) -> str:
    """A cookie signed in as `user`, as after logging in (the session is in the database)."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} (min {min(values):.2f}, max {max(values):.2f})"


def describe(name: str, rounds: list[Round]) -> str:
    return (
        f"{name} {statistics.median(r.rate for r in rounds):,.0f} req/s, "
        f"p50 {statistics.median(r.p50 for r in rounds) * 1000:.0f} ms, "
        f"p95 {statistics.median(r.p95 for r in rounds) * 1000:.0f} ms "
        f"(worst {max(r.p95 for r in rounds) * 1000:.0f} ms), "
        f"{sum(r.errors for r in rounds)} errors; "
        f"load client {statistics.median(r.client_cpu for r in rounds):.0%} of a core"
    )


def p3(observations: int, out) -> None:
    initiative = generate("bench-load", min(observations, P3_OBSERVATIONS))
    settle_database()
    member = Membership.objects.filter(initiative=initiative).first().user
    cookies = [session_cookie(member) for _ in range(CLIENTS)]
    dashboard = reverse("measurement:overview", args=[initiative.slug])
    login = reverse("people:login")
    with tempfile.TemporaryDirectory() as folder, gunicorn(folder) as server:
        status, body = server.get(dashboard, cookies[0])
        if status != 200 or b"indicator-cards" not in body:
            raise RuntimeError(f"the dashboard answered {status}: see {server.log}")

        def clients(path, signed_in):
            return [
                {"requests": [{"path": path, "headers": {"Cookie": cookie} if signed_in else {}}]}
                for cookie in cookies
            ]

        # Warm-up: every worker process loads its code and templates (not counted).
        for path, signed_in in ((dashboard, True), (login, False)):
            load(server, clients(path, signed_in), P3_WARM_UP_SECONDS)
        cold, warm = [], []
        for _ in range(9):
            figures_changed(initiative.pk)  # as after a value is sent: nothing cached applies
            for times in (cold, warm):
                started = time.perf_counter()
                server.get(dashboard, cookies[0])
                times.append(time.perf_counter() - started)
        out.write(
            f"# P3 one client alone: dashboard {statistics.median(cold) * 1000:.1f} ms just "
            f"after a change, {statistics.median(warm) * 1000:.1f} ms then; "
            f"{Observation.objects.filter(indicator__initiative=initiative).count():,} "
            f"observations, {WORKERS} gunicorn workers\n"
        )
        rounds = {"dashboard": [], "login": []}
        for _pair in range(P3_PAIRS):
            rounds["dashboard"].append(Round.of(load(server, clients(dashboard, True), P3_SECONDS)))
            rounds["login"].append(Round.of(load(server, clients(login, False), P3_SECONDS)))
    ratios = [d.rate / s.rate for d, s in zip(rounds["dashboard"], rounds["login"], strict=True)]
    out.write(f"# P3 {CLIENTS} clients, {P3_PAIRS} pairs of {P3_SECONDS:.0f} s rounds\n")
    for name in rounds:
        out.write(f"# P3 {describe(name, rounds[name])}\n")
        for status, body in {k: v for r in rounds[name] for k, v in r.refused.items()}.items():
            out.write(f"# P3 {name} answered {status}: {body[:200]!r}\n")
    p95 = [r.p95 * 1000 for r in rounds["dashboard"]]
    errors = sum(r.errors for name in rounds for r in rounds[name])
    out.write(
        f"P3 dashboard_vs_login {spread(ratios)} (target >= 0.4; dashboard p95 "
        f"{statistics.median(p95):.0f} ms, worst round {max(p95):.0f}, target <= 300; "
        f"errors {errors}, target 0)\n"
    )
    out.flush()


def writers_initiative(observations: int = 10_000):
    """An initiative where 33 partners report the same monthly indicator on 100 territories,
    with one API token each; the first partner is the one writing alone."""
    initiative = generate("bench-writers", observations)
    workshops = Indicator.objects.get(initiative=initiative, code="workshops")
    # What an earlier run wrote goes, and its figures with it: every run writes new values.
    Observation.objects.filter(indicator=workshops, period__gte=P5_FIRST_MONTH).delete()
    Aggregate.objects.filter(indicator=workshops, period__gte=P5_FIRST_MONTH).delete()
    settle_database()
    partners = list(Partner.objects.filter(initiative=initiative).order_by("pk"))
    for number in range(len(partners), CLIENTS + 1):
        partners.append(
            Partner.objects.create(
                initiative=initiative, name_fr=f"Organisme {number}", sector=Sector.COMMUNITY
            )
        )
    workshops.reporting_partners.set(partners)
    places = list(initiative.territories.filter(depth=2).order_by("pk").values_list("code", "pk"))
    keys = [create_token(initiative, partner, "banc d'essai", None)[1] for partner in partners]
    return workshops, partners, places, keys


def value_of(writer: int, place: int) -> int:
    return (7 * writer + place) % 50


def writer(key: str, number: int, places, first_month: str) -> dict:
    """A partner's system: each request sends its 100 territories' values for the next month."""
    body = {
        "observations": [
            {
                "indicator": "workshops",
                "period": "{period}",
                "territory": code,
                "value": value_of(number, place),
                "comment": "banc d'essai",
            }
            for place, (code, _pk) in enumerate(places)
        ]
    }
    request = {
        "method": "POST",
        "path": "/api/v1/observations",
        "headers": {"Authorization": f"Bearer {key}"},
        "body": body,
    }
    # One month per request, never past 2100, the last year Commun measures.
    return {"requests": [request], "months_from": first_month, "max_requests": MONTHS_EACH}


def accepted_months(result: dict) -> list[list[str]]:
    return [client["accepted"] for client in result["clients"]]


def p5(out) -> None:
    workshops, partners, places, keys = writers_initiative()
    with tempfile.TemporaryDirectory() as folder, gunicorn(folder) as server:
        sent = {number: [] for number in range(len(partners))}  # writer → accepted months
        alone, together = [], None
        # Warm-up: every worker process loads its code (not counted; months of their own).
        warm_up = [
            writer(keys[0], 0, places, month(P5_FIRST_MONTH, 25 * n)) | {"max_requests": 25}
            for n in range(WORKERS)
        ]
        warmed = load(server, warm_up, P3_WARM_UP_SECONDS)
        for months in accepted_months(warmed):
            sent[0] += months
        first = month(P5_FIRST_MONTH, 25 * WORKERS)
        for phase in ("alone", "together", "alone"):
            if phase == "alone":
                result = load(server, [writer(keys[0], 0, places, first)], P5_ALONE_SECONDS)
                sent[0] += accepted_months(result)[0]
                first = month(first, result["clients"][0]["sent"])
                alone.append((Round.of(result), result))
            else:
                clients = [
                    writer(keys[n], n, places, P5_FIRST_MONTH) for n in range(1, CLIENTS + 1)
                ]
                result = load(server, clients, P5_SECONDS)
                for number, months in enumerate(accepted_months(result), start=1):
                    sent[number] += months
                together = (Round.of(result), result)
    stored_once, figures_right = check_writes(workshops, partners, places, sent)

    def values_per_second(result) -> float:
        return sum(c["said"].get("created", 0) for c in result["clients"]) / result["wall"]

    singles = [values_per_second(result) for _round, result in alone]
    one, many = statistics.mean(singles), values_per_second(together[1])
    errors = together[0].errors + sum(r.errors for r, _result in alone)
    errors += Round.of(warmed).errors
    out.write(
        f"# P5 one writer: {singles[0]:,.0f} values/s before, {singles[1]:,.0f} after "
        f"({len(places)} values per request; p95 {max(r.p95 for r, _ in alone) * 1000:.0f} ms)\n"
        f"# P5 {CLIENTS} writers for {P5_SECONDS:.0f} s: {many:,.0f} values/s "
        f"({together[0].rate:.1f} requests/s, p50 {together[0].p50 * 1000:.0f} ms, "
        f"p95 {together[0].p95 * 1000:.0f} ms); load client {together[0].client_cpu:.0%} of a core\n"
        f"# P5 {sum(len(m) for m in sent.values()) * len(places):,} values accepted; "
        f"each stored once, with its value, nothing else: {'yes' if stored_once else 'NO'}; "
        f"figures equal a recomputation: {'yes' if figures_right else 'NO'}\n"
    )
    for status, body in {
        k: v
        for r in [Round.of(warmed), together[0]] + [r for r, _ in alone]
        for k, v in r.refused.items()
    }.items():
        out.write(f"# P5 answered {status}: {body[:200]!r}\n")
    out.write(
        f"P5 writers_{CLIENTS}_vs_1 {many / one:.2f} (errors {errors}, target 0; "
        f"every value stored once: {'yes' if stored_once else 'NO'})\n"
    )
    out.flush()


def check_writes(indicator, partners, places, sent) -> tuple[bool, bool]:
    """(every accepted value is stored once with its value and nothing else is,
    the stored figures of the months written equal a recomputation from the values)."""
    expected = {
        (partners[number].pk, period, pk): value_of(number, place)
        for number, months in sent.items()
        for period in months
        for place, (_code, pk) in enumerate(places)
    }
    stored = list(
        Observation.objects.filter(indicator=indicator, period__gte=P5_FIRST_MONTH).values_list(
            "partner_id", "period", "territory_id", "value"
        )
    )
    found = {(partner, period, place): value for partner, period, place, value in stored}
    stored_once = len(stored) == len(found) == len(expected) and all(
        found.get(key) == value for key, value in expected.items()
    )
    periods = sorted({period for _partner, period, _place in expected})

    def figures():
        return {
            (row.period, row.territory_id, row.breakdown, row.scope): row.value
            for row in Aggregate.objects.filter(indicator=indicator, period__in=periods)
        }

    before = figures()
    rebuild(indicator, periods)
    return stored_once, before == figures()
