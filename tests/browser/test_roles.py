"""Each kind of user logs in and walks through the main pages, in French then in English.

French on a desktop screen, then the person presses "EN" and walks again on a phone screen. Every
page must load without a failed request or a console error, speak the chosen language, have no
sideways scrolling, pass axe-core, and every link on it must lead somewhere (no dead links).
Screenshots land in test-artifacts/screenshots/roles-<role>-<language>-<screen>-<page>.png.
"""

from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse

from commun.access import Action, can
from commun.activities.models import Activity
from commun.assessments.models import Round
from commun.demo.cast import DEMO_PASSWORD
from commun.framework.registry import SECTIONS
from commun.initiatives.models import GovernanceBody, Initiative, Partner
from commun.measurement.models import Territory
from commun.people.models import User
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    check_accessibility,
    log_in,
    record_failures,
    screenshot,
)
from tests.helpers import MAIN, PARTNER_EDITOR_EMAIL

ROLES = {
    "site-admin": "admin@demo.commun.example",
    "backbone-admin": "direction@demo.commun.example",
    "backbone-staff": "coordination@demo.commun.example",
    "partner-editor": PARTNER_EDITOR_EMAIL,
    "partner-member": "membre@demo.commun.example",
    "observer": "observateur@demo.commun.example",
}


def pages_for(user: User, initiative: Initiative) -> dict[str, str]:
    """The main pages this person may open, by short name, as the access policy says."""
    slug = initiative.slug
    body = GovernanceBody.objects.filter(initiative=initiative).order_by("pk").first()
    membership = user.memberships.filter(initiative=initiative).first()
    partner = (membership and membership.partner) or Partner.objects.filter(
        initiative=initiative
    ).order_by("pk").first()
    activity = Activity.objects.filter(initiative=initiative).order_by("pk").first()
    territory = Territory.objects.filter(initiative=initiative).order_by("path").first()
    scale_round = Round.objects.get(
        initiative=initiative, title_fr="Les cinq conditions — mai 2026"
    )
    network_round = Round.objects.get(
        initiative=initiative, title_fr="Continuum de collaboration — juin 2026"
    )
    open_round = Round.objects.get(
        initiative=initiative, title_fr="Les cinq conditions — automne 2026"
    )
    pages = {"home": reverse("framework:home", args=[slug])}
    pages |= {s.key: reverse(s.url_name, args=[slug]) for s in SECTIONS}
    pages |= {
        "partners": reverse("initiatives:partners", args=[slug]),
        "partner": reverse("initiatives:partner", args=[slug, partner.pk]),
        "bodies": reverse("initiatives:bodies", args=[slug]),
        "body": reverse("initiatives:body", args=[slug, body.pk]),
        "preferences": reverse("people:preferences"),
        "agenda-document": reverse("agenda:document", args=[slug]),
        "agenda-versions": reverse("agenda:versions", args=[slug]),
        "agenda-changes": reverse("agenda:canvas", args=[slug, "changes"]),
        "agenda-theory": reverse("agenda:canvas", args=[slug, "theory"]),
        "measurement-indicator": reverse("measurement:indicator", args=[slug, "aide-alimentaire"]),
        "measurement-ecosystem": reverse("measurement:ecosystem", args=[slug]),
        "activities-matrix": reverse("activities:matrix", args=[slug]),
        "activities-coordination": reverse("activities:coordination", args=[slug]),
        "activities-network": reverse("activities:network", args=[slug]),
        "activities-chain": reverse("activities:chain_partner", args=[slug, partner.pk]),
        "activities-plan": reverse("activities:plan", args=[slug]),
        "activities-activity": reverse("activities:activity", args=[slug, activity.pk]),
        "assessments-round": reverse("assessments:round", args=[slug, scale_round.pk]),
        "assessments-network": reverse("assessments:round", args=[slug, network_round.pk]),
        "assessments-instrument": reverse("assessments:instrument", args=[slug, "continuum"]),
    }
    optional = {
        "people": (Action.VIEW_PEOPLE, reverse("team:people", args=[slug]), None),
        "history": (Action.VIEW_HISTORY, reverse("framework:history", args=[slug]), None),
        "settings": (Action.EDIT_INITIATIVE, reverse("initiatives:settings", args=[slug]), None),
        "agenda-edit": (
            Action.EDIT_AGENDA,
            reverse("agenda:canvas_edit", args=[slug, "actions"]),
            None,
        ),
        "measurement-entry": (Action.ENTER_DATA, reverse("measurement:entry", args=[slug]), None),
        "measurement-import": (Action.ENTER_DATA, reverse("measurement:import", args=[slug]), None),
        "measurement-tokens": (Action.ENTER_DATA, reverse("measurement:tokens", args=[slug]), None),
        "measurement-completeness": (
            Action.ENTER_DATA,
            reverse("measurement:completeness", args=[slug]),
            None,
        ),
        "measurement-review": (
            Action.REVIEW_DATA,
            reverse("measurement:review", args=[slug]),
            None,
        ),
        "measurement-structure": (
            Action.MANAGE_INDICATORS,
            reverse("measurement:structure", args=[slug]),
            None,
        ),
        "measurement-territory": (
            Action.MANAGE_INDICATORS,
            reverse("measurement:territory_edit", args=[slug, territory.pk]),
            None,
        ),
        "activities-new": (
            Action.EDIT_ACTIVITY,
            reverse("activities:activity_new", args=[slug]),
            None,
        ),
        "activities-plan-new": (
            Action.MANAGE_ACTION_PLAN,
            reverse("activities:shared_action_new", args=[slug]),
            None,
        ),
        "assessments-new": (
            Action.MANAGE_ASSESSMENTS,
            reverse("assessments:round_new", args=[slug]),
            None,
        ),
        "assessments-answer": (
            Action.ANSWER_ASSESSMENT,
            reverse("assessments:answer", args=[slug, open_round.pk]),
            open_round,
        ),
        "partner-edit": (
            Action.EDIT_PARTNER,
            reverse("initiatives:partner_edit", args=[slug, partner.pk]),
            partner,
        ),
    }
    for name, (action, url, obj) in optional.items():
        if can(user, action, initiative, obj):
            pages[name] = url
    if not open_round.respondents.filter(user=user).exists():
        pages.pop("assessments-answer", None)  # a site administrator passes, but is not asked
    return pages


