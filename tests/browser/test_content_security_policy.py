"""Under the Content-Security-Policy (no inline script, no eval, no inline style), every chart
draws and shows its tooltip, the Print buttons print, htmx swaps pages in, and the browser
reports no violation: backbone staff, in French and in English."""

import contextlib

import pytest
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from commun.assessments.models import Round
from commun.demo.cast import DEMO_PASSWORD
from commun.initiatives.models import Initiative
from commun.initiatives.roles import Role
from commun.measurement.models import ImportJob
from commun.people.models import User
from tests.browser.conftest import DESKTOP, log_in, record_failures, tooltip_of
from tests.helpers import MAIN, PARTNER_EDITOR_EMAIL, member

# Before any script of the page: every violation the browser reports is kept, and window.print
# only counts (a headless browser has no printer to open).
WATCH = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(
    `${event.violatedDirective} refused ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber})`
  );
});
window.printed = 0;
window.print = () => { window.printed += 1; };
"""
# Every chart element of the page holds a drawing.
UNDRAWN = """() => Array.from(document.querySelectorAll("[data-spec]"))
    .filter((chart) => !chart.querySelector("svg, canvas")).map((chart) => chart.id)"""


def chart_pages() -> dict[str, str]:
    def round_titled(title):
        return Round.objects.get(initiative__slug=MAIN, title_fr=title).pk

    radar = round_titled("Les cinq conditions — mai 2026")
    continuum = round_titled("Continuum de collaboration — juin 2026")
    return {
        "indicator": reverse("measurement:indicator", args=[MAIN, "aide-alimentaire"]),
        "ecosystem": reverse("measurement:ecosystem", args=[MAIN]),
        "activities network": reverse("activities:network", args=[MAIN]),
        "radar": reverse("assessments:round", args=[MAIN, radar]),
        "continuum map": reverse("assessments:round", args=[MAIN, continuum]),
        "radar to print": reverse("assessments:round_print", args=[MAIN, radar]),
    }


def drawn(page, url: str) -> None:
    """Open the page and wait until each of its charts is drawn, or the browser refused something."""
    page.goto(url)
    assert page.locator("[data-spec]").count() > 0, url
    done = f"() => ({UNDRAWN})().length === 0 || window.cspViolations.length > 0"
    with contextlib.suppress(PlaywrightTimeout):  # the assertions below say what is missing
        page.wait_for_function(done, timeout=10_000)
    assert page.evaluate("window.cspViolations") == [], url
    assert page.evaluate(UNDRAWN) == [], url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_chart_draws_and_every_button_works_under_the_policy(
    language, demo, live_server, new_context
):
    staff = member(MAIN, Role.BACKBONE_STAFF)
    staff.language = language
    staff.save(update_fields=["language"])
    pages = chart_pages()
    page = new_context(locale="fr-CA", viewport=DESKTOP).new_page()
    page.add_init_script(WATCH)
    failures = record_failures(page)
    log_in(page, live_server.url, staff.email, DEMO_PASSWORD)

    for path in pages.values():
        drawn(page, f"{live_server.url}{path}")
    assert page.locator("html").get_attribute("lang") == language
    # Vega's expressions run in its interpreter: pointing at a mark shows its tooltip.
    drawn(page, f"{live_server.url}{pages['indicator']}")
    assert tooltip_of(page, "#trend-chart svg .mark-symbol path")
    drawn(page, f"{live_server.url}{pages['continuum map']}")
    assert tooltip_of(page, "#network-chart svg g.label_marks text")
    drawn(page, f"{live_server.url}{pages['radar']}")
    # The share bars are as wide as their share (set from data-width, not a style attribute).
    bar = page.locator(".sharebar span[data-width]").first
    share = float(bar.get_attribute("data-width"))
    width = bar.evaluate("(span) => span.getBoundingClientRect().width")
    whole = bar.evaluate("(span) => span.parentElement.getBoundingClientRect().width")
    assert width == pytest.approx(whole * share / 100, abs=1.5)

    for path in (reverse("agenda:document", args=[MAIN]), pages["radar to print"]):
        page.goto(f"{live_server.url}{path}")
        page.locator("button[data-print]").click()
        assert page.evaluate("window.printed") == 1, path
        assert page.evaluate("window.cspViolations") == [], path

    # htmx swaps the partner list in as a filter changes (no eval, no injected style).
    page.goto(f"{live_server.url}{reverse('initiatives:partners', args=[MAIN])}")
    assert page.evaluate("htmx.config.allowEval") is False  # hx-on, js: would need eval
    before = page.locator("#partner-rows tbody tr").count()
    with page.expect_response(lambda response: "show=all" in response.url):
        page.select_option("#show", "all")
    page.wait_for_function(
        f"() => document.querySelectorAll('#partner-rows tbody tr').length > {before}"
    )
    assert "show=all" in page.url

    # htmx polls an import's progress and swaps the finished state in.
    job = ImportJob.objects.create(
        initiative=Initiative.objects.get(slug=MAIN),
        created_by=staff,
        filename="valeurs.csv",
        data=b"",
        status=ImportJob.Status.QUEUED,
    )
    page.goto(f"{live_server.url}{reverse('measurement:import_job', args=[MAIN, job.pk])}")
    with page.expect_request(lambda request: request.headers.get("hx-request") == "true"):
        pass
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.DONE, progress=100)
    page.locator("#import-progress:not([hx-get]) progress[value='100']").wait_for(timeout=5_000)

    assert page.evaluate("window.cspViolations") == []
    assert failures == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_api_docs_the_admin_and_error_pages_work_under_the_policy(
    demo, live_server, new_context
):
    """Swagger UI (django-ninja's static files) draws the API's operations; the admin's login
    page, a 404 and the login page show; the site administrator opens a person in the admin (its
    date and time pickers, its two-box permission chooser); the browser refuses nothing."""
    page = new_context(locale="en-CA", viewport=DESKTOP).new_page()
    page.add_init_script(WATCH)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.locator("#swagger-ui .opblock").first.wait_for(timeout=10_000)
    page.locator("#swagger-ui .opblock-summary").first.click()
    page.locator("#swagger-ui .opblock-body").first.wait_for(timeout=5_000)
    assert page.evaluate("window.cspViolations") == []
    for path, shown in [
        ("/admin/login/", "#login-form"),
        ("/accounts/login/", "main form"),
        ("/no-such-page/", "main"),
    ]:
        page.goto(f"{live_server.url}{path}")
        page.locator(shown).first.wait_for(timeout=5_000)
        assert page.evaluate("window.cspViolations") == [], path
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "admin@demo.commun.example")
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("#login-form [type=submit]")
    person = User.objects.get(email=PARTNER_EDITOR_EMAIL)
    page.goto(f"{live_server.url}{reverse('admin:people_user_change', args=[person.pk])}")
    page.locator(".selector-available").first.wait_for(timeout=5_000)  # SelectFilter2 drew it
    page.locator(".datetimeshortcuts a").first.wait_for(timeout=5_000)  # so did the calendar
    page.locator(".datetimeshortcuts a").first.click()
    page.goto(f"{live_server.url}{reverse('admin:initiatives_membership_changelist')}")
    page.locator("#action-toggle").check()
    assert page.locator("tr.selected").count() > 0  # admin's actions.js ran
    assert page.evaluate("window.cspViolations") == []
