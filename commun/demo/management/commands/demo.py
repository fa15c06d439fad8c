"""`commun demo`: create the local database, load the demo initiative, print the logins, serve
(with a background worker beside the server, for what is made outside requests)."""

import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Create the local database, load the bilingual demo initiative and serve it."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on (8000).")
        parser.add_argument("--no-serve", action="store_true", help="Load the demo, do not serve.")

    def handle(self, *args, port, no_serve, **options):
        from commun.demo.loader import load_demo

        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        logins = load_demo()
        url = f"http://127.0.0.1:{port}/"
        self.stdout.write(self.style.SUCCESS(_("The demo initiative is ready.")))
        self.stdout.write(_("Database: %(db)s") % {"db": settings.DATABASES["default"]["NAME"]})
        self.stdout.write(_("Open %(url)s and log in as:") % {"url": url})
        role_width = max(len(_(login.role)) for login in logins)
        email_width = max(len(login.email) for login in logins)
        for login in logins:
            self.stdout.write(
                f"  {_(login.role):<{role_width}}  {login.email:<{email_width}}  {login.password}"
            )
        if not no_serve:
            serve_with_worker(self, port)


def serve_with_worker(command: BaseCommand, port: int) -> None:
    """Serve the demo with `commun db_worker` running beside it: large imports, PDFs and chart
    images are made by the worker, and would wait for ever without one."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "commun.cli", "db_worker", "--no-reload", "--no-startup-delay"]
    )
    command.stdout.write(
        _("A background worker runs beside the server (large imports, PDFs, chart images).")
    )
    # Stopped by its service manager or a terminal closing (SIGTERM) as by Ctrl-C: stop the worker.
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
    finally:
        signal.signal(signal.SIGTERM, previous)
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
