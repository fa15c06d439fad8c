"""A partner editor answers a round on a phone; the radar and the network map are drawn."""

import pytest
from django.urls import reverse

from commun.assessments.models import Respondent, Response, Round
from commun.demo.cast import DEMO_PASSWORD
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    check_accessibility,
    log_in,
    record_failures,
    screenshot,
)
from tests.helpers import MAIN, PARTNER_EDITOR_EMAIL


def no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_partner_editor_answers_a_round_on_a_phone(demo, live_server, new_context):
    the_round = Round.objects.get(
        initiative__slug=MAIN, title_fr="Les cinq conditions — automne 2026"
    )
    page = new_context(locale="fr-CA", viewport=PHONE).new_page()
    failures = record_failures(page)
    log_in(page, live_server.url, PARTNER_EDITOR_EMAIL, DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('assessments:overview', args=[MAIN])}")
    assert "À vous de répondre" in page.content()
    with page.expect_navigation():
        page.click(f"a[href$='/rounds/{the_round.pk}/answer/']")
    assert no_sideways_scroll(page)
    check_accessibility(page)
    screenshot(page, "assessments-answer-phone")

    # Choose by tapping the labels, as on a phone; add a comment; save and come back.
    page.click("label.choice:has(input[name=q-agenda-vision][value='3'])")
    page.click("label.choice:has(input[name=q-measurement-indicators][value='2'])")
    page.click("fieldset:has(input[name=q-agenda-vision]) details summary")
    page.fill("#c-agenda-vision", "La vision est claire, pas encore le plan.")
    with page.expect_navigation():
        page.click("button[name=save]")
    assert page.is_checked("input[name=q-agenda-vision][value='3']")
    assert page.input_value("#c-agenda-vision") == "La vision est claire, pas encore le plan."
    screenshot(page, "assessments-answer-saved-phone")

    respondent = Respondent.objects.get(round=the_round, user__email=PARTNER_EDITOR_EMAIL)
    assert Response.objects.get(respondent=respondent).answers.count() == 2
    page.click("label.choice:has(input[name=q-backbone-roles][value='4'])")
    with page.expect_navigation():
        page.click("button[name=submit]")
    with page.expect_navigation():  # handing in asks to confirm first
        page.click("button[name=confirm]")
    assert "Merci : vos réponses sont remises." in page.content()
    respondent.refresh_from_db()
    assert respondent.submitted_on is not None
    assert not Response.objects.filter(respondent=respondent).exists()  # anonymous: unlinked
    screenshot(page, "assessments-handed-in-phone")
    assert failures == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_the_radar_and_the_network_map_are_drawn(screen, demo, live_server, new_context):
    viewport = PHONE if screen == "phone" else DESKTOP
    page = new_context(locale="fr-CA", viewport=viewport).new_page()
    failures = record_failures(page)
    log_in(page, live_server.url, "observateur@demo.commun.example", DEMO_PASSWORD)
    radar = Round.objects.get(initiative__slug=MAIN, title_fr="Les cinq conditions — mai 2026")
    page.goto(f"{live_server.url}{reverse('assessments:round', args=[MAIN, radar.pk])}")
    page.wait_for_selector("#radar-chart svg", timeout=10_000)
    assert page.locator("#radar-chart svg path").count() > 0
    assert "Les cinq conditions — mai 2026" in page.content()  # the account speaks French
    assert no_sideways_scroll(page)
    check_accessibility(page)
    screenshot(page, f"assessments-radar-{screen}")

    network = Round.objects.get(
        initiative__slug=MAIN, title_fr="Continuum de collaboration — juin 2026"
    )
    page.goto(f"{live_server.url}{reverse('assessments:round', args=[MAIN, network.pk])}")
    page.wait_for_selector("#network-chart svg", timeout=10_000)
    assert page.locator("#network-chart svg path").count() > 0
    assert "Densité" in page.content() and "Réciprocité" in page.content()
    assert no_sideways_scroll(page)
    check_accessibility(page)
    screenshot(page, f"assessments-network-{screen}")

    page.goto(f"{live_server.url}{reverse('assessments:round_print', args=[MAIN, radar.pk])}")
    page.wait_for_selector("#radar-chart svg", timeout=10_000)
    page.emulate_media(media="print")
    assert page.locator("nav.framework").is_hidden()
    screenshot(page, f"assessments-print-{screen}")
    assert failures == []
