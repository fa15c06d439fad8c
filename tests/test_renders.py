"""Slow files (PDFs, chart images): made once per content, outside the request, a few per person."""

import threading
import urllib.error
import urllib.request
from unittest import mock

import pytest
from django.test import override_settings
from django.urls import reverse
from django_tasks import default_task_backend

from commun import renders
from commun.agenda.pdf import agenda_pdf
from commun.worker import note_worker_alive
from tests.helpers import client_for

QUEUED = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def pdf_url(initiative, **query):
    url = reverse("agenda:document_pdf", args=[initiative.slug])
    return url + "?" + "&".join(f"{k}={v}" for k, v in {"lang": "fr", **query}.items())


def fake_pdf(**arguments):
    return b"%PDF-1.7 " + arguments["language"].encode()


@pytest.fixture(autouse=True)
def a_worker_runs(request):
    """A background worker is alive (the tests run its tasks themselves), unless a test says
    otherwise."""
    if "no_worker" not in request.keywords:
        note_worker_alive()


def run_queued_renderings():
    for result in list(default_task_backend.results):
        result.task.call(*result.args, **result.kwargs)
    default_task_backend.clear()


def in_language(person, language):
    person.language = language
    person.save(update_fields=["language"])
    return client_for(person)


@override_settings(TASKS=QUEUED)
def test_a_pdf_not_yet_made_shows_a_waiting_page_then_opens(people, initiative):
    client = in_language(people["observer"], "fr")
    url = pdf_url(initiative)

    waiting = client.get(url)
    assert waiting.status_code == 202
    page = waiting.content.decode()
    assert "Votre fichier est en préparation" in page
    assert f'hx-get="{url.replace("&", "&amp;")}"' in page and 'hx-trigger="every 2s"' in page
    assert "<script>" not in page.split("</head>")[1]  # no inline script: a strict CSP holds
    # Someone else asking meanwhile waits for the same rendering.
    again = client_for(people["partner_member"]).get(url)
    assert again.status_code == 202
    assert len(default_task_backend.results) == 1

    run_queued_renderings()
    polled = client.get(url, headers={"HX-Request": "true"})
    assert polled["HX-Redirect"] == url
    opened = client.get(url)
    assert opened["Content-Type"] == "application/pdf"
    assert opened.content.startswith(b"%PDF")


@override_settings(TASKS=QUEUED)
def test_the_waiting_page_is_in_english_for_an_english_reader(people, initiative):
    response = in_language(people["observer"], "en").get(pdf_url(initiative, lang="en"))
    assert response.status_code == 202
    assert "Your file is being prepared" in response.content.decode()


def test_a_failed_rendering_says_so_instead_of_an_error_page(people, initiative):
    client = in_language(people["observer"], "en")
    with mock.patch("commun.agenda.pdf.agenda_pdf", side_effect=RuntimeError("broken font")):
        response = client.get(pdf_url(initiative))
    assert response.status_code == 503
    assert response["Retry-After"] == str(renders.FAILED_FOR)
    assert "The file could not be made." in response.content.decode()
    assert "hx-get" not in response.content.decode()  # it does not poll for ever


@override_settings(TASKS=QUEUED)
def test_the_waiting_page_shows_a_failed_rendering_and_stops_asking(people, initiative):
    client = in_language(people["observer"], "fr")
    url = pdf_url(initiative)
    assert client.get(url).status_code == 202
    with mock.patch("commun.agenda.pdf.agenda_pdf", side_effect=RuntimeError("broken font")):
        run_queued_renderings()
    news = client.get(url, headers={"HX-Request": "true"})
    assert news.status_code == 200  # htmx puts only a 2xx answer in the page
    assert "Le fichier n'a pas pu être produit." in news.content.decode()
    assert "hx-get" not in news.content.decode()


