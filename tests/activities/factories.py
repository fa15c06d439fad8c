"""A small initiative built by hand, so gaps and overlaps can be worked out on paper.

city → north (a, b) and south (c, d); strategies s1, s2; populations youth and seniors;
partners p, q, r; no activity until a test declares one.
"""

from dataclasses import dataclass

from commun.activities.models import Activity, Population
from commun.agenda.models import Lever, Strategy
from commun.initiatives.models import Initiative, Partner
from tests.measurement.factories import territory_tree


@dataclass
class Place:
    initiative: Initiative
    territories: dict
    strategies: dict
    populations: dict
    partners: dict
    levers: dict


def small_initiative(slug="essai-activites") -> Place:
    initiative = Initiative.objects.create(slug=slug, name_fr="Essai")
    return Place(
        initiative=initiative,
        territories=territory_tree(initiative),
        strategies={
            key: Strategy.objects.create(initiative=initiative, text_fr=key, position=n)
            for n, key in enumerate(("s1", "s2"))
        },
        populations={
            key: Population.objects.create(initiative=initiative, name_fr=key, position=n)
            for n, key in enumerate(("youth", "seniors"))
        },
        partners={
            key: Partner.objects.create(initiative=initiative, name_fr=f"Partenaire {key}")
            for key in ("p", "q", "r")
        },
        levers={
            "priority": Lever.objects.create(initiative=initiative, name_fr="L1", is_priority=True),
            "other": Lever.objects.create(initiative=initiative, name_fr="L2", is_priority=False),
        },
    )


def activity(place: Place, name, partners, strategies=(), populations=(), territories=(), **extra):
    made = Activity.objects.create(
        initiative=place.initiative,
        name_fr=name,
        status=extra.pop("status", Activity.Status.RUNNING),
        **extra,
    )
    made.partners.set([place.partners[k] for k in partners])
    made.strategies.set([place.strategies[k] for k in strategies])
    made.populations.set([place.populations[k] for k in populations])
    made.territories.set([place.territories[k] for k in territories])
    return made
