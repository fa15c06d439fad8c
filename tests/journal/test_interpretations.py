"""Interpretations of an indicator's figures: staff add them with a period written either
language's way, and delete them; members read them beside the chart; a period the indicator does
not use is refused with the reason."""

from html import unescape

import pytest
from django.urls import reverse

from commun.journal.interpretations import interpretations_seen
from commun.journal.models import Interpretation
from tests.helpers import client_for
from tests.journal import learning_factory as make


def url(initiative, name, *args):
    return reverse(f"journal:{name}", args=[initiative.slug, *args])


@pytest.fixture
def indicator(initiative):
    return make.indicator_with_figures(initiative)


def test_staff_add_an_interpretation_with_the_period_written_their_way(
    people, initiative, indicator
):
    assert indicator.frequency == "quarter"
    session = make.session(initiative)
    response = client_for(people["backbone_staff"]).post(
        url(initiative, "interpretation_new", indicator.code),
        {
            "period": " T3 2025 ",
            "text_fr": "La hausse suit l'ouverture du marché",
            "session": session.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "measurement:indicator", args=[initiative.slug, indicator.code]
    )
    added = Interpretation.objects.get(indicator=indicator)
    assert (added.period, added.session, added.author) == (
        "2025-Q3",
        session,
        people["backbone_staff"],
    )


@pytest.mark.parametrize("period", ["2025", "2025-13", "l'an dernier"])
def test_a_period_the_indicator_does_not_use_is_refused_and_nothing_saved(
    period, people, initiative, indicator
):
    response = client_for(people["backbone_staff"]).post(
        url(initiative, "interpretation_new", indicator.code),
        {"period": period, "text_fr": "Lecture"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["period"]
    assert not Interpretation.objects.filter(indicator=indicator).exists()


def test_an_interpretation_needs_its_text(people, initiative, indicator):
    response = client_for(people["backbone_staff"]).post(
        url(initiative, "interpretation_new", indicator.code), {"period": "2025-Q1"}
    )
    assert response.context["form"].errors["text_fr"]
    assert not Interpretation.objects.filter(indicator=indicator).exists()


@pytest.mark.parametrize("role", ["partner_editor", "partner_member", "observer"])
def test_only_staff_add_or_delete_interpretations(role, people, initiative, indicator):
    client = client_for(people[role])
    response = client.post(
        url(initiative, "interpretation_new", indicator.code), {"text_fr": "Lecture"}
    )
    assert response.status_code == 403
    kept = make.interpretation(indicator)
    assert client.post(url(initiative, "interpretation_delete", kept.pk)).status_code == 403
    assert Interpretation.objects.filter(pk=kept.pk).exists()


def test_staff_delete_an_interpretation(people, initiative, indicator):
    gone = make.interpretation(indicator)
    client = client_for(people["backbone_staff"])
    assert client.get(url(initiative, "interpretation_delete", gone.pk)).status_code == 405
    client.post(url(initiative, "interpretation_delete", gone.pk))
    assert not Interpretation.objects.filter(pk=gone.pk).exists()


def test_another_initiatives_interpretation_is_not_found(
    people, initiative, other_initiative, indicator
):
    kept = make.interpretation(indicator)
    client = client_for(people["other_initiative_admin"])
    assert client.post(url(other_initiative, "interpretation_delete", kept.pk)).status_code == 404
    assert Interpretation.objects.filter(pk=kept.pk).exists()
    page = client.get(url(other_initiative, "interpretation_new", indicator.code))
    assert page.status_code == 404


def test_members_read_interpretations_except_those_of_a_session_kept_for_staff(
    people, initiative, indicator
):
    hidden = make.session(initiative, published=False)
    make.interpretation(indicator, "Lecture ouverte")
    make.interpretation(indicator, "Lecture interne", session=hidden)
    member = [
        i.text_fr for i in interpretations_seen(people["partner_member"], initiative, indicator)
    ]
    staff = [
        i.text_fr for i in interpretations_seen(people["backbone_staff"], initiative, indicator)
    ]
    assert member == ["Lecture ouverte"]
    assert staff == ["Lecture interne", "Lecture ouverte"]  # latest first
    page = unescape(
        client_for(people["observer"])
        .get(reverse("measurement:indicator", args=[initiative.slug, indicator.code]))
        .content.decode()
    )
    assert "Lecture ouverte" in page and "Lecture interne" not in page
