"""Screens a person trips on, in French and English, at 1280 and 390 px wide: the header and its
phone menu, the history of changes, a partner's profile card, the settings page and a 403 page.

Screenshots land in test-artifacts/screenshots/screens-<page>-<language>-<screen>.png.
"""

import pytest
from django.urls import reverse

from commun.demo.cast import DEMO_PASSWORD
from commun.initiatives.models import Partner
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    SCREENSHOTS,
    check_accessibility,
    log_in,
    record_failures,
    screenshot,
)
from tests.helpers import MAIN

ADMIN = "direction@demo.commun.example"
OBSERVER = "observateur@demo.commun.example"
SCREENS = {"desktop": DESKTOP, "phone": PHONE}


def signed_in_page(new_context, live_server, email, language):
    page = new_context(locale=f"{language}-CA", viewport=DESKTOP).new_page()
    log_in(page, live_server.url, email, DEMO_PASSWORD)
    if page.get_attribute("html", "lang") != language:
        with page.expect_navigation():
            page.click(f"form.lang button[value={language}]")
    return page


def open_page(page, live_server, path, status=200):
    response = page.goto(f"{live_server.url}{path}")
    assert response is not None and response.status == status, path
    page.wait_for_load_state("load")


def no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def first_screen(page, name: str) -> None:
    """What a person sees before scrolling."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def header_height(page) -> float:
    """From the top of the page to the bottom of the header (and of the navigation bar)."""
    return page.evaluate(
        "() => document.querySelector('header.site').getBoundingClientRect().bottom"
    )


def cut_off(page, selector: str) -> list[str]:
    """Texts inside `selector` that stick out of their box or of the box around them."""
    return page.evaluate(
        """(selector) => {
            const out = [];
            for (const box of document.querySelectorAll(selector)) {
                const edge = box.getBoundingClientRect();
                for (const el of box.querySelectorAll('*')) {
                    const r = el.getBoundingClientRect();
                    if (r.width === 0) continue;
                    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
                        out.push('scrolls: ' + el.textContent.trim().slice(0, 60));
                    if (r.right > edge.right + 1 || r.left < edge.left - 1)
                        out.push('sticks out: ' + el.textContent.trim().slice(0, 60));
                }
            }
            return out;
        }""",
        selector,
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_on_a_phone_the_navigation_folds_into_a_menu(language, demo, live_server, new_context):
    page = signed_in_page(new_context, live_server, ADMIN, language)
    failures = record_failures(page)
    home = reverse("framework:home", args=[MAIN])
    sections = page.locator("header.site nav.framework a")
    menu = page.locator("details.menu > summary")

    page.set_viewport_size(DESKTOP)
    open_page(page, live_server, home)
    assert sections.first.is_visible() and sections.count() >= 7
    assert menu.is_hidden()  # on a wide screen everything is shown, nothing to open
    check_accessibility(page)
    first_screen(page, f"screens-home-{language}-desktop")

    page.set_viewport_size(PHONE)
    open_page(page, live_server, home)
    assert header_height(page) <= PHONE["height"] / 5, "the header takes over a fifth of the screen"
    assert sections.first.is_hidden() and menu.is_visible()
    assert menu.inner_text().strip() == "Menu"  # the same word in both languages
    assert no_sideways_scroll(page)
    check_accessibility(page)
    first_screen(page, f"screens-home-{language}-phone-menu-closed")

    # With the keyboard alone: reach the menu, open it, follow a section, as a person would.
    menu.focus()
    page.keyboard.press("Enter")
    assert page.locator("details.menu").get_attribute("open") is not None
    assert sections.last.is_visible() and sections.count() >= 7
    assert page.locator(".menu-panel .tools").is_visible()  # the account's links are there too
    check_accessibility(page)
    first_screen(page, f"screens-home-{language}-phone-menu-open")
    sections.nth(1).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.rstrip("/").endswith(sections.nth(1).get_attribute("href").rstrip("/"))
    assert sections.first.is_hidden(), "the menu opens closed on the next page"
    assert failures == [], f"failed requests or console errors: {failures}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_action_frame_reads_on_a_desktop_and_a_phone(language, demo, live_server, new_context):
    page = signed_in_page(new_context, live_server, OBSERVER, language)
    failures = record_failures(page)
    home = reverse("framework:home", args=[MAIN])
    for screen, viewport in SCREENS.items():
        page.set_viewport_size(viewport)
        open_page(page, live_server, home)
        phases = page.locator(".action-frame .phase")
        assert phases.count() == 3
        tops = [phases.nth(n).bounding_box()["y"] for n in range(3)]
        if screen == "desktop":
            assert len(set(tops)) == 1, "the three phases side by side on a wide screen"
        else:
            assert tops == sorted(tops) and len(set(tops)) == 3, "one under the other on a phone"
        # The phase the initiative is in shows its steps, the others say how far they are and
        # open with a click.
        current = page.locator(".action-frame .phase.current")
        assert current.count() == 1 and current.locator("details").get_attribute("open") == ""
        other = page.locator(".action-frame .phase:not(.current) details").first
        assert other.get_attribute("open") is None
        assert other.locator(".steps").is_hidden()
        other.locator("summary").click()
        assert other.locator(".steps").is_visible()
        assert no_sideways_scroll(page), f"sideways scrolling ({screen})"
        assert cut_off(page, ".action-frame .phase") == []
        check_accessibility(page)
        page.locator(".action-frame").screenshot(
            path=str(SCREENSHOTS / f"screens-action-frame-{language}-{screen}.png")
        )
    assert failures == [], f"failed requests or console errors: {failures}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_history_partner_card_and_settings_read_well(language, demo, live_server, new_context):
    partner = Partner.objects.filter(initiative__slug=MAIN).order_by("pk").first()
    partner.name_fr = partner.name_en = (
        "Regroupement intersectoriel des organismes communautaires de Rivière-Nord et environs"
    )
    partner.contact_name = "Marie-Ève Bélanger-Tremblay-Gagnon"
    partner.contact_email = (
        "coordination.generale.des.services@organismes-communautaires-riviere-nord.qc.ca"
    )
    partner.website = (
        "https://www.organismes-communautaires-riviere-nord.qc.ca/notre-regroupement/a-propos"
    )
    partner.save()
    page = signed_in_page(new_context, live_server, ADMIN, language)
    failures = record_failures(page)
    pages = {
        "history": reverse("framework:history", args=[MAIN]),
        "partner": reverse("initiatives:partner", args=[MAIN, partner.pk]),
        "settings": reverse("initiatives:settings", args=[MAIN]),
    }
    for screen, viewport in SCREENS.items():
        page.set_viewport_size(viewport)
        for name, path in pages.items():
            open_page(page, live_server, path)
            assert no_sideways_scroll(page), f"sideways scrolling on {name} ({screen})"
            check_accessibility(page)
            screenshot(page, f"screens-{name}-{language}-{screen}")
            if name == "partner":
                assert cut_off(page, "main .card") == []
                email = page.locator("main .card a[href^=mailto]")
                assert email.inner_text() == partner.contact_email  # whole, wrapped if need be
            if name == "history":
                first_screen(page, f"screens-history-top-{language}-{screen}")
    assert failures == [], f"failed requests or console errors: {failures}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_settings_widgets_look_like_the_other_forms(language, demo, live_server, new_context):
    page = signed_in_page(new_context, live_server, ADMIN, language)
    open_page(page, live_server, reverse("initiatives:settings", args=[MAIN]))
    checkbox = page.locator("input#id_is_public").bounding_box()
    label = page.locator("label[for=id_is_public]").bounding_box()
    name = page.locator("input#id_name_fr").bounding_box()
    phase = page.locator("select#id_phase").bounding_box()
    logo = page.locator("input#id_logo").bounding_box()

    # The box sits on the line of its label, before it, big enough to tap.
    assert abs((checkbox["y"] + checkbox["height"] / 2) - (label["y"] + label["height"] / 2)) < 8
    assert checkbox["x"] < label["x"] and checkbox["height"] >= 20
    # Selects and the file picker line up with the text boxes.
    assert abs(phase["x"] - name["x"]) < 1 and abs(phase["height"] - name["height"]) < 4
    assert abs(logo["x"] - name["x"]) < 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_denied_page_keeps_the_initiatives_navigation(language, demo, live_server, new_context):
    page = signed_in_page(new_context, live_server, OBSERVER, language)
    history = reverse("framework:history", args=[MAIN])
    for screen, viewport in SCREENS.items():
        page.set_viewport_size(viewport)
        open_page(page, live_server, history, status=403)
        if screen == "phone":
            page.click("details.menu > summary")
        assert page.locator("header.site nav.framework a").first.is_visible()
        assert page.locator(f"main a[href='{reverse('framework:home', args=[MAIN])}']").is_visible()
        check_accessibility(page)
        first_screen(page, f"screens-403-{language}-{screen}")
