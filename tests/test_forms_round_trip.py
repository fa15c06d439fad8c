"""Every edit form, saved unchanged from a browser, in French and in English, changes nothing.

The test walks every URL pattern (as the permission matrix does), opens each page as backbone
staff and reads its forms. A form that edits what exists (its target's URL name ends in `_edit`,
or is listed in EDITS) is sent back exactly as a browser would send it — a date or a number the
input type cannot show is sent empty, a textarea's lines end in CRLF — and nothing stored may
change. Every other form must be listed in NOT_EDITS with what it does, so a new form cannot be
forgotten: an unlisted one fails `test_every_form_is_known`.
"""

from functools import cache

import pytest
from django.apps import apps
from django.urls import Resolver404, resolve, reverse

from tests.browser_forms import forms_of
from tests.helpers import client_for
from tests.test_permission_matrix import ROUTES, url_values  # noqa: F401 (a fixture)

EDITS = {
    "communication:news_edit",
    "initiatives:settings",
    "people:preferences",
    "measurement:entry",  # the grid shows what is stored; sent back, nothing moves
    "measurement:review",  # nothing pre-checked, so nothing is approved or returned
    "governance:strategy_roles",  # a strategy's roles (created on the first save)
    "governance:action_roles",  # a shared action's roles (created on the first save)
    "governance:decision_outcome",  # a decided decision's outcome and review date
    "governance:attendance",  # every attendee's presence, sent together
}
NOT_EDITS = {
    "communication:news_edit",
    # Forms that create something, or act (delete, publish, close, log out…) on purpose.
    "activities:activity_new",
    "activities:activity_delete",
    "activities:from_existing_action",
    "activities:junction_new",
    "activities:junction_delete",
    "activities:populations",  # adds a population
    "activities:shared_action_new",
    "agenda:comment_add",
    "agenda:comment_resolve",
    "agenda:publish",
    "agenda:endorse",
    "agenda:scores",
    "governance:area_new",
    "communication:audience_new",
    "communication:audience_delete",
    "communication:communication_new",
    "communication:communication_delete",
    "communication:news_new",
    "communication:news_publish",  # publishes or takes off the public page, on purpose
    "communication:news_send",
    "communication:news_delete",
    "communication:subscribe",
    "communication:confirm",
    "communication:unsubscribe",
    "governance:area_delete",
    "governance:terms_publish",
    "governance:terms_endorse",  # a member's own answer: tests/governance/test_terms_views.py
    "governance:decision_new",
    "governance:decision_options",  # adds or removes an option of a draft
    "governance:decision_open",
    "governance:decision_vote",  # a member's stance: tests/governance/test_decision_views.py
    "governance:decision_close",
    "governance:decision_remind",
    "governance:decision_reviewed",
    "governance:decision_action_new",
    "governance:meeting_new",
    "governance:item_new",
    "governance:item_move",
    "governance:item_delete",
    "governance:guest_add",
    "governance:invitations_send",
    "governance:action_new",
    "governance:minutes_open",
    "governance:minutes_approve",
    "governance:minutes_publish",
    "governance:amendment_new",
    "governance:amendment_decide",
    "governance:calendar_renew",  # a new secret calendar address
    "assessments:answer",  # a person's own answers: tests/assessments
    "assessments:instrument_copy",
    "assessments:round_close",
    "assessments:round_new",
    "initiatives:body_new",
    "initiatives:body_member_add",
    "initiatives:body_member_remove",
    "initiatives:partner_new",
    "measurement:import",
    "measurement:import_run",
    "measurement:import_places",  # gives territories the other names a file uses
    "measurement:import_profile_save",  # saves (or replaces) a named profile on purpose
    "measurement:import_profile_delete",
    "measurement:indicator_new",
    "measurement:structure",  # adds territories and disaggregations
    "measurement:category_add",
    "measurement:dhis2",  # adds a DHIS2 mapping
    "measurement:dhis2_mapping_map",  # maps an id a refused import named
    "measurement:dhis2_mapping_delete",
    "measurement:category_delete",
    "measurement:territory_delete",
    "measurement:territory_alias_add",
    "measurement:territory_alias_delete",
    "measurement:territories_import",  # creates and updates territories from a file
    "measurement:tokens",  # creates a key
    "measurement:token_revoke",
    "people:invitation",
    "people:logout",
    "people:password_change",
    "people:password_reset",
    "people:set_language",
    "team:invite",
    "team:invitation_revoke",
    "team:membership_remove",
    # journal: outcomes
    "journal:outcome_new",
    "journal:outcome_delete",
    "journal:evidence_add",
    "journal:evidence_delete",
    # journal: harvest
    "journal:actor_new",
    "journal:marker_new",
    "journal:marker_delete",
    "journal:harvest_new",
    "journal:harvest_open",  # sends the invitations, on purpose
    "journal:outcome_submit",
    "journal:outcome_conclude",
    "journal:outcome_publish",
    "journal:outcome_unpublish",
    "journal:outcome_return_to_draft",
    "journal:substantiation_request",
    "journal:substantiation_again",  # a new link, on purpose
    "journal:substantiation_withdraw",
    "journal:substantiate",  # a person's own answer: tests/journal/test_substantiation_views.py
    # journal: learning
    "journal:learning_new",
    "journal:learning_freeze",  # freezes the figures on purpose
    "journal:learning_now_what_new",
    "journal:learning_now_what_delete",
    "journal:now_what_adopt",  # makes a line a shared action
    "journal:interpretation_new",
    "journal:interpretation_delete",
}
# What a person never sees change, kept out of the comparison: who is signed in, failed logins.
UNWATCHED = {"sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


def is_edit(target: str) -> bool:
    return target.endswith("_edit") or target in EDITS


def target_of(action: str, page_url: str) -> tuple[str, str]:
    url = (action or page_url).split("?")[0]
    try:
        match = resolve(url)
    except Resolver404:
        return url, url
    return f"{match.namespace}:{match.url_name}", action or page_url


def pages(values) -> list[tuple[str, str]]:
    return [
        (route.name, reverse(route.name, kwargs={k: values[k] for k in route.keywords}))
        for route in ROUTES
    ]


@cache
def watched_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.label_lower not in UNWATCHED and model._meta.managed
    ]


