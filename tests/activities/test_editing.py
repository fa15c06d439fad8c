"""Writing: an existing action becomes an activity in one step; shared actions record when done."""

import pytest

from commun.activities.editing import activity_from_existing_action, territories_named
from commun.activities.models import Activity
from commun.agenda.models import ExistingAction
from commun.initiatives.models import Partner

pytestmark = pytest.mark.django_db


def test_an_existing_action_becomes_an_activity_that_keeps_the_link_and_its_words(initiative):
    partner = Partner.objects.filter(initiative=initiative).order_by("pk").last()
    action = ExistingAction.objects.create(
        initiative=initiative,
        partner=partner,
        what_fr="Atelier de budget",
        what_en="Budgeting workshop",
        for_whom_fr="Familles",
        where_fr="Saint-Roch Nord",
        where_en="Saint-Roch North",
    )
    activity, created = activity_from_existing_action(action)
    assert created
    assert activity.existing_action == action
    assert (activity.name_fr, activity.name_en, activity.audience_fr) == (
        "Atelier de budget",
        "Budgeting workshop",
        "Familles",
    )
    assert list(activity.partners.all()) == [partner]
    assert [t.code for t in activity.territories.all()] == ["saint-roch-nord"]
    assert "Saint-Roch Nord" in activity.description_fr  # the free text is kept as written
    assert activity.status == Activity.Status.RUNNING

    again, created_again = activity_from_existing_action(action)
    assert (again.pk, created_again) == (activity.pk, False)
    assert Activity.objects.filter(existing_action=action).count() == 1


def test_territories_are_matched_by_name_in_either_language_without_case(initiative):
    assert [t.code for t in territories_named(initiative.pk, "saint-roch sud")] == [
        "saint-roch-sud"
    ]
    assert territories_named(initiative.pk, "Local de la rue du Pont", "") == []


def test_territories_are_matched_without_accents_or_case_and_by_their_code(initiative):
    assert [t.code for t in territories_named(initiative.pk, "RIVIÈRE-NORD  OUEST")] == [
        "riviere-nord-ouest"
    ]
    assert [t.code for t in territories_named(initiative.pk, "riviere-nord-est", "")] == [
        "riviere-nord-est"
    ]
    # Both languages naming the same place give it once.
    assert [
        t.code for t in territories_named(initiative.pk, "Rivière-Nord Est", "RIVIERE-NORD EAST")
    ] == ["riviere-nord-est"]
