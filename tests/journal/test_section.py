"""The journal's part of the home page, read from the demo: the card says how many outcomes wait
for substantiation (staff) and when the last learning session was held; a partner asked in the
open harvest, or a person asked to confirm an outcome, finds it in their to-dos; the public page
shows published outcomes only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from commun.journal.models import HarvestCampaign, ObservedOutcome, Substantiation
from commun.journal.section import card, public, to_dos
from commun.sections import Look, State
from tests.helpers import client_for

pytestmark = pytest.mark.demo_journal


def test_staff_read_the_outcomes_waiting_for_substantiation_on_the_card(initiative, people):
    with translation.override("fr"):
        read = card(Look(initiative, people["backbone_staff"]))
    assert read.badge == "6 effets en attente de corroboration"
    assert read.state == State.IN_PLACE
    assert any(str(line).startswith("Dernière séance d'apprentissage le ") for line in read.lines)


def test_an_observer_reads_the_last_session_not_what_waits(initiative, people):
    with translation.override("en"):
        read = card(Look(initiative, people["observer"]))
    assert read.badge.startswith("Last learning session on ")
    assert not any("substantiation" in str(line) for line in read.lines)


def test_a_partner_asked_in_the_open_harvest_has_it_to_do(initiative, people):
    harvest = HarvestCampaign.objects.get(initiative=initiative, deadline__gte=timezone.localdate())
    with translation.override("en"):
        items = to_dos(Look(initiative, people["partner_editor"]))
    mine = [item for item in items if harvest.title_en in item.text]
    assert mine and mine[0].due == harvest.deadline
    harvest.partners.clear()
    assert not [i for i in to_dos(Look(initiative, people["partner_editor"])) if i.due]


def test_a_person_asked_to_confirm_an_outcome_finds_the_link(initiative, people):
    editor = people["partner_editor"]
    outcome = ObservedOutcome.objects.filter(initiative=initiative, status="review").first()
    asked = Substantiation.objects.create(
        outcome=outcome,
        name="Nathalie Côté",
        email=editor.email,
        language="fr",
        person=editor,
        expires_at=timezone.now() + timedelta(days=5),
    )
    items = [i for i in to_dos(Look(initiative, editor)) if outcome.title in i.text]
    assert len(items) == 1 and "/substantiate/" in items[0].url
    assert client_for(None).get(items[0].url).status_code == 200
    asked.answered_at = timezone.now()
    asked.save()
    assert not [i for i in to_dos(Look(initiative, editor)) if outcome.title in i.text]


def test_the_public_page_shows_published_outcomes_only(initiative):
    block = public(initiative)
    assert (
        block.context["published"]
        == ObservedOutcome.objects.filter(initiative=initiative, status="published").count()
    )
    assert all(o.status == "published" for o in block.context["outcomes"])
    page = client_for(None).get(reverse("framework:public", args=[initiative.slug]))
    disputed = ObservedOutcome.objects.get(initiative=initiative, status="disputed")
    assert escape(block.context["outcomes"][0].title_fr) in page.content.decode()
    assert escape(disputed.title_fr) not in page.content.decode()
