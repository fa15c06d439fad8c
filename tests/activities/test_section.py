from datetime import date, timedelta

import pytest
from django.utils import translation

from commun.activities.models import SharedAction
from commun.activities.section import card
from commun.agenda.models import Strategy
from commun.sections import Look, State

pytestmark = pytest.mark.django_db


def test_the_home_card_shows_gaps_and_overdue_actions(initiative):
    with translation.override("en"):
        shown = card(Look(initiative))
    # Every strategy has an activity, but two gaps are left: under way, not in place.
    assert shown.state == State.UNDER_WAY
    total = Strategy.objects.filter(initiative=initiative).count()
    assert shown.badge == f"{total} of {total} strategies have an activity"
    text = "\n".join(str(line) for line in shown.lines)
    assert "17 current activities" in text
    assert "2 gaps to discuss" in text
    assert "3 overdue shared actions:" in text
    assert "Signer l'entente d'embauche inclusive" in text or "inclusive hiring" in text
    SharedAction.objects.filter(initiative=initiative).update(due=date.today() + timedelta(1))
    assert not any("overdue" in str(line) for line in card(Look(initiative)).lines)
