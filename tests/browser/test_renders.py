"""A chart image someone else is already making: the page waits for it, then opens it by itself."""

import threading
import urllib.request
from unittest import mock

import pytest
from django.urls import reverse

from commun.demo.cast import DEMO_PASSWORD
from commun.initiatives.models import Initiative
from commun.measurement.chart_images import chart_png
from commun.measurement.figures import visible_indicators
from commun.people.models import User
from tests.browser.conftest import DESKTOP, check_accessibility, log_in, screenshot
from tests.helpers import MAIN, PARTNER_EDITOR_EMAIL, client_for


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_waiting_page_opens_the_image_when_it_is_made(demo, live_server, new_context):
    initiative = Initiative.objects.get(slug=MAIN)
    member = User.objects.get(email="membre@demo.commun.example")
    editor = User.objects.get(email=PARTNER_EDITOR_EMAIL)
    editor.language = "fr"
    editor.save(update_fields=["language"])
    indicator = visible_indicators(member, initiative).first()
    url = live_server.url + reverse("measurement:indicator_png", args=[MAIN, indicator.code])
    started, release = threading.Event(), threading.Event()

    def slow_png(**arguments):
        started.set()
        release.wait(timeout=60)
        return chart_png(**arguments)

    with mock.patch("commun.measurement.chart_images.chart_png", side_effect=slow_png) as drawn:
        # Another person asked first: their request is making the image.
        cookie = f"sessionid={client_for(member).cookies['sessionid'].value}"
        first = threading.Thread(
            target=lambda: urllib.request.urlopen(
                urllib.request.Request(url, headers={"Cookie": cookie}), timeout=90
            ).read()
        )
        first.start()
        assert started.wait(timeout=60)

        page = new_context(locale="fr-CA", viewport=DESKTOP).new_page()
        log_in(page, live_server.url, editor.email, DEMO_PASSWORD)
        waiting = page.goto(url)
        assert waiting.status == 202
        assert "Votre fichier est en préparation" in page.content()
        check_accessibility(page)
        screenshot(page, "render-waiting-fr")

        opening = lambda response: response.request.is_navigation_request()  # noqa: E731
        with page.expect_response(opening, timeout=30_000) as opened:
            release.set()  # the image is made; the page's next question opens it
        first.join(timeout=60)
        assert opened.value.url == url
        assert opened.value.headers["content-type"] == "image/png"
        assert drawn.call_count == 1
