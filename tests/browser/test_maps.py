"""The partner editor's home, the activities' network and the continuum map, in French and
English, on a desktop (1280 px) and a phone (390 px): the to-dos come first, the maps' labels do
not overlap as the browser draws them, full names show when a dot is pointed at."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commun.activities.models import Activity, Junction, SharedAction
from commun.assessments.models import Round
from commun.demo.cast import DEMO_PASSWORD
from commun.initiatives.models import GovernanceBody, Membership
from commun.people.models import User
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    check_accessibility,
    log_in,
    record_failures,
    screenshot,
    tooltip_of,
)
from tests.helpers import MAIN, PARTNER_EDITOR_EMAIL

SCREENS = {"desktop": DESKTOP, "phone": PHONE}
# The text boxes of every label drawn on the map, as the browser laid them out.
LABEL_BOXES = """(selector) => Array.from(document.querySelectorAll(selector)).map((node) => {
    const box = node.getBoundingClientRect();
    return {text: node.textContent, x0: box.left, y0: box.top, x1: box.right, y1: box.bottom};
})"""


def overlapping(boxes, slack=0.5):
    return [
        (a["text"], b["text"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["x0"] + slack < b["x1"]
        and b["x0"] + slack < a["x1"]
        and a["y0"] + slack < b["y1"]
        and b["y0"] + slack < a["y1"]
    ]


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def check_map(page, labels: str, count: int):
    """Every dot has its label, no two labels overlap on screen, and the map fits the page."""
    page.wait_for_selector(f"#network-chart svg {labels}", timeout=10_000)
    boxes = page.evaluate(LABEL_BOXES, f"#network-chart svg {labels}")
    assert len(boxes) == count
    assert overlapping(boxes) == []
    chart = page.locator("#network-chart svg").bounding_box()
    card = page.locator("#network-chart").bounding_box()
    assert chart["width"] <= card["width"] + 1
    no_sideways_scroll(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_editors_home_and_the_maps_read_well_on_any_screen(
    language, demo, live_server, new_context
):
    User.objects.filter(email=PARTNER_EDITOR_EMAIL).update(language=language)
    editor = User.objects.get(email=PARTNER_EDITOR_EMAIL)
    partner = Membership.objects.get(initiative__slug=MAIN, user=editor).partner
    SharedAction.objects.create(
        initiative=partner.initiative,
        title_fr="Remettre le bilan annuel des dépannages",
        title_en="Hand in the yearly report on emergency hampers",
        owner_body=GovernanceBody.objects.filter(initiative=partner.initiative).first(),
        partner=partner,
        due=timezone.localdate() + timedelta(days=6),
        status="todo",
    )
    continuum = Round.objects.get(
        initiative__slug=MAIN, title_fr="Continuum de collaboration — juin 2026"
    )
    activities = Activity.objects.filter(initiative__slug=MAIN).exclude(status="ended")
    directed = Junction.objects.filter(initiative__slug=MAIN).exclude(kind="co_delivers")
    activity_names = {name for a in activities for name in (a.name_fr, a.name_en) if name}
    partner_names = {
        name for p in partner.initiative.partners.all() for name in (p.name_fr, p.name_en) if name
    }
    for screen, viewport in SCREENS.items():
        phone = screen == "phone"
        page = new_context(locale="fr-CA", viewport=viewport, has_touch=phone).new_page()
        failures = record_failures(page)
        log_in(page, live_server.url, PARTNER_EDITOR_EMAIL, DEMO_PASSWORD)

        page.goto(f"{live_server.url}{reverse('framework:home', args=[MAIN])}")
        todos = page.locator("section.todos")
        # The to-dos come before the five conditions' cards.
        assert todos.bounding_box()["y"] < page.locator(".grid .card").first.bounding_box()["y"]
        assert todos.locator(".todo-list > li").count() >= 4
        assert ("Remettre le bilan" if language == "fr" else "Hand in the yearly") in (
            todos.inner_text()
        )
        assert page.locator(".grid .card-lines a").count() >= 12
        check_accessibility(page)
        no_sideways_scroll(page)
        screenshot(page, f"maps-home-{language}-{screen}")

        page.goto(f"{live_server.url}{reverse('activities:network', args=[MAIN])}")
        check_map(page, "g.mark-text.label text", activities.count())
        assert page.locator("#network-chart svg g.arrowheads path").count() == directed.count()
        if not phone:  # pointing at a dot gives the activity's full name (a tap opens it)
            assert any(
                name in tooltip_of(page, "#network-chart svg g.activity path")
                for name in activity_names
            )
        check_accessibility(page)
        screenshot(page, f"maps-activities-{language}-{screen}")

        page.goto(f"{live_server.url}{reverse('assessments:round', args=[MAIN, continuum.pk])}")
        check_map(
            page, "g.label_marks text", page.locator("table.partner-measures tbody tr").count()
        )
        # Pointed at with a mouse, or tapped on a phone: the partner's full name.
        shown = tooltip_of(page, "#network-chart svg g.label_marks text", tap=phone)
        assert any(name in shown for name in partner_names)
        details = page.locator("details.relations").first
        details.locator("summary").click()
        assert details.locator("li").count() >= 1
        check_accessibility(page)
        screenshot(page, f"maps-continuum-{language}-{screen}")
        assert failures == []
