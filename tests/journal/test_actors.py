"""Social actors: sorted as the reader's dictionary, boundary partners first; the form refuses a
name already taken (without case) and a partner actor with no partner."""

from django.utils import translation

from commun.journal.actor_forms import ActorForm
from commun.journal.actors import actors_of
from tests.journal.harvest_factory import make_actor


def test_actors_are_sorted_as_a_dictionary_boundary_partners_first(initiative):
    make_actor(initiative, "Écoles du quartier")
    make_actor(initiative, "eglise Saint-Roch")
    make_actor(initiative, "Zoé Tremblay", boundary_partner=True)
    make_actor(initiative, "Cégep", name_en="College")
    with translation.override("fr"):
        names = [a.name_fr for a in actors_of(initiative)]
    assert names == ["Zoé Tremblay", "Cégep", "Écoles du quartier", "eglise Saint-Roch"]
    with translation.override("en"):
        names = [a.name for a in actors_of(initiative)]
    assert names == ["Zoé Tremblay", "College", "Écoles du quartier", "eglise Saint-Roch"]


def test_a_name_already_taken_is_refused_without_case(initiative):
    make_actor(initiative, "Comité des résidents")
    form = ActorForm(
        {"kind": "residents", "name_fr": "comité des RÉSIDENTS"}, initiative=initiative
    )
    assert not form.is_valid()
    assert "name_fr" in form.errors


def test_an_actor_of_kind_partner_names_its_partner(initiative):
    form = ActorForm({"kind": "partner", "name_fr": "Un partenaire"}, initiative=initiative)
    assert not form.is_valid()
    assert "partner" in form.errors


def test_a_partner_of_another_initiative_cannot_be_chosen(initiative, other_initiative):
    foreign = other_initiative.partners.first()
    form = ActorForm(
        {"kind": "partner", "partner": foreign.pk, "name_fr": "Étranger"}, initiative=initiative
    )
    assert not form.is_valid()
    assert "partner" in form.errors
