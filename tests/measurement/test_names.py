"""Names compared as people mean them: one territory, however a file spells it."""

import pytest

from commun.measurement.names import simplify


@pytest.mark.parametrize(
    "spelling",
    [
        "Provence-Alpes-Côte d'Azur",
        "Provence-Alpes-Côte d\u2019Azur",  # a typographic apostrophe
        "Provence\u2013Alpes\u2013Côte d\u2019Azur",  # en dashes
        "PROVENCE ALPES COTE D'AZUR",
        "provence_alpes  côte\u00a0d'azur ",
    ],
)
def test_every_spelling_of_a_name_is_one_name(spelling):
    assert simplify(spelling) == "provence alpes cote d'azur"


def test_a_hyphen_and_a_space_are_one_separator():
    assert simplify("Grand-Est") == simplify("Grand Est") == simplify("grand\u2014est")
