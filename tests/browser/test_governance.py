"""The role clarification matrix and an area's roles, at desktop and phone widths, in French
and English."""

import pytest
from django.urls import reverse

from commun.demo.cast import DEMO_PASSWORD
from tests.browser.conftest import DESKTOP, PHONE, check_accessibility, log_in, screenshot
from tests.helpers import MAIN


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "screen, locale, staff",
    [("desktop", "fr-CA", "coordination"), ("phone", "en-CA", "direction")],
)
def test_staff_read_and_change_who_does_what_on_any_screen(
    screen, locale, staff, demo, live_server, new_context
):
    viewport = DESKTOP if screen == "desktop" else PHONE
    page = new_context(locale=locale, viewport=viewport).new_page()
    log_in(page, live_server.url, f"{staff}@demo.commun.example", DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('governance:roles', args=[MAIN])}")
    check_accessibility(page)
    no_sideways_scroll(page)
    screenshot(page, f"governance-roles-{screen}")
    # The area the demo leaves without an accountable says so.
    lacking = page.locator("table.raci tr.gap")
    assert lacking.count() == 1
    lines = page.locator("table.raci tbody tr:not(.group)").count()
    # A strategy not clarified yet: give it two accountables, be refused, then one.
    page.locator("#unclarified-title ~ ul a").first.click()
    page.wait_for_load_state("load")
    check_accessibility(page)
    no_sideways_scroll(page)
    selects = page.locator("fieldset select")
    selects.nth(0).select_option("A")
    selects.nth(1).select_option("A")
    page.locator("form.roles-form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("form.roles-form [role=alert]").count() == 1
    screenshot(page, f"governance-roles-refused-{screen}")
    selects = page.locator("fieldset select")
    selects.nth(1).select_option("R")
    page.locator("form.roles-form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(reverse("governance:roles", args=[MAIN]))
    assert page.locator("table.raci tbody tr:not(.group)").count() == lines + 1
