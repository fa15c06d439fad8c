"""The overview keeps what it read in the cache, and never shows figures older than the data."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commun.initiatives.models import Membership, Partner
from commun.measurement.checks import EntryRow
from commun.measurement.entry import review, save_observations
from commun.measurement.figures import main_territory
from commun.measurement.models import Indicator, Observation, Target
from tests.helpers import client_for
from tests.measurement.factories import indicator


@pytest.fixture
def served(initiative, people):
    """ "served", reported yearly by the partner editor's organization, on the main territory."""
    mine = Membership.objects.get(user=people["partner_editor"], initiative=initiative).partner
    found = indicator(initiative, "served", "sum", name_en="Served people")
    found.reporting_partners.add(mine)
    return found


def overview(user, initiative, query="", language="fr") -> str:
    client = client_for(user)
    client.cookies["django_language"] = language
    if user is not None and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    page = client.get(reverse("measurement:overview", args=[initiative.slug]) + query)
    assert page.status_code == 200
    return page.content.decode().replace("\u202f", " ").replace("\xa0", " ")


def card(html: str, code: str) -> str:
    """The card of one indicator on the overview."""
    found = [
        part for part in html.split('<li class="card">') if f"/{code}/" in part.split("</h3>")[0]
    ]
    assert len(found) == 1
    return found[0].split("</li>")[0]


def send(initiative, partner, indicator, value, by, period="2025"):
    """A partner sends a value for the main territory, as the grid, a file or the API does."""
    save_observations(
        partner=partner,
        period=period,
        territory=main_territory(initiative),
        rows=[EntryRow(indicator=indicator, breakdown="", value=Decimal(value), where="")],
        by=by,
        provenance="form",
        status="submitted" if partner else "approved",
    )


def test_a_second_look_at_the_overview_reads_no_figures(people, initiative, served):
    overview(people["observer"], initiative)
    with CaptureQueriesContext(connection) as queries:
        overview(people["observer"], initiative)
    read = " ".join(query["sql"] for query in queries)
    assert "measurement_aggregate" not in read and "measurement_indicator" not in read


def test_a_value_shows_on_the_overview_as_soon_as_it_is_approved(people, initiative, served):
    editor, staff, observer = people["partner_editor"], people["backbone_staff"], people["observer"]
    mine = served.reporting_partners.get()
    assert "4 321" not in overview(observer, initiative)  # cached, without the value

    send(initiative, mine, served, "4321", editor)
    # Submitted: staff asking for submitted values see it; nobody else, whoever looked first.
    assert "4 321" in overview(staff, initiative, "?scope=all")
    assert "4 321" not in overview(editor, initiative, "?scope=all")
    assert "4 321" not in overview(observer, initiative)
    assert "4 321" not in overview(staff, initiative)

    review(Observation.objects.filter(indicator=served), approve=True, reason="", by=staff)
    assert "4 321" in overview(observer, initiative)
    assert "4 321" in overview(editor, initiative)

    send(initiative, None, served, "1357", staff)  # the backbone's own value, approved at once
    html = overview(observer, initiative)
    assert "5 678" in html and "4 321" not in html

    review(
        Observation.objects.filter(indicator=served, partner=mine),
        approve=False,
        reason="x",
        by=staff,
    )
    html = overview(observer, initiative)
    assert "1 357" in html and "5 678" not in html


def test_what_only_the_backbone_sees_never_reaches_others_through_the_cache(
    people, initiative, served
):
    hidden = indicator(initiative, "internal", "sum", visibility=Indicator.Visibility.BACKBONE)
    draft = indicator(initiative, "draft", "sum", status=Indicator.Status.DRAFT)
    staff_html = overview(people["backbone_staff"], initiative)
    assert hidden.name_fr in staff_html and draft.name_fr in staff_html
    for role in ("partner_editor", "partner_member", "observer"):
        html = overview(people[role], initiative)
        assert served.name_fr in html
        assert hidden.name_fr not in html and draft.name_fr not in html


def test_each_language_gets_its_own_overview(people, initiative, served):
    assert "Indicateur served" in overview(people["observer"], initiative, language="fr")
    html = overview(people["observer"], initiative, language="en")
    assert "Served people" in html and "Indicateur served" not in html


def test_editing_an_indicator_its_targets_or_the_territory_shows_at_once(
    people, initiative, served
):
    observer, staff = people["observer"], people["backbone_staff"]
    send(initiative, served.reporting_partners.get(), served, "80", people["partner_editor"])
    review(Observation.objects.filter(indicator=served), approve=True, reason="", by=staff)

    def served_card():
        return card(overview(observer, initiative, language="en"), "served")

    assert "Target for" not in served_card()

    served.name_en = "People reached"
    served.save()
    assert "People reached" in served_card()

    target = Target.objects.create(indicator=served, period="2025", value=100)
    assert "Target for 2025: 100 (gap: -20)" in served_card()
    target.value = 90
    target.save()
    assert "(gap: -10)" in served_card()
    target.delete()
    assert "Target for" not in served_card()

    territory = main_territory(initiative)
    territory.name_en = "The whole city"
    territory.save()
    assert "<h1>Shared measurement — The whole city</h1>" in overview(
        observer, initiative, language="en"
    )

    served.visibility = Indicator.Visibility.BACKBONE
    served.save()
    assert "People reached" not in overview(observer, initiative, language="en")


def test_a_partner_expected_to_report_makes_the_figure_partial_at_once(people, initiative, served):
    mine = served.reporting_partners.get()
    other = Partner.objects.filter(initiative=initiative).exclude(pk=mine.pk).first()
    other.joined_on, other.left_on = date(2020, 1, 1), None
    other.save()
    send(initiative, mine, served, "12", people["partner_editor"])
    staff = people["backbone_staff"]
    review(Observation.objects.filter(indicator=served), approve=True, reason="", by=staff)

    def served_card():
        return card(overview(people["observer"], initiative, language="en"), "served")

    assert "Partial" not in served_card()
    served.reporting_partners.add(other)
    assert "Partial: 1 of 2 partners has reported" in served_card()
    other.left_on = date(2021, 1, 1)  # gone before 2025: not expected then
    other.save()
    assert "Partial" not in served_card()
