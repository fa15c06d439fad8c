"""The strategy-by-partner matrix, the network and the chain, at desktop and phone widths."""

import pytest
from django.urls import reverse

from commun.activities.models import Activity
from commun.agenda.models import Outcome
from commun.demo.cast import DEMO_PASSWORD
from tests.browser.conftest import DESKTOP, PHONE, check_accessibility, log_in, screenshot
from tests.helpers import MAIN, PARTNER_EDITOR_EMAIL


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_the_matrix_and_the_chain_read_well_on_any_screen(screen, demo, live_server, new_context):
    viewport = DESKTOP if screen == "desktop" else PHONE
    page = new_context(locale="fr-CA", viewport=viewport).new_page()
    log_in(page, live_server.url, "coordination@demo.commun.example", DEMO_PASSWORD)

    page.goto(f"{live_server.url}{reverse('activities:matrix', args=[MAIN])}")
    check_accessibility(page)
    no_sideways_scroll(page)
    screenshot(page, f"activities-matrix-{screen}")
    # A cell links to the activities behind it; following it lists only those.
    cell = page.locator("table.matrix tbody td a").first
    count = int(cell.inner_text())
    cell.click()
    page.wait_for_load_state("load")
    assert page.locator("ul.activity-cards > li.card").count() == count

    outcome = Outcome.objects.get(initiative__slug=MAIN, text_fr__startswith="Moins de résident")
    page.goto(f"{live_server.url}{reverse('activities:chain_outcome', args=[MAIN, outcome.pk])}")
    check_accessibility(page)
    no_sideways_scroll(page)
    screenshot(page, f"activities-chain-{screen}")
    columns = page.locator(".chain-column")
    assert columns.count() == 4
    assert page.locator(".toc-box.outcome.focus").count() == 1
    assert page.locator(".toc-box.activity").count() >= 4
    # The outcome's indicator and its latest figure are in the chain.
    assert "Taux de faible revenu" in page.locator(".toc-box.outcome").inner_text()
    # From an activity of the chain, its partner's own chain is one click away.
    page.locator(".toc-box.partner a").first.click()
    page.wait_for_load_state("load")
    assert page.locator(".toc-box.partner.focus").count() == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_network_draws_every_activity_and_a_partner_links_two_activities(
    demo, live_server, new_context
):
    page = new_context(locale="fr-CA", viewport=DESKTOP).new_page()
    log_in(page, live_server.url, PARTNER_EDITOR_EMAIL, DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('activities:network', args=[MAIN])}")
    page.wait_for_selector("#network-chart svg", timeout=10_000)
    current = Activity.objects.filter(initiative__slug=MAIN).exclude(status="ended").count()
    # Each current activity is a dot of the drawn map, and clicking a dot opens its activity.
    dots = page.locator("#network-chart svg g.mark-symbol.activity path")
    assert dots.count() == current
    check_accessibility(page)
    screenshot(page, "activities-network-desktop")
    dots.nth(0).click(force=True)
    page.wait_for_url("**/activities/*/", timeout=10_000)

    own = Activity.objects.filter(
        initiative__slug=MAIN, partners__name_fr__startswith="Banque alimentaire"
    ).first()
    page.goto(f"{live_server.url}{reverse('activities:activity', args=[MAIN, own.pk])}")
    before = page.locator("ul.items li").count()
    page.select_option("select[name=kind]", "shares_data")
    page.select_option("select[name=target]", index=3)
    page.click("form.card button[type=submit]")
    page.wait_for_load_state("load")
    assert page.locator("ul.items li").count() == before + 1
    screenshot(page, "activities-junction-added-desktop")
