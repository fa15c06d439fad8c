"""Role clarification's rules: exactly one accountable, someone responsible, an area's roles
saved so that only what changes is written, a shared action's owner following its roles."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from commun.activities.models import SharedAction
from commun.agenda.models import Strategy
from commun.governance.models import RoleArea, RoleHolder
from commun.governance.roles import (
    RolesRefused,
    check_roles,
    clarity,
    owner_from_roles,
    problems_of,
    role_matrix,
    roles_of,
    save_roles,
)
from commun.initiatives.models import GovernanceBody, Membership, Partner


@pytest.fixture
def cast(initiative):
    bodies = list(GovernanceBody.objects.filter(initiative=initiative).order_by("pk")[:2])
    partners = list(Partner.objects.filter(initiative=initiative).order_by("pk")[:3])
    person = Membership.objects.filter(initiative=initiative).order_by("pk").first().user
    return {
        "steering": f"body:{bodies[0].pk}",
        "team": f"body:{bodies[1].pk}",
        "p1": f"partner:{partners[0].pk}",
        "p2": f"partner:{partners[1].pk}",
        "p3": f"partner:{partners[2].pk}",
        "person": f"person:{person.pk}",
    }


def new_area(initiative, name="Budget de la coordination"):
    return RoleArea(initiative=initiative, area_fr=name)


@pytest.mark.parametrize(
    "letters, problems",
    [
        (["A", "R", "C"], []),
        (["R", "R", "I"], ["Nobody is accountable"]),
        (["A", "A", "R"], ["More than one is accountable"]),
        (["A", "C", "I"], ["Nobody is responsible"]),
        ([], ["Nobody is accountable", "Nobody is responsible"]),
    ],
)
def test_an_area_needs_one_accountable_and_someone_responsible(letters, problems):
    with translation.override("en"):
        assert problems_of(letters) == problems


def test_the_roles_given_are_refused_without_exactly_one_accountable():
    names = {"body:1": "Comité directeur", "partner:2": "Banque alimentaire"}
    with translation.override("fr"), pytest.raises(RolesRefused, match="exactement un"):
        check_roles({"body:1": "R"}, names)
    with translation.override("fr"), pytest.raises(RolesRefused) as refused:
        check_roles({"body:1": "A", "partner:2": "A"}, names)
    assert "Comité directeur, Banque alimentaire" in str(refused.value)
    check_roles({"body:1": "A", "partner:2": "R"}, names)  # accepted


def test_the_database_holds_one_accountable_and_one_role_per_holder(initiative, cast):
    area = new_area(initiative)
    save_roles(area, {cast["steering"]: "A"})
    body_id = int(cast["team"].split(":")[1])
    with transaction.atomic(), pytest.raises(IntegrityError):
        RoleHolder.objects.create(area=area, letter="A", body_id=body_id)
    steering_id = int(cast["steering"].split(":")[1])
    with transaction.atomic(), pytest.raises(IntegrityError):
        RoleHolder.objects.create(area=area, letter="C", body_id=steering_id)


def test_saving_writes_only_what_changed_and_can_move_the_accountable(initiative, cast):
    area = new_area(initiative)
    assert save_roles(area, {cast["steering"]: "A", cast["p1"]: "R", cast["p2"]: "C"})
    history = RoleHolder.history.count()
    # The same roles again: nothing written.
    assert not save_roles(area, {cast["steering"]: "A", cast["p1"]: "R", cast["p2"]: "C"})
    assert RoleHolder.history.count() == history
    # The accountable moves from the steering committee to the team; p2 loses its role.
    assert save_roles(area, {cast["steering"]: "C", cast["team"]: "A", cast["p1"]: "R"})
    assert roles_of(area) == {cast["steering"]: "C", cast["team"]: "A", cast["p1"]: "R"}
    # Swapping the accountable with a consulted holder in one save.
    assert save_roles(area, {cast["steering"]: "A", cast["team"]: "C", cast["p1"]: "R"})
    assert roles_of(area)[cast["steering"]] == "A"


def test_the_matrix_lists_areas_by_kind_with_their_gaps_and_what_is_not_clarified(initiative, cast):
    strategies = list(Strategy.objects.filter(initiative=initiative))
    RoleArea.objects.filter(initiative=initiative).delete()
    save_roles(
        RoleArea(initiative=initiative, strategy=strategies[1]),
        {cast["steering"]: "A", cast["p1"]: "R"},
    )
    action = SharedAction.objects.filter(
        initiative=initiative, status__in=SharedAction.OPEN
    ).first()
    save_roles(RoleArea(initiative=initiative, shared_action=action), {cast["team"]: "A"})
    save_roles(new_area(initiative), {cast["p3"]: "R", cast["person"]: "I"})
    with translation.override("en"):
        matrix = role_matrix(initiative)
    assert [line.area.strategy for line in matrix.strategies] == [strategies[1]]
    assert [line.area.shared_action for line in matrix.actions] == [action]
    assert [line.area.area_fr for line in matrix.decisions] == ["Budget de la coordination"]
    assert [line.problems for line in matrix.lines] == [
        [],
        ["Nobody is responsible"],
        ["Nobody is accountable"],
    ]
    assert strategies[1] not in matrix.unclarified_strategies
    assert set(matrix.unclarified_strategies) == set(strategies) - {strategies[1]}
    assert action not in matrix.unclarified_actions
    # Columns: the holders named, bodies first, then partners, then people.
    kinds = [holder.kind for holder in matrix.holders]
    assert kinds == sorted(kinds, key=["body", "partner", "person"].index)
    assert len(matrix.holders) == 5
    # Each line's cells follow the columns.
    first = matrix.strategies[0]
    assert [letter for _h, letter in first.cells if letter] == ["A", "R"]
    read = clarity(initiative)
    assert (read.strategies, read.strategies_clarified, read.areas, read.lacking) == (
        len(strategies),
        1,
        3,
        2,
    )


def test_an_actions_owner_follows_the_one_body_or_person_responsible(initiative, cast):
    action = SharedAction.objects.filter(initiative=initiative).exclude(owner_body=None).first()
    person_id = int(cast["person"].split(":")[1])
    area = RoleArea(initiative=initiative, shared_action=action)
    save_roles(area, {cast["steering"]: "A", cast["person"]: "R", cast["p1"]: "R"})
    with translation.override("en"):
        said = owner_from_roles(area)
    action.refresh_from_db()
    assert (action.owner_body_id, action.owner_person_id) == (None, person_id)
    assert said.startswith("The action's owner is now")
    assert owner_from_roles(area) is None  # already its owner: nothing said, nothing written
    # Two responsible bodies or people: the owner stays as it is.
    save_roles(area, {cast["steering"]: "A", cast["person"]: "R", cast["team"]: "R"})
    assert owner_from_roles(area) is None
    action.refresh_from_db()
    assert action.owner_person_id == person_id
