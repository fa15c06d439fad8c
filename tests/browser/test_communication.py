"""The communication plan, its log and the wheel of engagement, at desktop and phone widths, in
French and English: read, then log a communication that lifts an audience to its level."""

import pytest
from django.urls import reverse
from django.utils import timezone

from commun.communication.models import Audience
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
def test_staff_plan_log_and_see_the_wheel_move(
    screen, locale, staff, demo, live_server, new_context
):
    viewport = DESKTOP if screen == "desktop" else PHONE
    page = new_context(locale=locale, viewport=viewport).new_page()
    log_in(page, live_server.url, f"{staff}@demo.commun.example", DEMO_PASSWORD)
    for name in ("overview", "plan", "log"):
        page.goto(f"{live_server.url}{reverse(f'communication:{name}', args=[MAIN])}")
        check_accessibility(page)
        no_sideways_scroll(page)
        screenshot(page, f"communication-{name}-{screen}")
    wheel_url = f"{live_server.url}{reverse('communication:wheel', args=[MAIN])}"
    page.goto(wheel_url)
    page.wait_for_selector("#wheel-chart svg, #wheel-chart canvas")
    check_accessibility(page)
    no_sideways_scroll(page)
    screenshot(page, f"communication-wheel-{screen}")
    below = page.locator("table.wheel tr.gap").count()
    assert below >= 1
    # Residents are sought at "involve" and only consulted: a co-design workshop lifts them.
    page.goto(f"{live_server.url}{reverse('communication:communication_new', args=[MAIN])}")
    page.fill("#id_sent_on", timezone.localdate().isoformat())
    page.select_option("#id_channel", "workshop")
    page.select_option("#id_level", "3")
    page.fill("#id_title_fr", "Atelier de cocréation sur le logement")
    page.fill("#id_title_en", "Co-design workshop on housing")
    residents = Audience.objects.get(name_fr="Résident·e·s du quartier")
    page.locator(f"#id_audiences input[value='{residents.pk}']").check()
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(reverse("communication:log", args=[MAIN]))
    page.goto(wheel_url)
    assert page.locator("table.wheel tr.gap").count() == below - 1
