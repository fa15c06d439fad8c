"""A meeting from its agenda to approved minutes, at phone width, in French and in English: plan
it, add and move an item (htmx), send the invitations, write the minutes in the rich-text editor
(under the Content-Security-Policy), open them for amendments, amend, accept, approve at a later
meeting, and find them locked."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commun.demo.cast import DEMO_PASSWORD
from commun.governance.meetings import create_meeting
from commun.governance.models import Amendment, Meeting, Minutes
from commun.initiatives.models import GovernanceBody
from commun.people.models import User
from tests.browser.conftest import (
    PHONE,
    check_accessibility,
    log_in,
    no_sideways_scroll,
    screenshot,
)
from tests.helpers import MAIN

WATCH = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} refused ${event.blockedURI || "inline"}`);
});
"""


def looked_at(page, name: str) -> None:
    page.wait_for_load_state("load")
    check_accessibility(page)
    no_sideways_scroll(page)
    screenshot(page, name)
    assert page.evaluate("window.cspViolations") == [], page.url


def submit(page, form: str = "main form.stacked") -> None:
    with page.expect_navigation(wait_until="load"):
        page.locator(f"{form} button[type=submit]").first.click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language, locale", [("fr", "fr-CA"), ("en", "en-CA")])
def test_a_meeting_from_agenda_to_approved_minutes_on_a_phone(
    language, locale, demo, live_server, new_context
):
    context = new_context(locale=locale, viewport=PHONE)
    context.add_init_script(WATCH)
    page = context.new_page()
    User.objects.filter(email="direction@demo.commun.example").update(language=language)
    log_in(page, live_server.url, "direction@demo.commun.example", DEMO_PASSWORD)
    body = GovernanceBody.objects.get(initiative__slug=MAIN, name_fr="Comité directeur")
    site = live_server.url

    # The body page leads to planning a meeting.
    page.goto(f"{site}{reverse('initiatives:body', args=[MAIN, body.pk])}")
    looked_at(page, f"meetings-body-{language}-phone")
    page.goto(f"{site}{reverse('governance:meeting_new', args=[MAIN, body.pk])}")
    day = (timezone.localdate() + timedelta(days=2)).isoformat()
    page.fill("[name=title_fr]", "Comité spécial")
    page.fill("[name=title_en]", "Special committee")
    page.fill("[name=starts_at]", f"{day}T18:00")
    page.fill("[name=ends_at]", f"{day}T19:00")
    submit(page)
    meeting = Meeting.objects.get(body=body, title_fr="Comité spécial")
    assert meeting.items.exists() and meeting.attendance.exists()

    # An item added last, then moved up without leaving the page.
    page.goto(f"{site}{reverse('governance:item_new', args=[MAIN, meeting.pk])}")
    page.fill("[name=title_fr]", "Point ajouté")
    page.fill("[name=title_en]", "Added item")
    page.fill("[name=minutes]", "90")
    submit(page)
    last = page.locator("#agenda ol > li").last
    assert "Added item" in last.inner_text() or "Point ajouté" in last.inner_text()
    with page.expect_response(lambda r: "/move/" in r.url):
        last.locator("button[value=up]").click()
    page.wait_for_function(
        "() => !document.querySelector('#agenda ol > li:last-child').textContent.includes('90')"
    )
    assert page.locator("#agenda p.warning").count() == 1  # 90 min and more, in a one-hour meeting
    page.locator("main .actions form button[type=submit]").click()  # send the invitations
    page.wait_for_load_state("load")
    looked_at(page, f"meetings-meeting-{language}-phone")

    # Attendance: one is excused, another gives a proxy; the quorum follows.
    page.goto(f"{site}{reverse('governance:attendance', args=[MAIN, meeting.pk])}")
    rows = page.locator("fieldset.attendance-row")
    rows.nth(0).locator("select[name$=presence]").select_option("excused")
    rows.nth(1).locator("select[name$=presence]").select_option("proxy")
    holder = rows.nth(2).locator("legend").inner_text().split(" (")[0]
    rows.nth(1).locator("select[name$=proxy]").select_option(label=holder)
    looked_at(page, f"meetings-attendance-{language}-phone")
    submit(page)
    assert meeting.attendance.filter(presence="proxy", proxy__full_name=holder).count() == 1
    assert meeting.attendance.filter(presence="excused").count() == 1

    # The minutes, written in the rich-text editor.
    page.goto(f"{site}{reverse('governance:minutes_edit', args=[MAIN, meeting.pk])}")
    editor = page.locator("[contenteditable=true]").first
    editor.wait_for(timeout=10_000)
    editor.click()
    page.keyboard.type("Le comité adopte le budget.")
    looked_at(page, f"meetings-minutes-editor-{language}-phone")
    submit(page)
    minutes = Minutes.objects.get(meeting=meeting)
    assert "Le comité adopte le budget." in minutes.text_fr

    # Open for amendments; the secretary, present, proposes one; it is accepted.
    until = (timezone.localdate() + timedelta(days=7)).isoformat()
    page.fill("form[action$='/minutes/open/'] [name=until]", until)
    submit(page, "form[action$='/minutes/open/']")
    page.locator("a[href$='/minutes/amend/']").click()
    page.wait_for_load_state("load")
    page.fill("[name=text]", "Préciser le montant du budget.")
    submit(page)
    page.locator("button[value=accept]").click()
    page.wait_for_load_state("load")
    assert Amendment.objects.get(minutes=minutes).status == "accepted"

    # Approved at a later meeting, then locked.
    starts = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=5), datetime.min.time())
    ) + timedelta(hours=18)
    later = create_meeting(
        Meeting(
            body=body, title_fr="Suivante", starts_at=starts, ends_at=starts + timedelta(hours=2)
        )
    )
    page.reload()
    page.select_option("form[action$='/minutes/approve/'] select", str(later.pk))
    submit(page, "form[action$='/minutes/approve/']")
    minutes.refresh_from_db()
    assert minutes.status == "approved" and minutes.approved_at == later
    looked_at(page, f"meetings-minutes-approved-{language}-phone")
    page.goto(f"{site}{reverse('governance:minutes_edit', args=[MAIN, meeting.pk])}")
    page.wait_for_load_state("load")
    assert page.locator(".messages").count() == 1
    assert "/minutes/edit/" not in page.url
    # The body's meetings, past and to come, with the person's calendar address.
    page.goto(f"{site}{reverse('governance:body_meetings', args=[MAIN, body.pk])}")
    page.locator("details.calendar-feed summary").click()
    looked_at(page, f"meetings-list-{language}-phone")
