"""Figures that do not mislead, as a reader sees them in French and English, on a desktop and a
phone: the dashboard's cards, an indicator with a partial period, the indicator form's targets."""

from itertools import pairwise

import pytest
from django.urls import reverse

from commun.demo.cast import DEMO_PASSWORD
from commun.measurement.models import Target
from commun.people.models import User
from tests.browser.conftest import DESKTOP, PHONE, check_accessibility, log_in, screenshot
from tests.helpers import MAIN

STAFF = "coordination@demo.commun.example"
WORDS = {
    "fr": {
        "partial": "T3 2026 est partiel",
        "coverage": "1 partenaire sur 3 a transmis ses données",
    },
    "en": {"partial": "Q3 2026 is partial", "coverage": "1 of 3 partners has reported"},
}


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def time_axis_labels(page) -> list[dict]:
    """The chart's time labels as drawn (the lowest row of axis labels): text, box, font size."""
    labels = page.evaluate(
        """() => [...document.querySelectorAll('#trend-chart svg .role-axis-label text')]
            .map((t) => { const b = t.getBoundingClientRect();
                return {text: t.textContent, left: b.left, right: b.right, top: b.top,
                        size: parseFloat(t.getAttribute('font-size') || getComputedStyle(t).fontSize)}; })"""
    )
    lowest = max(label["top"] for label in labels)
    return [label for label in labels if abs(label["top"] - lowest) < 2]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("screen", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_figures_read_right_in_each_language_on_any_screen(
    language, screen, demo, live_server, new_context
):
    User.objects.filter(email=STAFF).update(language=language)
    viewport = DESKTOP if screen == "desktop" else PHONE
    page = new_context(locale=f"{language}-CA", viewport=viewport).new_page()
    log_in(page, live_server.url, STAFF, DEMO_PASSWORD)
    words = WORDS[language]

    # The dashboard: the food-aid card shows the last complete quarter, the partial one announced.
    page.goto(f"{live_server.url}{reverse('measurement:overview', args=[MAIN])}")
    check_accessibility(page)
    no_sideways_scroll(page)
    screenshot(page, f"figures-dashboard-{language}-{screen}")
    card = page.locator("li.card", has=page.locator("a[href$='/aide-alimentaire/']"))
    text = card.inner_text()
    assert words["partial"] in text and words["coverage"] in text
    assert ("2 610" if language == "fr" else "2,610") in text.replace("\u00a0", " ")
    assert "251" not in text.split(words["partial"])[0]

    # The indicator: the chart draws, the partial quarter is explained; labels do not overlap.
    page.goto(
        f"{live_server.url}{reverse('measurement:indicator', args=[MAIN, 'aide-alimentaire'])}"
    )
    page.wait_for_selector("#trend-chart svg .role-axis-label text", timeout=15_000)
    check_accessibility(page)
    no_sideways_scroll(page)
    screenshot(page, f"figures-indicator-{language}-{screen}")
    assert words["coverage"] in page.locator(".partial-note").inner_text()
    labels = time_axis_labels(page)
    assert len(labels) >= 2
    assert min(label["size"] for label in labels) >= 11
    ordered = sorted(labels, key=lambda label: label["left"])
    assert all(a["right"] < b["left"] for a, b in pairwise(ordered)), ordered
    if screen == "phone":
        assert len(labels) <= 5

    # The form: a new target with its notes, typed as a person would.
    page.goto(
        f"{live_server.url}{reverse('measurement:indicator_edit', args=[MAIN, 'aide-alimentaire'])}"
    )
    check_accessibility(page)
    no_sideways_scroll(page)
    page.fill("input[name='targets-1-period']", "2030-T4" if language == "fr" else "2030-Q4")
    page.fill("input[name='targets-1-value']", "3 500" if language == "fr" else "3,500")
    page.fill("input[name='targets-1-note_fr']", "Le but du programme commun")
    page.fill("input[name='targets-1-note_en']", "The common agenda's goal")
    page.locator("#targets").scroll_into_view_if_needed()
    screenshot(page, f"figures-indicator-form-{language}-{screen}")
    with page.expect_navigation(wait_until="load"):
        page.click("form.stacked button[type=submit]")
    target = Target.objects.get(indicator__code="aide-alimentaire", period="2030-Q4")
    assert target.value == 3500
    note = "Le but du programme commun" if language == "fr" else "The common agenda's goal"
    assert note in page.locator("section[aria-labelledby=targets-title]").inner_text()
    page.locator("#target-history summary").click()
    check_accessibility(page)
    page.locator("section[aria-labelledby=targets-title]").scroll_into_view_if_needed()
    screenshot(page, f"figures-indicator-targets-{language}-{screen}")


UPDATING = {
    "fr": ("en cours de mise à jour", "juillet 2026"),
    "en": ("being brought up to date", "July 2026"),
}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("screen", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_figures_being_brought_up_to_date_are_named_on_the_dashboard(
    language, screen, demo, live_server, new_context
):
    """After a large import, until the worker has rebuilt them: the periods are named, in the
    reader's language, and the notice fits a phone."""
    from commun.initiatives.models import Initiative
    from commun.measurement.models import FiguresPending, ImportJob, Indicator
    from commun.measurement.page_cache import figures_changed

    initiative = Initiative.objects.get(slug=MAIN)
    staff = User.objects.get(email=STAFF)
    User.objects.filter(pk=staff.pk).update(language=language)
    job = ImportJob.objects.create(
        initiative=initiative, created_by=staff, filename="gros.csv", data=b"", status="done"
    )
    food = Indicator.objects.get(initiative=initiative, code="aide-alimentaire")
    FiguresPending.objects.create(indicator=food, period="2026-07", job=job)
    figures_changed(initiative.pk)

    page = new_context(
        locale=f"{language}-CA", viewport=DESKTOP if screen == "desktop" else PHONE
    ).new_page()
    log_in(page, live_server.url, STAFF, DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('measurement:overview', args=[MAIN])}")
    notice = page.locator("#figures-updating")
    said, month = UPDATING[language]
    assert said in notice.inner_text() and month in notice.inner_text()
    assert food.name_fr in notice.inner_text() or food.name_en in notice.inner_text()
    check_accessibility(page)
    no_sideways_scroll(page)
    screenshot(page, f"figures-updating-{language}-{screen}")
