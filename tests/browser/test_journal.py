"""Harvesting and substantiating an outcome on a phone, in French and in English: a partner
asked in the open harvest reports a change from the harvest's page and submits it; staff ask
someone outside Commun to confirm it; that person answers through the e-mailed link, signed in
nowhere; staff read the answer, conclude and publish."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from commun.demo.cast import DEMO_PASSWORD
from commun.journal.models import HarvestCampaign, ObservedOutcome, Substantiation
from commun.people.models import User
from tests.browser.conftest import PHONE, log_in
from tests.browser.test_meetings import WATCH, looked_at, submit
from tests.helpers import MAIN, PARTNER_EDITOR_EMAIL

TITLES = {
    "fr": ("Le marché solidaire ouvre le samedi", "The solidarity market opens on Saturdays"),
    "en": ("Le marché ouvre aussi le dimanche", "The market opens on Sundays too"),
}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language, locale", [("fr", "fr-CA"), ("en", "en-CA")])
def test_a_partner_reports_an_outcome_and_an_outsider_confirms_it_on_a_phone(
    language, locale, demo, live_server, new_context
):
    site = live_server.url
    User.objects.filter(email__in=[PARTNER_EDITOR_EMAIL, "direction@demo.commun.example"]).update(
        language=language
    )
    harvest = HarvestCampaign.objects.get(initiative__slug=MAIN, deadline__gte=timezone.localdate())

    # The partner finds the harvest on its home page and reports a change from its phone.
    partner = new_context(locale=locale, viewport=PHONE)
    partner.add_init_script(WATCH)
    page = partner.new_page()
    log_in(page, site, PARTNER_EDITOR_EMAIL, DEMO_PASSWORD)
    page.goto(f"{site}{reverse('framework:home', args=[MAIN])}")
    page.locator(f"a[href$='{reverse('journal:harvest', args=[MAIN, harvest.pk])}']").first.click()
    looked_at(page, f"journal-harvest-{language}-phone")
    page.locator(f"a[href*='{reverse('journal:outcome_new', args=[MAIN])}']").first.click()
    looked_at(page, f"journal-report-{language}-phone")
    title_fr, title_en = TITLES[language]
    page.select_option("main [name=actor]", index=1)
    page.select_option("main [name=kind]", "practice")
    page.fill("main [name=title_fr]", title_fr)
    page.fill("main [name=title_en]", title_en)
    page.fill("main [name=observed_on]", timezone.localdate().isoformat())
    submit(page, "main form.outcome-form")
    outcome = ObservedOutcome.objects.get(title_fr=title_fr)
    assert outcome.campaign == harvest and outcome.partner.name_fr.startswith("Banque")
    assert outcome.status == "draft"
    looked_at(page, f"journal-outcome-draft-{language}-phone")
    submit(page, ".outcome-substantiation form[action*='submit']")
    outcome.refresh_from_db()
    assert outcome.status == "review"

    # Staff ask someone outside Commun, who writes in the other language.
    staff = new_context(locale=locale, viewport=PHONE)
    staff.add_init_script(WATCH)
    desk = staff.new_page()
    log_in(desk, site, "direction@demo.commun.example", DEMO_PASSWORD)
    desk.goto(f"{site}{reverse('journal:substantiation_request', args=[MAIN, outcome.pk])}")
    looked_at(desk, f"journal-ask-{language}-phone")
    other = "en" if language == "fr" else "fr"
    desk.fill("main [name=name]", "Denise Roy")
    desk.fill("main [name=email]", "denise.roy@example.org")
    desk.select_option("main [name=language]", other)
    mail.outbox.clear()
    submit(desk)
    asked = Substantiation.objects.get(outcome=outcome)
    assert asked.language == other and not asked.answered
    letter = next(m for m in mail.outbox if "denise.roy@example.org" in m.to)
    path = re.search(r"/initiatives/\S+/substantiate/[^\s\"<]+/", letter.body).group(0)

    # The person opens the link on a phone, signed in nowhere, in their own language.
    outsider = new_context(locale="fr-CA" if other == "fr" else "en-CA", viewport=PHONE)
    outsider.add_init_script(WATCH)
    link = outsider.new_page()
    link.goto(f"{site}{path}")
    assert link.locator("html").get_attribute("lang") == other
    looked_at(link, f"journal-substantiate-{other}-phone")
    for name in ("description_agreement", "significance_agreement"):
        link.check(f"main [name={name}][value='3']")
    link.check("main [name=contribution_agreement][value='2']")
    link.fill("main [name=comment]", "Vu moi-même au marché, deux samedis de suite.")
    submit(link, "main form.substantiate-form")
    assert link.locator("main [role=status]").count() == 1
    asked.refresh_from_db()
    assert asked.answered and asked.contribution_agreement == 2

    # Staff read the answer on the outcome's page, conclude and publish.
    desk.goto(f"{site}{reverse('journal:outcome', args=[MAIN, outcome.pk])}")
    assert desk.get_by_text("Vu moi-même au marché").count() == 1
    looked_at(desk, f"journal-outcome-answered-{language}-phone")
    desk.goto(f"{site}{reverse('journal:outcome_conclude', args=[MAIN, outcome.pk])}")
    desk.check("main [name=status][value=substantiated]")
    submit(desk)
    submit(desk, ".outcome-substantiation form[action*='publish']")
    outcome.refresh_from_db()
    assert outcome.status == "published"
    looked_at(desk, f"journal-outcome-published-{language}-phone")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language, locale", [("fr", "fr-CA"), ("en", "en-CA")])
@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_the_journal_and_learning_pages_read_well_on_every_screen(
    language, locale, screen, demo, live_server, new_context
):
    from commun.journal.models import LearningSession, SocialActor
    from tests.browser.conftest import DESKTOP

    context = new_context(locale=locale, viewport=PHONE if screen == "phone" else DESKTOP)
    context.add_init_script(WATCH)
    page = context.new_page()
    User.objects.filter(email="coordination@demo.commun.example").update(language=language)
    log_in(page, live_server.url, "coordination@demo.commun.example", DEMO_PASSWORD)
    actor = SocialActor.objects.filter(initiative__slug=MAIN, boundary_partner=True).first()
    curve = LearningSession.objects.get(initiative__slug=MAIN, format="curve")
    disputed = ObservedOutcome.objects.get(initiative__slug=MAIN, status="disputed")
    pages = {
        "journal": reverse("journal:overview", args=[MAIN]),
        "timeline": reverse("journal:timeline", args=[MAIN]),
        "territories": reverse("journal:map", args=[MAIN]),
        "disputed": reverse("journal:outcome", args=[MAIN, disputed.pk]),
        "markers": reverse("journal:actor", args=[MAIN, actor.pk]),
        "harvests": reverse("journal:harvests", args=[MAIN]),
        "learning": reverse("journal:learning", args=[MAIN]),
        "turn-the-curve": reverse("journal:learning_session", args=[MAIN, curve.pk]),
        "indicator": reverse("measurement:indicator", args=[MAIN, "loyer-30"]),
        "chain": reverse("activities:chain_outcome", args=[MAIN, disputed.intended_outcome_id]),
        "home": reverse("framework:home", args=[MAIN]),
    }
    for name, path in pages.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        looked_at(page, f"journal-{name}-{language}-{screen}")
    page.goto(f"{live_server.url}{pages['turn-the-curve']}")
    page.wait_for_selector(".chart svg, .chart canvas")  # the frozen chart is drawn
