"""Lists sort as a dictionary does: accents and case come after the letters."""

import pytest
from django.utils import translation

from commun.formatting import dictionary_key, dictionary_order
from commun.initiatives.models import Initiative, Partner

NAMES = [
    "Comité Voix citoyennes",
    "cégep du Vieux",
    "Comité des résidents",
    "Centre Œcuménique",
    "Zoo",
]
DICTIONARY = [
    "cégep du Vieux",
    "Centre Œcuménique",
    "Comité des résidents",
    "Comité Voix citoyennes",
    "Zoo",
]


def test_python_sorts_as_a_dictionary():
    assert sorted(NAMES, key=dictionary_key) == DICTIONARY
    assert sorted(["côte", "cote", "Cote"], key=dictionary_key) == ["cote", "Cote", "côte"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_database_sorts_as_a_dictionary_in_the_readers_language(language):
    initiative = Initiative.objects.create(slug="tri", name_fr="Tri", name_en="Sorting")
    created = []
    for position, name in enumerate(NAMES):
        english = f"{name} (EN)" if language == "en" and position % 2 else ""
        created.append(Partner.objects.create(initiative=initiative, name_fr=name, name_en=english))
    ordered = Partner.objects.filter(pk__in=[p.pk for p in created]).order_by(
        dictionary_order("name", language)
    )
    shown = [(p.name_en or p.name_fr) if language == "en" else p.name_fr for p in ordered]
    assert shown == sorted(shown, key=dictionary_key)
    assert [p.name_fr for p in ordered] == DICTIONARY


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_partners_are_listed_in_the_readers_dictionary_order(language, people):
    from django.urls import reverse

    from tests.helpers import client_for

    initiative = Initiative.objects.create(slug="tri", name_fr="Tri", name_en="Sorting")
    english = {"Zoo": "Aardvark Society"}
    for name in NAMES:
        Partner.objects.create(initiative=initiative, name_fr=name, name_en=english.get(name, ""))
    expected = {
        "fr": DICTIONARY,
        "en": ["Aardvark Society", *DICTIONARY[:-1]],
    }[language]
    with translation.override(language):
        assert [p.name for p in Partner.objects.filter(initiative=initiative)] == expected
    superuser = people["superuser"]
    superuser.language = language
    superuser.save()
    page = client_for(superuser).get(reverse("initiatives:partners", args=[initiative.slug]))
    html = page.content.decode()
    positions = [html.index(name) for name in expected]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_ordering_through_a_relation_uses_the_related_dictionary_order():
    from commun.initiatives.models import Network

    network = Network.objects.create(slug="reseau-tri", name_fr="Réseau", name_en="Network")
    for slug, name in [("b", "Comité Voix"), ("a", "Cégep"), ("c", "Comité des")]:
        Initiative.objects.create(slug=slug, name_fr=name, network=network)
    partners = [
        Partner.objects.create(initiative=initiative, name_fr="P")
        for initiative in Initiative.objects.filter(network=network)
    ]
    ordered = Partner.objects.filter(pk__in=[p.pk for p in partners]).order_by("initiative")
    assert [p.initiative.name_fr for p in ordered] == ["Cégep", "Comité des", "Comité Voix"]