def same_site_links(page, base_url: str) -> set[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    host = urlsplit(base_url).netloc
    links = set()
    for href in hrefs:
        if href.startswith("#"):
            continue
        url = urljoin(page.url, href).split("#")[0]
        if urlsplit(url).netloc == host:
            links.add(url)
    return links


def walk(page, live_server_url, pages, language, screen, role, checked_links, texts):
    failures = record_failures(page)
    for name, path in pages.items():
        response = page.goto(f"{live_server_url}{path}")
        assert response is not None and response.status == 200, f"{role} {name}: {path}"
        page.wait_for_load_state("load")
        assert page.get_attribute("html", "lang") == language, f"{role} {name} not in {language}"
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), (
            f"sideways scrolling on {name} ({role}, {language}, {screen})"
        )
        check_accessibility(page)
        screenshot(page, f"roles-{role}-{language}-{screen}-{name}")
        texts.setdefault(name, {})[language] = page.locator("main h1").first.inner_text()
        for link in same_site_links(page, live_server_url) - checked_links:
            status = page.request.get(link, max_redirects=0).status
            assert status < 400, f"dead link on {name} ({role}): {link} answers {status}"
            checked_links.add(link)
    assert failures == [], f"failed requests or console errors for {role}: {failures}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_finds_its_way_in_french_and_english(role, demo, live_server, new_context):
    user = User.objects.get(email=ROLES[role])
    initiative = Initiative.objects.get(slug=MAIN)
    pages = pages_for(user, initiative)
    checked_links: set[str] = set()
    texts: dict[str, dict[str, str]] = {}

    page = new_context(locale="fr-CA", viewport=DESKTOP).new_page()
    log_in(page, live_server.url, user.email, DEMO_PASSWORD)
    page.goto(f"{live_server.url}{pages['home']}")
    if page.get_attribute("html", "lang") != "fr":
        with page.expect_navigation():
            page.click("form.lang button[value=fr]")
    walk(page, live_server.url, pages, "fr", "desktop", role, checked_links, texts)

    with page.expect_navigation():
        page.click("form.lang button[value=en]")
    page.set_viewport_size(PHONE)
    walk(page, live_server.url, pages, "en", "phone", role, checked_links, texts)

    # Headings are the interface's words (or bilingual content): none may stay in one language,
    # except a partner's own name, which organizations do not always translate.
    same = [
        n for n, t in texts.items() if t["fr"] == t["en"] and n not in {"partner", "partner-edit"}
    ]
    assert not same, f"the same heading in French and English: {[texts[n] for n in same]}"
    user.refresh_from_db()
    assert user.language == "en", "the language chosen with the EN button did not stick"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_public_sees_the_published_page_and_is_asked_to_log_in_elsewhere(
    demo, live_server, new_context
):
    initiative = Initiative.objects.get(slug=MAIN)
    for language, locale, viewport in (("fr", "fr-CA", DESKTOP), ("en", "en-CA", PHONE)):
        page = new_context(locale=locale, viewport=viewport).new_page()
        failures = record_failures(page)
        response = page.goto(f"{live_server.url}{reverse('framework:public', args=[MAIN])}")
        assert response.status == 200
        assert page.get_attribute("html", "lang") == language
        assert initiative.name_fr in page.content() or initiative.name_en in page.content()
        check_accessibility(page)
        screenshot(page, f"roles-public-{language}-public")
        page.goto(f"{live_server.url}{reverse('framework:home', args=[MAIN])}")
        assert "/accounts/login/" in page.url
        assert failures == []
