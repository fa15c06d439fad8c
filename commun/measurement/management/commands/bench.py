"""`commun bench`: the shared-measurement benchmarks (see benchmarks/run.py), one line per figure.

Runs in a database of its own (a fresh SQLite file by default, or `--database URL`, e.g. a
throw-away PostgreSQL database), never in the local data folder's database.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

CHILD = "COMMUN_BENCH_CHILD"


class Command(BaseCommand):
    help = "Measure dashboard, import and API speed (prints P1, P2, P3 and P5 lines)."

    def add_arguments(self, parser):
        parser.add_argument("--observations", type=int, default=1_000_000)
        parser.add_argument("--database", default="", help="a DATABASE_URL to run in")
        parser.add_argument(
            "--only", default="P1,P2,P3,P5", help="the figures to measure, e.g. P3,P5"
        )
        parser.add_argument(
            "--pairs", type=int, default=5, help="counted pairs of P1 and P2, after a warm-up"
        )

    def handle(self, *args, observations, database, only, pairs, **options):
        wanted = [name.strip().upper() for name in only.split(",") if name.strip()]
        if os.environ.get(CHILD):
            sys.path.insert(0, str(Path(settings.BASE_DIR).parent))
            from benchmarks.run import FIGURES, run

            unknown = sorted(set(wanted) - set(FIGURES))
            if unknown:
                raise CommandError(f"Unknown figures: {', '.join(unknown)} (known: {FIGURES}).")
            call_command("migrate", verbosity=0, interactive=False)
            run(observations, self.stdout, wanted, pairs)
            return
        with tempfile.TemporaryDirectory() as folder:
            Path(folder, "static").mkdir()
            env = {
                **os.environ,
                CHILD: "1",
                "COMMUN_DATA_DIR": folder,
                "DATABASE_URL": database or f"sqlite:///{folder}/bench.sqlite3",
                "ALLOWED_HOSTS": "testserver",
                "HTTPS": "0",
                "DEBUG": "0",
                "COMMUN_PLAIN_STATIC": "1",
            }
            command = [
                sys.executable,
                "-m",
                "commun.cli",
                "bench",
                f"--observations={observations}",
                f"--only={','.join(wanted)}",
                f"--pairs={pairs}",
            ]
            raise SystemExit(subprocess.call(command, env=env))
