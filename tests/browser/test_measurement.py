"""A partner editor enters data in the grid; the indicator page draws its chart."""

import pytest
from django.urls import reverse

from commun.initiatives.demo import DEMO_PASSWORD
from commun.measurement.models import Observation
from tests.browser.conftest import DESKTOP, PHONE, check_accessibility, log_in, screenshot
from tests.helpers import MAIN, PARTNER_EDITOR_EMAIL


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_partner_editor_enters_values_and_sees_what_is_refused(
    screen, demo, live_server, new_context
):
    page = new_context(
        locale="fr-CA", viewport=DESKTOP if screen == "desktop" else PHONE
    ).new_page()
    log_in(page, live_server.url, PARTNER_EDITOR_EMAIL, DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('measurement:entry', args=[MAIN])}")
    check_accessibility(page)
    screenshot(page, f"measurement-entry-{screen}")
    cells = page.locator("table.entry-grid input[name^=v]")
    assert cells.count() > 0
    # A value that is not a number: refused, nothing saved, the person's text still there.
    before = Observation.objects.count()
    empty = page.locator("table.entry-grid input[name^=v]:not([value])").first
    name = empty.get_attribute("name")
    empty.fill("douze")
    page.click("button[name=save]")
    page.wait_for_load_state("load")
    assert Observation.objects.count() == before
    assert page.locator(f"input[name={name}]").input_value() == "douze"
    assert page.locator(".errorlist").count() >= 1
    screenshot(page, f"measurement-entry-refused-{screen}")
    # A French number is taken, as a draft.
    page.fill(f"input[name={name}]", "1 234")
    page.click("button[name=save]")
    page.wait_for_load_state("load")
    assert Observation.objects.count() in (before + 1, before)  # new cell, or a draft corrected


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_indicator_page_draws_its_trend_chart(demo, live_server, new_context):
    page = new_context(locale="en-CA", viewport=DESKTOP).new_page()
    log_in(page, live_server.url, "observateur@demo.commun.example", DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('measurement:overview', args=[MAIN])}")
    check_accessibility(page)
    screenshot(page, "measurement-dashboard-desktop")
    page.goto(
        f"{live_server.url}{reverse('measurement:indicator', args=[MAIN, 'aide-alimentaire'])}"
    )
    page.wait_for_selector("#trend-chart svg", timeout=10_000)
    assert page.locator("#trend-chart svg path").count() > 0
    check_accessibility(page)
    screenshot(page, "measurement-indicator-desktop")
    page.goto(f"{live_server.url}{reverse('measurement:ecosystem', args=[MAIN])}")
    page.wait_for_selector("#ecosystem-chart svg", timeout=10_000)
    screenshot(page, "measurement-ecosystem-desktop")
