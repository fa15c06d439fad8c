"""The communication plan, its log and the wheel of engagement, at desktop and phone widths, in
French and English: read, then log a communication that lifts an audience to its level."""

import pytest
from django.urls import reverse
from django.utils import timezone

from commun.communication.models import Audience, NewsItem
from commun.demo.cast import DEMO_PASSWORD
from commun.people.models import User
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


WATCH = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} refused ${event.blockedURI || "inline"}`);
});
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language, locale", [("fr", "fr-CA"), ("en", "en-CA")])
def test_staff_write_and_publish_news_the_public_reads_on_a_phone(
    language, locale, demo, live_server, new_context
):
    context = new_context(locale=locale, viewport=PHONE)
    context.add_init_script(WATCH)
    page = context.new_page()
    User.objects.filter(email="coordination@demo.commun.example").update(language=language)
    log_in(page, live_server.url, "coordination@demo.commun.example", DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('communication:news_new', args=[MAIN])}")
    page.fill("#id_title_fr", "Une nouvelle écrite au téléphone")
    page.fill("#id_title_en", "News written on a phone")
    editors = page.locator("[contenteditable=true]")
    editors.first.wait_for(timeout=10_000)
    editors.nth(0).click()
    page.keyboard.type("Le texte en français.")
    editors.nth(1).click()
    page.keyboard.type("The text in English.")
    check_accessibility(page)
    no_sideways_scroll(page)
    screenshot(page, f"communication-news-editor-{language}-phone")
    assert page.evaluate("window.cspViolations") == []
    with page.expect_navigation(wait_until="load"):
        page.locator("form.stacked button[type=submit]").click()
    item = NewsItem.objects.get(title_fr="Une nouvelle écrite au téléphone")
    assert "Le texte en français." in item.body_fr
    assert "The text in English." in item.body_en
    with page.expect_navigation(wait_until="load"):
        page.locator(f"form[action$='/news/{item.pk}/publish/'] button").click()
    screenshot(page, f"communication-news-item-{language}-phone")
    # The public, in the page's language, reads it on the initiative's public page.
    public = new_context(locale=locale, viewport=PHONE).new_page()
    public.goto(f"{live_server.url}{reverse('framework:public', args=[MAIN])}")
    title = "Une nouvelle écrite au téléphone" if language == "fr" else "News written on a phone"
    assert public.locator(".public-news", has_text=title).count() == 1
    no_sideways_scroll(public)
