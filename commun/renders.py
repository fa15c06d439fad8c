"""Slow files (the agenda as a PDF, charts as images): made once for each content, by the
background worker, a few a minute per person.

A file is cached under a key drawn from everything it is made of (the renderer's arguments) and
from the code that makes it, so a change of content gives a new key and nothing is ever cleared
by hand. On a miss, the request claims the key (a marker, so that parallel requests for the same
file wait for one rendering instead of starting their own), queues the rendering and answers a
page that asks again every 2 s; the worker renders and caches the file, and the page opens it.
Starting a rendering counts against the person's limit (RATE); serving a cached file never does.
django-ratelimit counts in the default cache; it is not an installed app, whose only part is a
system check refusing caches without atomic increments (the file cache): a burst from one person
may start a few more than RATE, which the worker still renders one after the other.
"""

import functools
import hashlib
import importlib.metadata
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django_ratelimit.core import get_usage
from django_tasks import task

from commun.people.lockout import client_address
from commun.worker import worker_alive

logger = logging.getLogger(__name__)

RATE = "3/m"  # renderings one person may start (files already made are always served)
PENDING_FOR = 5 * 60  # seconds a claimed rendering may take before another request queues it again
FAILED_FOR = 60  # seconds a failed rendering is reported before it may be tried again
POLL_EVERY = 2  # seconds between two questions of the waiting page
MADE_WITH = ("weasyprint", "vl-convert-python", "django")  # libraries that shape the output


@dataclass(frozen=True)
class Rendering:
    """A file to make: `renderer(**arguments)` (a plain function returning bytes, by its dotted
    path), its type and the name it is downloaded under, and what the waiting page calls it."""

    renderer: str
    arguments: dict
    content_type: str
    filename: str
    label: str

    @functools.cached_property
    def normalized_arguments(self) -> dict:
        # What the task queue stores (JSON), so the worker renders exactly what was hashed.
        return json.loads(json.dumps(self.arguments, cls=DjangoJSONEncoder))

    @functools.cached_property
    def key(self) -> str:
        made_of = [self.renderer, self.normalized_arguments, code_version()]
        text = json.dumps(made_of, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


def file_key(key: str) -> str:
    return f"render:file:{key}"


def pending_key(key: str) -> str:
    return f"render:pending:{key}"


def failed_key(key: str) -> str:
    return f"render:failed:{key}"


@functools.cache
def code_version() -> str:
    """A digest of the code, templates, styles and translations of this installation and of the
    libraries that draw: a new release renders every file again, once."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*")):
        if path.suffix in {".py", ".html", ".css", ".mo"} and path.is_file():
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    for name in MADE_WITH:
        digest.update(f"{name}=={importlib.metadata.version(name)}".encode())
    return digest.hexdigest()


def serve(request, rendering: Rendering, context: dict) -> HttpResponse:
    """The file if it is made; otherwise a page that waits for it (its rendering queued once,
    within the person's limit), says it failed, or says to come back later (429)."""
    data = cache.get(file_key(rendering.key))
    if data is not None:
        return ready(request, rendering, data)
    context = {**context, "rendering": rendering, "poll_every": POLL_EVERY}
    if cache.get(failed_key(rendering.key)):
        return failed(request, context)
    if cache.add(pending_key(rendering.key), True, PENDING_FOR):
        # Only the request that claims the rendering counts against the person's limit.
        usage = get_usage(request, group="renders", key=person, rate=RATE, increment=True)
        if usage and usage["should_limit"]:
            cache.delete(pending_key(rendering.key))
            return too_many(request, context, usage["time_left"])
        render_in_background.enqueue(
            rendering.renderer, rendering.key, rendering.normalized_arguments
        )
        data = cache.get(file_key(rendering.key))  # already there when tasks run at once
        if data is not None:
            return ready(request, rendering, data)
        if cache.get(failed_key(rendering.key)):
            return failed(request, context)
    return waiting_page(request, context, status=202)


def person(group, request) -> str:
    """Whose renderings are counted: the signed-in person, or the address of an anonymous one."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"address:{client_address(request)}"


def ready(request, rendering: Rendering, data: bytes) -> HttpResponse:
    if request.htmx:
        # The waiting page asked: it opens the file itself.
        response = HttpResponse(status=200)
        response["HX-Redirect"] = request.get_full_path()
        return response
    response = HttpResponse(data, content_type=rendering.content_type)
    response["Content-Disposition"] = f'inline; filename="{rendering.filename}"'
    return response


def waiting_page(request, context: dict, status: int) -> HttpResponse:
    template = "renders/partials/progress.html" if request.htmx else "renders/waiting.html"
    return render(request, template, {**context, "no_worker": not worker_alive()}, status=status)


def failed(request, context: dict) -> HttpResponse:
    response = waiting_page(request, {**context, "failed": True}, status=answered(request, 503))
    response["Retry-After"] = str(FAILED_FOR)
    return response


def too_many(request, context: dict, seconds: int) -> HttpResponse:
    seconds = max(1, int(seconds))
    context = {**context, "limited": True, "seconds": seconds}
    response = waiting_page(request, context, status=answered(request, 429))
    response["Retry-After"] = str(seconds)
    return response


def answered(request, status: int) -> int:
    # htmx puts only a 2xx answer in the page: the waiting page's question gets its news as 200.
    return 200 if request.htmx else status


def make_file(renderer: str, key: str, arguments: dict) -> None:
    """Render and cache the file (once: a second task for the same key finds it made); a failure
    is logged and reported to the waiting page for FAILED_FOR seconds."""
    try:
        if cache.get(file_key(key)) is not None:
            return
        if not renderer.startswith("commun."):
            raise ValueError(f"not a renderer of Commun: {renderer}")
        data = import_string(renderer)(**arguments)
        cache.set(file_key(key), data)
    except Exception:
        logger.exception("rendering %s (%s) failed", renderer, key)
        cache.set(failed_key(key), True, FAILED_FOR)
    finally:
        cache.delete(pending_key(key))


@task()
def render_in_background(renderer: str, key: str, arguments: dict) -> None:
    make_file(renderer, key, arguments)
