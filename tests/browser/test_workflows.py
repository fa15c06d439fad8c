"""Workflows a person trips on, in French and English, at desktop and phone widths: the review
queue, the endorsement form, the questionnaire and the entry grid."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import override

from commun.agenda.models import Canvas
from commun.agenda.versions import publish_version
from commun.assessments.models import Round
from commun.demo.cast import DEMO_PASSWORD
from commun.initiatives.models import Initiative, Membership
from commun.measurement.checks import combinations
from commun.measurement.forms import period_key
from commun.measurement.models import Indicator, Observation
from commun.measurement.periods import PATTERNS, period_start
from commun.people.models import User
from tests.browser.conftest import DESKTOP, PHONE, check_accessibility, log_in, screenshot
from tests.helpers import MAIN, PARTNER_EDITOR_EMAIL

STAFF_EMAIL = "coordination@demo.commun.example"
CASES = [(language, screen) for language in ("fr", "en") for screen in ("desktop", "phone")]
WORDS = {
    "fr": {"answered": "Questions traitées", "locked": "Verrouillée", "hand_in": "Remettre"},
    "en": {"answered": "questions answered", "locked": "Locked", "hand_in": "Hand in"},
}


def person(email, language):
    user = User.objects.get(email=email)
    user.language = language
    user.save(update_fields=["language"])
    return user


def open_page(new_context, language, screen):
    return new_context(
        locale="fr-CA" if language == "fr" else "en-CA",
        viewport=DESKTOP if screen == "desktop" else PHONE,
    ).new_page()


def no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("language", "screen"), CASES)
def test_staff_review_the_queue_choosing_values_and_filtering(
    language, screen, demo, live_server, new_context
):
    initiative = Initiative.objects.get(slug=MAIN)
    assert Observation.objects.filter(indicator__initiative=initiative, status="submitted").exists()
    staff = person(STAFF_EMAIL, language)
    page = open_page(new_context, language, screen)
    log_in(page, live_server.url, staff.email, DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('measurement:review', args=[MAIN])}")
    boxes = page.locator("input[name=observation]")
    assert boxes.count() > 0
    assert page.locator("input[name=observation]:checked").count() == 0  # nothing chosen
    check_accessibility(page)
    screenshot(page, f"workflows-review-{language}-{screen}")
    page.click("a[data-select=all]")
    assert page.locator("input[name=observation]:checked").count() == boxes.count()
    assert "select=all" not in page.url  # ticked in place, by the script
    page.click("a[data-select=none]")
    assert page.locator("input[name=observation]:checked").count() == 0
    # Filter by the first partner listed.
    page.select_option("select[name=partner]", index=1)
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    assert "partner=" in page.url
    assert page.locator("input[name=observation]").count() <= boxes.count()
    assert no_sideways_scroll(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("language", "screen"), CASES)
def test_a_partner_editor_chooses_one_of_three_answers_and_gives_the_reason(
    language, screen, demo, live_server, new_context
):
    initiative = Initiative.objects.get(slug=MAIN)
    Canvas.objects.update_or_create(
        initiative=initiative,
        key="vision",
        defaults={"texts": {"vision": {"fr": "Vision à endosser", "en": "Vision to endorse"}}},
    )
    version = publish_version(initiative, User.objects.get(email=STAFF_EMAIL), "Test", "Test")
    editor = person(PARTNER_EDITOR_EMAIL, language)
    page = open_page(new_context, language, screen)
    log_in(page, live_server.url, editor.email, DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('agenda:endorse', args=[MAIN, version.number])}")
    radios = page.locator("input[name=decision]")
    assert radios.count() == 3 and page.locator("input[name=decision]:checked").count() == 0
    assert "---------" not in page.content()
    check_accessibility(page)
    screenshot(page, f"workflows-endorse-{language}-{screen}")
    page.check("input[name=decision][value=declined]")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    reason = page.locator("textarea[name=reservation]")
    assert reason.get_attribute("aria-invalid") == "true"
    assert page.locator(".errorlist").count() == 1
    check_accessibility(page)
    screenshot(page, f"workflows-endorse-refused-{language}-{screen}")
    assert no_sideways_scroll(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("language", "screen"), CASES)
def test_a_partner_editor_answers_sees_the_counter_and_confirms_handing_in(
    language, screen, demo, live_server, new_context
):
    the_round = Round.objects.get(
        initiative__slug=MAIN, title_fr="Les cinq conditions — automne 2026"
    )
    total = len(the_round.instrument.questions)
    editor = person(PARTNER_EDITOR_EMAIL, language)
    page = open_page(new_context, language, screen)
    log_in(page, live_server.url, editor.email, DEMO_PASSWORD)
    answer = f"{live_server.url}{reverse('assessments:answer', args=[MAIN, the_round.pk])}"
    page.goto(answer)
    assert page.locator("input[type=radio]:checked").count() == 0
    counter = page.locator(".answer-progress [data-answered]")
    assert counter.inner_text() == "0"
    assert WORDS[language]["answered"] in page.locator(".answer-progress").inner_text()
    check_accessibility(page)
    screenshot(page, f"workflows-questionnaire-{language}-{screen}")
    page.click("label.choice:has(input[name=q-agenda-vision][value='3'])")
    page.click("label.choice.dont-know:has(input[name=q-agenda-problem])")
    assert counter.inner_text() == "2"  # counted as the person answers
    with page.expect_navigation():
        page.click("button[name=submit]")
    text = page.locator("main").inner_text()
    assert str(total - 2) in text and page.locator("button[name=confirm]").count() == 1
    check_accessibility(page)
    screenshot(page, f"workflows-questionnaire-confirm-{language}-{screen}")
    # Going back keeps both answers; the counter is right on load.
    with page.expect_navigation():
        page.click("main a.button.secondary")
    assert page.locator(".answer-progress [data-answered]").inner_text() == "2"
    assert page.is_checked("input[name=q-agenda-problem][value=dont-know]")
    assert no_sideways_scroll(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("language", "screen"), CASES)
def test_the_entry_grid_marks_a_refused_value_and_shows_locked_ones(
    language, screen, demo, live_server, new_context
):
    initiative = Initiative.objects.get(slug=MAIN)
    editor = person(PARTNER_EDITOR_EMAIL, language)
    partner = Membership.objects.get(user=editor, initiative=initiative).partner
    page = open_page(new_context, language, screen)
    log_in(page, live_server.url, editor.email, DEMO_PASSWORD)
    entry = f"{live_server.url}{reverse('measurement:entry', args=[MAIN])}"
    page.goto(entry)
    period = period_key(page.input_value("input[name=period]"))  # "T3 2026" → "2026-Q3"
    territory = page.input_value("select[name=territory]")
    # Lock one value, approved as the backbone would; refuse another, a negative count.
    with override(language):
        cells = [
            (indicator, key, f"{indicator.name} — {label}")
            for indicator in Indicator.objects.filter(reporting_partners=partner, unit="count")
            if PATTERNS[indicator.frequency].match(period)  # the grid shows this period for it
            for key, label in combinations(indicator)
        ]
    (count, key, _label), (_i, _k, refused_label), (_j, _l, kept_label) = cells[:3]
    Observation.objects.update_or_create(
        indicator=count,
        period=period,
        territory_id=territory,
        breakdown=key,
        partner=partner,
        defaults={
            "period_start": period_start(period, count.frequency),
            "value": Decimal(321),
            "status": "approved",
            "provenance": "form",
        },
    )
    page.goto(f"{entry}?period={period}&territory={territory}")
    locked = page.locator("table.entry-grid tr.locked").first
    assert "321" in locked.inner_text() and WORDS[language]["locked"] in locked.inner_text()
    assert locked.locator("input").count() == 0
    page.get_by_label(refused_label, exact=True).fill("-5")
    page.get_by_label(kept_label, exact=True).fill("7")
    with page.expect_navigation():
        page.click("button[name=submit]")
    refused = page.get_by_label(refused_label, exact=True)
    assert refused.get_attribute("aria-invalid") == "true"
    described = refused.get_attribute("aria-describedby")
    assert page.locator(f"#{described}").inner_text().strip()
    assert refused.input_value() == "-5"
    assert page.get_by_label(kept_label, exact=True).input_value() == "7"
    assert not Observation.objects.filter(value=-5).exists()
    check_accessibility(page)
    screenshot(page, f"workflows-entry-{language}-{screen}")
