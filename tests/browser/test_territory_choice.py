"""The reader changes the territory the dashboard and an indicator page show, on a phone and a
desktop, in French and in English."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from commun.demo.cast import DEMO_PASSWORD
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    check_accessibility,
    log_in,
    no_sideways_scroll,
    record_failures,
    screenshot,
)
from tests.helpers import MAIN

HEADINGS = {
    "fr": ("Système d'évaluation commun — Saint-Roch", "Tendance — Saint-Roch"),
    "en": ("Shared measurement — Saint-Roch", "Trend — Saint-Roch"),
}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("screen", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_reader_changes_the_territory_shown(language, screen, demo, live_server, new_context):
    page = new_context(
        locale=f"{language}-CA", viewport=DESKTOP if screen == "desktop" else PHONE
    ).new_page()
    failures = record_failures(page)
    log_in(page, live_server.url, "observateur@demo.commun.example", DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('measurement:overview', args=[MAIN])}")
    if page.locator("html").get_attribute("lang") != language:
        page.click(f"form.lang button[value={language}]")
        page.wait_for_load_state("load")
    dashboard, trend = HEADINGS[language]
    chooser = page.locator("select#territory")
    assert chooser.input_value() == "saint-roch-riviere-nord"  # the widest, by default
    # Changing the choice redraws the page (htmx) and puts it in the address, to bookmark.
    chooser.select_option("saint-roch")
    page.wait_for_url("**?territory=saint-roch")
    expect(page.locator("h1")).to_have_text(dashboard)
    assert page.locator("select#territory").input_value() == "saint-roch"
    check_accessibility(page)
    no_sideways_scroll(page)
    screenshot(page, f"measurement-territory-dashboard-{language}-{screen}")
    # A card leads to the indicator page of the same territory; its chart is drawn there.
    page.locator("ul.indicator-cards h3 a[href*='/aide-alimentaire/']").click()
    page.wait_for_load_state("load")
    assert "territory=saint-roch" in page.url
    assert page.locator("#trend-title").inner_text() == trend
    page.wait_for_selector("#trend-chart svg", timeout=10_000)
    assert page.locator("#trend-chart").get_attribute("aria-label").endswith("— Saint-Roch")
    # Another choice there redraws the chart for that territory.
    page.locator("select#territory").select_option("riviere-nord")
    page.wait_for_url("**territory=riviere-nord")
    expect(page.locator("#trend-title")).to_have_text(trend.replace("Saint-Roch", "Rivière-Nord"))
    expect(page.locator("#trend-chart svg")).to_have_count(1)
    assert page.locator("#trend-chart").get_attribute("aria-label").endswith("— Rivière-Nord")
    check_accessibility(page)
    no_sideways_scroll(page)
    screenshot(page, f"measurement-territory-indicator-{language}-{screen}")
    assert not failures, failures
