"""The journal's tests start from the demo initiative with an empty journal (each makes the
outcomes, actors, harvests and sessions it needs), except those marked `demo_journal`, which read
the demo's. The emptying is rolled back with the test."""

import pytest

from commun.journal.models import (
    HarvestCampaign,
    Interpretation,
    LearningSession,
    ObservedOutcome,
    SocialActor,
)


@pytest.fixture(autouse=True)
def empty_journal(request, demo):
    if request.node.get_closest_marker("demo_journal"):
        return
    Interpretation.objects.all().delete()
    LearningSession.objects.all().delete()
    ObservedOutcome.objects.all().delete()
    SocialActor.objects.all().delete()
    HarvestCampaign.objects.all().delete()
