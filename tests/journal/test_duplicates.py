"""Near-duplicates: the same change reported by two partners is suggested, in French and in
English; different changes are not."""

from datetime import date

import pytest

from commun.journal.duplicates import similar_outcomes
from tests.journal.outcome_factory import actor, outcome

SAME_CHANGE_FR = [
    (
        "La ville adopte une politique d'achat local pour ses cafétérias",
        "La Ville a adopté une politique d'achat local dans les cafétérias municipales",
    ),
    (
        "Le conseil d'arrondissement ouvre ses séances aux résidents",
        "Les séances du conseil d'arrondissement sont désormais ouvertes aux résidents",
    ),
]
SAME_CHANGE_EN = [
    (
        "The city adopts a local purchasing policy for its cafeterias",
        "City council adopted a local food purchasing policy for municipal cafeterias",
    ),
    (
        "The school board opens gyms to youth in the evening",
        "Youth can now use the school gyms in the evening",
    ),
]
DIFFERENT_CHANGES = [
    (
        "Le CLSC réfère les familles vers la banque alimentaire",
        "La banque alimentaire agrandit son entrepôt",
    ),
    ("Les locataires forment une association", "Le propriétaire rénove les logements de la rue"),
    ("Tenants form an association", "The landlord renovates the apartments on Dupont Street"),
]


@pytest.mark.parametrize(("mine", "theirs"), SAME_CHANGE_FR)
def test_the_same_change_told_in_other_french_words_is_suggested(initiative, mine, theirs):
    reported = outcome(initiative, theirs, who=actor(initiative, "Ville"))
    found = similar_outcomes({"title_fr": mine}, [reported])
    assert [similar.outcome for similar in found] == [reported]


@pytest.mark.parametrize(("mine", "theirs"), SAME_CHANGE_EN)
def test_the_same_change_told_in_other_english_words_is_suggested(initiative, mine, theirs):
    reported = outcome(initiative, "Titre", title_en=theirs, who=actor(initiative, "Ville"))
    found = similar_outcomes({"title_en": mine}, [reported])
    assert [similar.outcome for similar in found] == [reported]


@pytest.mark.parametrize(("mine", "theirs"), DIFFERENT_CHANGES)
def test_different_changes_are_not_suggested(initiative, mine, theirs):
    other = outcome(initiative, theirs, title_en=theirs)
    assert similar_outcomes({"title_fr": mine, "title_en": mine}, [other]) == []


def test_a_french_outcome_matches_an_english_one_through_its_english_title(initiative):
    french = outcome(
        initiative,
        "La ville adopte une politique d'achat local pour ses cafétérias",
        title_en="The city adopts a local purchasing policy for its cafeterias",
    )
    english_only = {"title_en": "City council adopted a local purchasing policy for cafeterias"}
    assert [s.outcome for s in similar_outcomes(english_only, [french])] == [french]
    # Without its English title, nothing says it is the same change: nothing is suggested.
    french.title_en = ""
    assert similar_outcomes(english_only, [french]) == []


def test_the_same_actor_and_period_weigh_in_but_do_not_make_a_duplicate(initiative):
    council = actor(initiative, "Conseil scolaire")
    when = date(2026, 3, 1)
    mine = {
        "title_fr": "Trois écoles offrent des déjeuners gratuits",
        "actor_id": council.pk,
        "observed_on": when,
    }
    same = outcome(
        initiative,
        "Les écoles du quartier servent maintenant le déjeuner gratuitement",
        who=council,
        observed_on=when,
    )
    elsewhere = outcome(
        initiative,
        "Les écoles du quartier servent maintenant le déjeuner gratuitement",
        who=actor(initiative, "Autre acteur"),
        observed_on=date(2024, 1, 1),
    )
    unrelated = outcome(
        initiative, "Le conseil scolaire ferme la piscine", who=council, observed_on=when
    )
    found = similar_outcomes(mine, [same, elsewhere, unrelated])
    assert [s.outcome for s in found] == [same]


def test_an_outcome_is_never_its_own_duplicate(initiative):
    one = outcome(initiative, "Le conseil ouvre ses séances aux résidents")
    twin = outcome(initiative, "Le conseil ouvre ses séances aux résidents")
    assert [s.outcome for s in similar_outcomes(one, [one, twin])] == [twin]
