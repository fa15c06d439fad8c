"""The partner editor's home, the activities' network and the continuum map, in French and
English, on a desktop and a phone."""

import pytest
from django.urls import reverse

from commun.assessments.models import Round
from commun.initiatives.demo import DEMO_PASSWORD
from commun.people.models import User
from tests.browser.conftest import DESKTOP, PHONE, log_in, screenshot
from tests.helpers import MAIN, PARTNER_EDITOR_EMAIL


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_maps_and_home(language, demo, live_server, new_context):
    User.objects.filter(email=PARTNER_EDITOR_EMAIL).update(language=language)
    continuum = Round.objects.get(
        initiative__slug=MAIN, title_fr="Continuum de collaboration — juin 2026"
    )
    for screen, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = new_context(locale="fr-CA", viewport=viewport).new_page()
        log_in(page, live_server.url, PARTNER_EDITOR_EMAIL, DEMO_PASSWORD)
        page.goto(f"{live_server.url}{reverse('initiatives:home', args=[MAIN])}")
        screenshot(page, f"maps-home-{language}-{screen}")
        page.goto(f"{live_server.url}{reverse('activities:network', args=[MAIN])}")
        page.wait_for_selector("#network-chart svg", timeout=10_000)
        screenshot(page, f"maps-activities-{language}-{screen}")
        page.goto(f"{live_server.url}{reverse('assessments:round', args=[MAIN, continuum.pk])}")
        page.wait_for_selector("#network-chart svg", timeout=10_000)
        screenshot(page, f"maps-continuum-{language}-{screen}")
