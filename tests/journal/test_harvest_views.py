"""Harvest pages per role: members read the list and a campaign (who is asked, who reported how
many), staff plan one (bad input refused, nothing saved) and open it (the invitations, once);
others may not; another initiative's campaign is not found."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commun.initiatives.models import Membership
from commun.journal.models import HarvestCampaign
from tests.helpers import client_for
from tests.journal.harvest_factory import make_campaign, make_outcome


def url(initiative, name, *args):
    return reverse(f"journal:{name}", args=[initiative.slug, *args])


@pytest.fixture
def editor_partner(people, initiative):
    return Membership.objects.get(user=people["partner_editor"], initiative=initiative).partner


def form_data(partner, **changes):
    today = timezone.localdate()
    data = {
        "title_fr": "Collecte d'automne",
        "title_en": "Autumn harvest",
        "instructions_fr": "Ce qui a changé chez vos participants.",
        "instructions_en": "",
        "period_start": (today - timedelta(days=60)).isoformat(),
        "period_end": today.isoformat(),
        "deadline": (today + timedelta(days=14)).isoformat(),
        "partners": [partner.pk],
        "remind_days_before": 5,
    }
    return data | changes


def test_staff_plan_a_harvest(initiative, people, editor_partner):
    client = client_for(people["backbone_staff"])
    response = client.post(url(initiative, "harvest_new"), form_data(editor_partner))
    campaign = HarvestCampaign.objects.get(title_fr="Collecte d'automne")
    assert response.status_code == 302 and response["Location"].endswith(
        f"/harvests/{campaign.pk}/"
    )
    assert list(campaign.partners.all()) == [editor_partner]
    assert campaign.created_by == people["backbone_staff"]


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"period_end": "2020-01-01"}, "period_end"),
        ({"deadline": "2020-01-01"}, "deadline"),
        ({"partners": []}, None),
        ({"deadline": "pas une date"}, "deadline"),
    ],
)
def test_a_bad_harvest_is_refused_and_nothing_saved(
    initiative, people, editor_partner, changes, field
):
    client = client_for(people["backbone_staff"])
    response = client.post(url(initiative, "harvest_new"), form_data(editor_partner, **changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field] if field else form.non_field_errors()
    assert not HarvestCampaign.objects.filter(title_fr="Collecte d'automne").exists()


def test_a_partner_of_another_initiative_cannot_be_asked(initiative, other_initiative, people):
    foreign = other_initiative.partners.first()
    client = client_for(people["backbone_staff"])
    response = client.post(url(initiative, "harvest_new"), form_data(foreign))
    assert "partners" in response.context["form"].errors


@pytest.mark.parametrize("role", ["partner_editor", "partner_member", "observer"])
def test_only_staff_plan_and_open(initiative, people, editor_partner, role, mailoutbox):
    client = client_for(people[role])
    assert client.post(url(initiative, "harvest_new"), form_data(editor_partner)).status_code == 403
    campaign = make_campaign(initiative, partners=[editor_partner])
    assert client.post(url(initiative, "harvest_open", campaign.pk)).status_code == 403
    campaign.refresh_from_db()
    assert campaign.opened_at is None and not mailoutbox


def test_staff_open_the_harvest_once(initiative, people, editor_partner, mailoutbox):
    campaign = make_campaign(initiative, partners=[editor_partner])
    client = client_for(people["backbone_staff"])
    client.post(url(initiative, "harvest_open", campaign.pk))
    sent = len(mailoutbox)
    assert sent >= 1
    client.post(url(initiative, "harvest_open", campaign.pk))
    assert len(mailoutbox) == sent
    page = client.get(url(initiative, "harvest", campaign.pk)).content.decode()
    assert url(initiative, "harvest_open", campaign.pk) not in page


def test_the_campaign_page_says_who_is_asked_and_who_reported(initiative, people, editor_partner):
    campaign = make_campaign(initiative, partners=[editor_partner])
    make_outcome(initiative, campaign=campaign, partner=editor_partner, status="published")
    make_outcome(initiative, campaign=campaign, partner=editor_partner, status="published")
    for role in ("partner_member", "observer", "backbone_staff"):
        response = client_for(people[role]).get(url(initiative, "harvest", campaign.pk))
        assert response.status_code == 200
        assert response.context["reporters"][0]["outcomes"] == 2
        assert editor_partner.name in response.content.decode()


def test_a_person_asked_sees_the_harvest_as_a_to_do(initiative, people, editor_partner):
    campaign = make_campaign(initiative, partners=[editor_partner], opened_at=timezone.now())
    response = client_for(people["partner_editor"]).get(url(initiative, "harvests"))
    assert response.context["to_report"] == [campaign]
    response = client_for(people["observer"]).get(url(initiative, "harvests"))
    assert response.context["to_report"] == []


def test_another_initiatives_campaign_is_not_found(initiative, other_initiative, people):
    campaign = make_campaign(initiative)
    client = client_for(people["other_initiative_admin"])
    assert client.get(url(other_initiative, "harvest", campaign.pk)).status_code == 404
    assert client.get(url(other_initiative, "harvest_edit", campaign.pk)).status_code == 404


def test_the_list_costs_the_same_queries_with_more_campaigns(initiative, people, editor_partner):
    client = client_for(people["partner_editor"])
    make_campaign(initiative, partners=[editor_partner], opened_at=timezone.now())
    with CaptureQueriesContext(connection) as one:
        client.get(url(initiative, "harvests"))
    for n in range(5):
        make_campaign(
            initiative, partners=[editor_partner], opened_at=timezone.now(), title_fr=f"C{n}"
        )
    with CaptureQueriesContext(connection) as six:
        response = client.get(url(initiative, "harvests"))
    assert len(six) == len(one)
    assert len(response.context["to_report"]) == 6
