"""Eight parallel requests for one agenda PDF while someone opens the login page in a loop
(issue 13: heavy endpoints must not starve the site). Against a running server:

    export COMMUN_DATA_DIR=/tmp/bench-pdfs DEBUG=0 HTTPS=0 COMMUN_PLAIN_STATIC=1
    uv run commun demo --no-serve
    .venv/bin/gunicorn commun.wsgi --workers 2 --bind 127.0.0.1:8742 &
    .venv/bin/commun db_worker &
    uv run commun shell -c "from benchmarks.parallel_pdfs import session; session()"
    python3 benchmarks/parallel_pdfs.py http://127.0.0.1:8742 SESSION PATH

Each of the eight asks again every 2 s, as the waiting page does, until it gets the PDF; it
prints how long the eight took and how the login page answered meanwhile. Empty the cache folder
($COMMUN_DATA_DIR/cache) between runs to make the PDF again.
"""

import sys
import threading
import time
import urllib.error
import urllib.request


def session() -> None:
    """Print a partner member's session key and the PDF's path, for the command line above."""
    from django.test import Client
    from django.urls import reverse

    from commun.people.models import User

    client = Client()
    member = User.objects.get(email="membre@demo.commun.example")
    client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
    path = reverse("agenda:document_pdf", args=["table-quartier-saint-roch"]) + "?lang=fr"
    print(client.cookies["sessionid"].value, path)


def get(url: str, headers: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            response.read()
            return response.status, response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, ""


def run(base: str, session_key: str, path: str) -> None:
    done_at = []

    def want_pdf():
        while get(base + path, {"Cookie": f"sessionid={session_key}"})[1] != "application/pdf":
            time.sleep(2)
        done_at.append(time.monotonic())

    start = time.monotonic()
    askers = [threading.Thread(target=want_pdf) for _ in range(8)]
    for asker in askers:
        asker.start()
    latencies = []
    while any(asker.is_alive() for asker in askers):
        asked = time.monotonic()
        assert get(base + "/accounts/login/")[0] == 200
        latencies.append(time.monotonic() - asked)
    elapsed = time.monotonic() - start
    latencies.sort()
    print(
        f"8 PDFs in {max(done_at) - start:.1f} s; login page: {len(latencies)} answers in "
        f"{elapsed:.1f} s = {len(latencies) / elapsed:.0f}/s, median "
        f"{1000 * latencies[len(latencies) // 2]:.0f} ms, slowest {1000 * latencies[-1]:.0f} ms"
    )


if __name__ == "__main__":
    run(*sys.argv[1:4])
