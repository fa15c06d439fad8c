"""Who may answer a round: only the people it asks (an object rule of the access policy)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from commun.access import Action, can
from commun.assessments.models import Round
from commun.initiatives.models import Membership
from tests.assessments.factories import scale_round
from tests.helpers import ROLES


def answers(people, initiative, the_round):
    return {
        role: can(people[role] or AnonymousUser(), Action.ANSWER_ASSESSMENT, initiative, the_round)
        for role in ROLES
    }


def test_the_demo_round_asks_everyone_but_the_observer(people, initiative):
    the_round = Round.objects.get(
        initiative=initiative, title_fr="Les cinq conditions — automne 2026"
    )
    assert (
        answers(people, initiative, the_round)
        == {
            "superuser": True,  # the policy lets a site administrator through; the page finds no invitation
            "backbone_admin": True,
            "backbone_staff": True,
            "partner_editor": True,
            "partner_member": True,
            "observer": False,
            "other_initiative_admin": False,
            "anonymous": False,
        }
    )


@pytest.mark.parametrize("asked", ["partner_editor", "observer"])
def test_a_round_asking_one_person_lets_only_that_person_answer(asked, people, initiative):
    membership = Membership.objects.get(user=people[asked], initiative=initiative)
    the_round = scale_round(initiative, people=[membership], title=f"Seul {asked}")
    result = answers(people, initiative, the_round)
    assert {role for role, allowed in result.items() if allowed} == {"superuser", asked}