def everything_stored() -> dict[str, list[tuple]]:
    """Every row of every table a person's work lives in (history tables included)."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values_list())
        for model in watched_models()
    }


def differences(before: dict, after: dict) -> list[str]:
    found = []
    for table, rows in after.items():
        old = before[table]
        if rows != old:
            added = [row for row in rows if row not in old][:3]
            removed = [row for row in old if row not in rows][:3]
            found.append(f"{table}: now {added}, was {removed}")
    return found


def html_pages(client, values):
    for name, url in pages(values):
        response = client.get(url)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            yield name, url, response.content.decode()


def test_every_form_is_known(people, url_values):  # noqa: F811 (the fixture)
    client = client_for(people["backbone_admin"])
    unknown = set()
    for _name, url, html in html_pages(client, url_values[0]):
        for form in forms_of(html):
            target, _ = target_of(form.action, url)
            if form.method == "post" and not is_edit(target) and target not in NOT_EDITS:
                unknown.add(target)
    assert not unknown, f"forms neither round-tripped nor listed in NOT_EDITS: {sorted(unknown)}"


def edit_forms(client, values):
    for name, url, html in html_pages(client, values):
        for form in forms_of(html):
            target, action = target_of(form.action, url)
            if form.method == "post" and is_edit(target):
                yield name, action, form


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_edit_form_saved_unchanged_changes_nothing(language, people, url_values):  # noqa: F811
    staff = people["backbone_admin"]
    staff.language = language
    staff.save(update_fields=["language"])
    client = client_for(staff)
    problems, sent = [], set()
    for values in url_values:
        for page, action, form in edit_forms(client, values):
            before = everything_stored()
            response = client.post(action, form.data())
            changed = differences(before, everything_stored())
            sent.add(page)
            if response.status_code >= 400 or changed:
                problems.append(
                    f"{page} → {action} answered {response.status_code}; "
                    f"blanked by the browser: {form.unreadable}; changed: {changed}"
                )
    assert {"activities:activity_edit", "initiatives:partner_edit"} <= sent
    assert not problems, "\n".join(problems)
