"""The communication pages as people use them: the plan, the log and the wheel, read by every
member; audiences and log entries kept by staff only; bad input refused with nothing written."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from commun.communication.models import Audience, Communication
from commun.formatting.periods import format_period
from commun.measurement.periods import period_of
from tests.helpers import client_for


def url(name, initiative, *args):
    return reverse(f"communication:{name}", args=[initiative.slug, *args])


@pytest.mark.parametrize("page", ["overview", "plan", "log", "wheel"])
@pytest.mark.parametrize("role", ["backbone_staff", "partner_member", "observer"])
def test_members_read_the_pages(page, role, people, initiative):
    response = client_for(people[role]).get(url(page, initiative))
    assert response.status_code == 200
    audience = Audience.objects.filter(initiative=initiative).first()
    if page in ("plan", "wheel"):
        assert audience.name_fr in response.content.decode()


def test_the_plan_shows_quarters_the_french_way(people, initiative):
    user = people["backbone_staff"]
    user.language = "fr"
    user.save()
    html = client_for(user).get(url("plan", initiative)).content.decode()
    assert "Prévu et réalisé, par trimestre" in html
    current = period_of(timezone.localdate(), "quarter")
    assert format_period(current, "fr") in html  # "T4 2026"
    assert format_period(current, "en") not in html  # "Q4 2026"


def test_staff_add_an_audience_and_log_a_communication(people, initiative):
    client = client_for(people["backbone_staff"])
    response = client.post(
        url("audience_new", initiative),
        {
            "name_fr": "Commerçants de la rue",
            "name_en": "Street merchants",
            "kind": "other",
            "level_sought": "2",
            "channels": ["email", "meeting"],
            "frequency": "quarterly",
        },
    )
    assert response.status_code == 302
    merchants = Audience.objects.get(initiative=initiative, name_fr="Commerçants de la rue")
    assert merchants.channels == ["meeting", "email"]  # in the list's order
    response = client.post(
        url("communication_new", initiative),
        {
            "sent_on": "2026-11-20",
            "channel": "meeting",
            "level": "2",
            "title_fr": "Rencontre des commerçants",
            "audiences": [merchants.pk],
            "link": "exemple.org/compte-rendu",
        },
    )
    assert response.status_code == 302
    item = Communication.objects.get(initiative=initiative, title_fr="Rencontre des commerçants")
    assert item.created_by == people["backbone_staff"]
    assert item.link == "https://exemple.org/compte-rendu"
    assert list(item.audiences.all()) == [merchants]


def test_a_second_audience_of_the_same_name_is_refused(people, initiative):
    existing = Audience.objects.filter(initiative=initiative).first()
    before = Audience.objects.count()
    with translation.override("fr"):
        response = client_for(people["backbone_staff"]).post(
            url("audience_new", initiative),
            {
                "name_fr": existing.name_fr.upper(),
                "kind": "other",
                "level_sought": "1",
                "frequency": "yearly",
            },
            HTTP_ACCEPT_LANGUAGE="fr",
        )
    assert response.status_code == 200
    assert Audience.objects.count() == before
    assert "Le plan a déjà un public cible de ce nom." in response.content.decode()


def test_a_communication_with_no_audience_or_date_is_refused(people, initiative):
    before = Communication.objects.count()
    response = client_for(people["backbone_staff"]).post(
        url("communication_new", initiative),
        {"sent_on": "pas une date", "channel": "news", "level": "1", "title_fr": "Nouvelle"},
    )
    assert response.status_code == 200
    assert Communication.objects.count() == before
    assert response.context["form"].errors.keys() == {"sent_on", "audiences"}


@pytest.mark.parametrize("role", ["partner_editor", "partner_member", "observer"])
def test_only_staff_change_the_plan(role, people, initiative):
    client = client_for(people[role])
    audience = Audience.objects.filter(initiative=initiative).first()
    assert client.get(url("audience_new", initiative)).status_code == 403
    assert client.post(url("audience_delete", initiative, audience.pk)).status_code == 403
    assert Audience.objects.filter(pk=audience.pk).exists()
    html = client.get(url("plan", initiative)).content.decode()
    assert url("audience_edit", initiative, audience.pk) not in html


def test_another_initiative_sees_nothing(people, initiative):
    client = client_for(people["other_initiative_admin"])
    assert client.get(url("plan", initiative)).status_code == 403
    audience = Audience.objects.filter(initiative=initiative).first()
    assert client.get(url("audience_edit", initiative, audience.pk)).status_code == 403


def test_the_log_filters_by_audience_and_period(people, initiative):
    audiences = list(Audience.objects.filter(initiative=initiative).order_by("pk")[:2])
    wanted = Communication.objects.create(
        initiative=initiative, sent_on=date(2020, 3, 1), channel="news", level=1, title_fr="Voulu"
    )
    wanted.audiences.set([audiences[0]])
    other = Communication.objects.create(
        initiative=initiative, sent_on=date(2020, 3, 2), channel="news", level=1, title_fr="Autre"
    )
    other.audiences.set([audiences[1]])
    response = client_for(people["partner_member"]).get(
        url("log", initiative),
        {"audience": audiences[0].pk, "since": "2020-01-01", "until": "2020-12-31"},
    )
    assert [item.title_fr for item in response.context["page"]] == ["Voulu"]
