"""A member of the food action team takes a stance on the demo's open proposal, then changes it,
at phone width, in French and in English; the earlier stance stays in the history."""

import pytest
from django.urls import reverse

from commun.demo.cast import DEMO_PASSWORD
from commun.governance.models import Decision, Stance
from commun.people.models import User
from tests.browser.conftest import PHONE, check_accessibility, log_in, screenshot
from tests.helpers import MAIN


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "language, person, first, then",
    [("fr", "repondante", "D'accord", "Blocage"), ("en", "membre", "Agree", "Abstain")],
)
def test_a_member_votes_and_changes_the_vote_on_a_phone(
    language, person, first, then, demo, live_server, new_context
):
    email = f"{person}@demo.commun.example"
    User.objects.filter(email=email).update(language=language)
    decision = Decision.objects.get(body__initiative__slug=MAIN, status="open")
    page = new_context(locale=f"{language}-CA", viewport=PHONE).new_page()
    log_in(page, live_server.url, email, DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('governance:decision', args=[MAIN, decision.pk])}")
    assert page.locator("html").get_attribute("lang").startswith(language)
    check_accessibility(page)
    no_sideways_scroll(page)
    screenshot(page, f"decisions-{language}-phone-decision")
    for n, (choice, reason) in enumerate([(first, "1"), (then, "2")]):
        page.locator(f"main a[href$='/decisions/{decision.pk}/vote/']").first.click()
        page.wait_for_load_state("load")
        check_accessibility(page)
        no_sideways_scroll(page)
        page.get_by_label(choice, exact=True).check()
        page.fill("textarea[name=reason]", f"Raison {reason}")
        screenshot(page, f"decisions-{language}-phone-vote-{n + 1}")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state("load")
    assert page.locator("ul.stances").inner_text().count("Raison") == 2
    check_accessibility(page)
    no_sideways_scroll(page)
    screenshot(page, f"decisions-{language}-phone-changed")
    stances = Stance.objects.filter(decision=decision, person__email=email).order_by("cast_at")
    assert [s.latest for s in stances] == [False, True]
    # The decision log, searched without accents, at the same width.
    page.goto(f"{live_server.url}{reverse('governance:decision_log', args=[MAIN])}?text=cuisines")
    assert page.locator("main table tbody tr").count() == 1
    check_accessibility(page)
    no_sideways_scroll(page)
    screenshot(page, f"decisions-{language}-phone-log")
