"""Smoke test of the browser harness: the anonymous login page, in both languages, on two screens."""

import pytest

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    check_accessibility,
    record_failures,
    screenshot,
)

LANGUAGES = {"fr": "fr-CA", "en": "en-CA"}  # sent as Accept-Language: no cookie, no account yet
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
# Texts that must differ between the two languages: Commun's own strings, not only Django's.
TEXTS = [
    ("heading", "main h1"),
    ("e-mail label", "main form label[for=id_username]"),
    ("footer", "footer"),
]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_login_page_is_accessible_in_french_and_english_on_desktop_and_phone(
    live_server, new_context
):
    texts: dict[str, dict[str, str]] = {}
    for language, locale in LANGUAGES.items():
        for screen, viewport in VIEWPORTS.items():
            page = new_context(locale=locale, viewport=viewport).new_page()
            failures = record_failures(page)

            response = page.goto(f"{live_server.url}/accounts/login/")

            assert response is not None and response.status == 200
            page.wait_for_load_state("load")
            assert page.get_attribute("html", "lang") == language
            assert page.locator("main form [name=username]").is_visible()
            assert page.locator("main form [name=password]").is_visible()
            assert page.locator("main form button[type=submit]").is_visible()
            assert page.evaluate("() => typeof window.htmx") == "object", "htmx did not load"
            assert failures == [], f"failed requests or console errors: {failures}"
            # Nothing sticks out sideways, on a phone least of all.
            assert page.evaluate(
                "() => document.documentElement.scrollWidth <= window.innerWidth"
            ), f"horizontal scrolling on {language}-{screen}"
            check_accessibility(page)
            screenshot(page, f"login-{language}-{screen}")
            texts[language] = {
                # Without the label suffix, which French punctuation changes anyway (" :").
                name: page.locator(css).inner_text().strip().rstrip(":").strip()
                for name, css in TEXTS
            }
            page.context.close()

    untranslated = [name for name, _css in TEXTS if texts["fr"][name] == texts["en"][name]]
    assert not untranslated, f"the same text in French and English: {untranslated} in {texts}"