def test_the_same_pdf_asked_by_two_people_is_rendered_once(people, initiative):
    with mock.patch("commun.agenda.pdf.agenda_pdf", wraps=agenda_pdf) as rendered:
        first = client_for(people["observer"]).get(pdf_url(initiative))
        second = client_for(people["partner_member"]).get(pdf_url(initiative))
    assert rendered.call_count == 1
    assert first.content == second.content and first.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    "language, message",
    [
        ("fr", "Vous avez demandé beaucoup de fichiers en peu de temps."),
        ("en", "You have asked for many files in a short time."),
    ],
)
def test_a_person_starts_a_few_renderings_a_minute_then_is_asked_to_wait(
    people, initiative, language, message
):
    client = in_language(people["backbone_staff"], language)
    # Four different files: today's text and version 1, in French and in English.
    urls = [
        pdf_url(initiative, lang=lang, **v) for v in ({}, {"version": 1}) for lang in ["fr", "en"]
    ]
    with mock.patch("commun.agenda.pdf.agenda_pdf", side_effect=fake_pdf) as rendered:
        responses = [client.get(url) for url in urls]
        assert [r.status_code for r in responses] == [200, 200, 200, 429]
        assert rendered.call_count == 3
        refused = responses[-1]
        assert 1 <= int(refused["Retry-After"]) <= 60
        assert message in refused.content.decode()
        # What is made is still served to the person who was refused.
        assert client.get(urls[1]).content == b"%PDF-1.7 en"
        # Another person is not held back by the first one's limit.
        assert client_for(people["observer"]).get(urls[3]).status_code == 200
        assert rendered.call_count == 4


def test_a_cached_pdf_is_still_refused_to_those_who_may_not_see_the_initiative(people, initiative):
    url = pdf_url(initiative)
    with mock.patch("commun.agenda.pdf.agenda_pdf", side_effect=fake_pdf):
        assert client_for(people["observer"]).get(url).status_code == 200
    assert client_for(people["other_initiative_admin"]).get(url).status_code == 403
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


@pytest.mark.concurrency
def test_eight_parallel_requests_for_one_pdf_render_it_once_and_the_site_still_answers(
    live_server, people, initiative
):
    client = client_for(people["observer"])
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    url = live_server.url + pdf_url(initiative)
    started, login_answered = threading.Event(), threading.Event()

    def slow_pdf(**arguments):
        started.set()
        login_answered.wait(timeout=30)  # the rendering lasts until the login page has answered
        return agenda_pdf(**arguments)

    statuses = []

    def ask():
        request = urllib.request.Request(url, headers={"Cookie": cookie})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    with mock.patch("commun.agenda.pdf.agenda_pdf", side_effect=slow_pdf) as rendered:
        askers = [threading.Thread(target=ask) for _ in range(8)]
        for asker in askers:
            asker.start()
        assert started.wait(timeout=60), "no rendering started"
        with urllib.request.urlopen(live_server.url + "/accounts/login/", timeout=30) as login:
            assert login.status == 200
        login_answered.set()
        for asker in askers:
            asker.join(timeout=60)
        assert not any(asker.is_alive() for asker in askers)
        ready = urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookie}))

    assert rendered.call_count == 1
    assert sorted(set(statuses)) in ([200, 202], [200]) and len(statuses) == 8
    assert ready.headers["Content-Type"] == "application/pdf"


@pytest.mark.no_worker
@override_settings(TASKS=QUEUED)
@pytest.mark.parametrize(
    ("language", "says"),
    [("fr", "Aucun processus d'arrière-plan"), ("en", "No background worker is running")],
)
def test_the_waiting_page_says_when_no_worker_runs_to_make_the_file(
    people, initiative, language, says
):
    client = in_language(people["observer"], language)
    url = pdf_url(initiative, lang=language)
    page = client.get(url).content.decode()
    assert says in page
    assert 'hx-trigger="every 2s"' in page  # it goes on asking: a worker may start
    note_worker_alive()
    assert says not in client.get(url, headers={"HX-Request": "true"}).content.decode()
