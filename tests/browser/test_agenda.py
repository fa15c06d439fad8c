"""A partner editor endorses the common agenda in the browser, and the home page's card changes."""

import re

import pytest
from django.urls import reverse

from commun.agenda.models import Canvas
from commun.agenda.versions import latest_version, publish_version
from commun.demo.cast import DEMO_PASSWORD
from commun.initiatives.models import Initiative, Membership
from commun.people.models import User
from tests.browser.conftest import DESKTOP, PHONE, check_accessibility, log_in, screenshot
from tests.helpers import MAIN, PARTNER_EDITOR_EMAIL


def agenda_card_text(page, live_server_url):
    page.goto(f"{live_server_url}{reverse('framework:home', args=[MAIN])}")
    return page.locator("article.card", has=page.locator("a[href$='/agenda/']")).inner_text()


def endorsed_on_card(text):
    """(partners who endorsed, out of how many), as the agenda card says it."""
    found = re.search(r"Endossement : (\d+) partenaires? sur (\d+)", text)
    assert found, text
    return int(found[1]), int(found[2])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_partner_editor_endorses_the_agenda_and_the_home_card_changes(
    screen, demo, live_server, new_context
):
    initiative = Initiative.objects.get(slug=MAIN)
    staff = User.objects.get(email="coordination@demo.commun.example")
    Canvas.objects.update_or_create(
        initiative=initiative,
        key="vision",
        defaults={"texts": {"vision": {"fr": "Vision à endosser", "en": "Vision to endorse"}}},
    )
    version = publish_version(initiative, staff, "Version du test", "Test version")
    editor = User.objects.get(email=PARTNER_EDITOR_EMAIL)
    partner = Membership.objects.get(user=editor, initiative=initiative).partner
    editor.language = "fr"
    editor.save(update_fields=["language"])

    page = new_context(
        locale="fr-CA", viewport=DESKTOP if screen == "desktop" else PHONE
    ).new_page()
    log_in(page, live_server.url, editor.email, DEMO_PASSWORD)
    before = agenda_card_text(page, live_server.url)

    page.goto(f"{live_server.url}{reverse('agenda:version', args=[MAIN, version.number])}")
    check_accessibility(page)
    page.click("main a[href$='/endorse/']")
    page.wait_for_load_state("load")
    page.check("input[name=decision][value=reservation]")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("load")
    # A reservation without its reason is refused, with a message.
    assert page.locator(".errorlist").count() == 1
    page.fill("textarea[name=reservation]", "Nous voulons plus de place pour les résident·e·s.")
    check_accessibility(page)
    screenshot(page, f"agenda-endorse-{screen}")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("load")
    assert "Nous voulons plus de place" in page.content()
    screenshot(page, f"agenda-version-{screen}")

    after = agenda_card_text(page, live_server.url)
    # The card counts the editor's organization among those who endorsed the new version.
    endorsed_before, out_of = endorsed_on_card(before)
    assert endorsed_before == 0
    assert endorsed_on_card(after) == (1, out_of)
    endorsements = latest_version(initiative).endorsements.all()
    assert [(e.partner, e.decision) for e in endorsements] == [(partner, "reservation")]
    screenshot(page, f"agenda-home-after-endorsing-{screen}")
