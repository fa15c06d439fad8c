"""The demo initiative's activities, junctions and joint action plan (bilingual, idempotent).

Ten activities come from the common agenda's inventory of existing actions, the way a backbone
would start; the others were declared later. The data leaves one territory (Rivière-Nord Est) and
one population (young people) unserved, an activity that names no strategy, an overlap on
inclusive hiring, and three overdue shared actions, so every view has something real to show.
"""

from datetime import date, timedelta

from commun.activities.editing import activity_from_existing_action
from commun.activities.models import Activity, Junction, Population, SharedAction
from commun.agenda.models import ExistingAction, Lever, Outcome, Strategy
from commun.initiatives.models import GovernanceBody, Initiative, Partner
from commun.measurement.models import Indicator, Territory
from commun.people.models import User

POPULATIONS = {
    "low-income": ("Ménages à faible revenu", "Low-income households"),
    "tenants": ("Ménages locataires", "Tenant households"),
    "families": ("Familles avec de jeunes enfants", "Families with young children"),
    "newcomers": ("Personnes immigrantes récemment arrivées", "Recently arrived immigrants"),
    "far-from-work": (
        "Personnes éloignées du marché du travail",
        "People far from the job market",
    ),
    "seniors": ("Personnes aînées isolées", "Isolated older people"),
    "youth": ("Jeunes de 16 à 24 ans", "Young people aged 16 to 24"),
}

FOOD_BANK = "Banque alimentaire de la Basse-Ville"
KITCHEN = "Cuisine collective La Marmite"
TENANTS = "Comité logement Rivière-Nord"
GRT = "Groupe de ressources techniques Habitat Nord"
SERVICES_QC = "Services Québec — Bureau Saint-Roch"
CHAMBER = "Chambre de commerce et d'industrie de la Basse-Ville"
FAMILIES = "Carrefour familles Saint-Roch"
CDC = "Corporation de développement communautaire de la Basse-Ville"
CISSS = "Centre intégré de santé et de services sociaux de la Capitale-Nord"
NEWCOMERS = "Centre d'accueil des personnes immigrantes du quartier"

# From the inventory (keyed by the partner whose existing action it is): what the agenda did not say.
# (strategy positions, lever positions, outcome positions, populations, territories, indicators,
#  annual budget, start)
FROM_INVENTORY = {
    FOOD_BANK: (
        [3],
        [1],
        [7],
        ["low-income"],
        ["saint-roch"],
        ["aide-alimentaire", "satisfaction"],
        420_000,
        date(2009, 9, 1),
    ),
    KITCHEN: (
        [3],
        [1],
        [],
        ["low-income", "families"],
        ["saint-roch-centre", "riviere-nord-ouest"],
        ["portions-cuisines"],
        95_000,
        date(2014, 1, 15),
    ),
    TENANTS: (
        [1],
        [0, 4],
        [4],
        ["tenants"],
        ["saint-roch", "riviere-nord-ouest"],
        ["menages-accompagnes", "menages-maintenus", "maintien-logement"],
        160_000,
        date(2011, 5, 1),
    ),
    GRT: ([1], [0], [4], ["families", "low-income"], ["riviere-nord-ouest"], [], None, None),
    SERVICES_QC: (
        [2],
        [2],
        [5],
        ["far-from-work"],
        ["saint-roch"],
        ["emplois-obtenus"],
        None,
        date(2018, 4, 1),
    ),
    CHAMBER: (
        [2],
        [2],
        [5],
        ["far-from-work", "newcomers"],
        ["saint-roch"],
        ["emplois-obtenus"],
        80_000,
        date(2023, 9, 1),
    ),
    FAMILIES: ([], [5], [], ["families"], ["saint-roch"], [], 130_000, date(2016, 9, 1)),
    CDC: (
        [0],
        [3],
        [3],
        ["low-income"],
        ["saint-roch-centre", "riviere-nord-ouest"],
        ["declarations-impots"],
        25_000,
        date(2015, 3, 1),
    ),
    CISSS: (
        [4],
        [6],
        [1],
        ["seniors", "low-income"],
        ["saint-roch-sud", "riviere-nord-ouest"],
        [],
        None,
        date(2020, 10, 1),
    ),
    NEWCOMERS: ([4, 2], [6], [], ["newcomers"], ["saint-roch"], [], 210_000, date(2012, 1, 1)),
}

# Declared later: (name fr, name en, description fr, description en, partners, status, strategies,
# levers, outcomes, populations, territories, indicators, annual budget, start)
DECLARED = [
    (
        "Marché solidaire Saint-Roch",
        "Saint-Roch solidarity market",
        "Un marché de fruits et légumes à prix modulé selon le revenu, approvisionné par les "
        "surplus des commerces et des producteurs de la région.",
        "A fruit and vegetable market with income-based prices, stocked with surplus from local "
        "shops and regional growers.",
        ["Marché Saint-Roch inc.", FOOD_BANK],
        Activity.Status.RUNNING,
        [3],
        [1],
        [7],
        ["low-income"],
        ["saint-roch-centre"],
        [],
        60_000,
        date(2025, 5, 1),
    ),
    (
        "Cliniques d'impôts dans les HLM",
        "Tax clinics in public housing",
        "Des bénévoles de la clinique d'impôts tiennent des séances dans les salles communautaires "
        "des HLM, avec des interprètes au besoin.",
        "Volunteers from the tax clinic hold sessions in the community rooms of public housing, "
        "with interpreters when needed.",
        ["Habitations municipales de la Basse-Ville", CDC],
        Activity.Status.RUNNING,
        [0],
        [3],
        [3],
        ["low-income", "seniors"],
        ["saint-roch-nord", "riviere-nord-ouest"],
        ["declarations-impots"],
        12_000,
        date(2024, 2, 15),
    ),
    (
        "Aide aux prestations à l'école",
        "Help with benefits at school",
        "Lors des rencontres de parents, une conseillère aide les familles à demander l'allocation "
        "famille et le crédit d'impôt pour solidarité.",
        "At parent meetings, an advisor helps families apply for the family allowance and the "
        "solidarity tax credit.",
        ["Centre de services scolaire de la Capitale-Nord"],
        Activity.Status.PLANNED,
        [0],
        [3],
        [3],
        ["families"],
        ["saint-roch-nord"],
        [],
        None,
        date(2027, 1, 10),
    ),
    (
        "Personnes relais du quartier",
        "Neighbourhood navigators",
        "Des résident·e·s, dont des personnes immigrantes, formé·e·s et rémunéré·e·s pour faire "
        "connaître les droits et les services là où les gens se trouvent.",
        "Residents, newcomers among them, trained and paid to spread the word about rights and "
        "services where people are.",
        ["Comité Voix citoyennes", NEWCOMERS],
        Activity.Status.PLANNED,
        [4],
        [3, 6],
        [1, 2],
        ["newcomers", "low-income"],
        ["saint-roch"],
        [],
        75_000,
        date(2027, 2, 1),
    ),
    (
        "Fonds d'acquisition d'immeubles locatifs",
        "Rental building acquisition fund",
        "Un fonds de démarrage qui permet aux OBNL d'habitation d'acheter des immeubles mis en "
        "vente avant les spéculateurs.",
        "A seed fund that lets housing non-profits buy buildings put up for sale before "
        "speculators do.",
        ["Fondation communautaire de la Capitale-Nord", "Caisse populaire de la Basse-Ville", GRT],
        Activity.Status.PLANNED,
        [1],
        [0],
        [4],
        ["tenants"],
        ["saint-roch", "riviere-nord-ouest"],
        [],
        2_000_000,
        date(2027, 4, 1),
    ),
    (
        "Jardins communautaires de Rivière-Nord",
        "Rivière-Nord community gardens",
        "Quarante parcelles et un jardin collectif, avec des ateliers de jardinage et de "
        "conservation.",
        "Forty plots and a shared garden, with gardening and food-preserving workshops.",
        ["Comité des résidents de Rivière-Nord"],
        Activity.Status.RUNNING,
        [3],
        [1],
        [7],
        ["low-income", "seniors"],
        ["riviere-nord-ouest"],
        [],
        18_000,
        date(2019, 5, 1),
    ),
    (
        "Dépannage alimentaire du Centre d'éducation populaire",
        "Emergency food help at the popular education centre",
        "Des paniers d'urgence remis le jeudi, sans rendez-vous.",
        "Emergency hampers handed out on Thursdays, no appointment needed.",
        ["Centre d'éducation populaire du quartier"],
        Activity.Status.RUNNING,
        [3],
        [1],
        [7],
        ["low-income"],
        ["saint-roch-sud"],
        [],
        40_000,
        date(2021, 9, 1),
    ),
    (
        "Stages rémunérés du Cégep",
        "Paid internships at the Cégep",
        "Des stages d'été rémunérés dans les services du Cégep; le projet pilote est terminé.",
        "Paid summer internships in the Cégep's services; the pilot has ended.",
        ["Cégep Saint-Roch"],
        Activity.Status.ENDED,
        [2],
        [2],
        [5],
        ["far-from-work"],
        ["saint-roch"],
        [],
        None,
        date(2024, 5, 1),
    ),
]

# (from, kind, to, note fr, note en): activities named by the partner of their existing action or
# by their French name.
JUNCTIONS = [
    (
        FOOD_BANK,
        "refers",
        KITCHEN,
        "Les familles qui le souhaitent sont inscrites à une cuisine.",
        "Families who wish are signed up for a kitchen group.",
    ),
    (
        FOOD_BANK,
        "refers",
        CDC,
        "Invitation à la clinique d'impôts au printemps.",
        "Invitation to the tax clinic in spring.",
    ),
    (FOOD_BANK, "co_delivers", "Marché solidaire Saint-Roch", "", ""),
    (
        TENANTS,
        "refers",
        GRT,
        "Les familles évincées sont dirigées vers la liste d'attente.",
        "Evicted families are referred to the waiting list.",
    ),
    (
        TENANTS,
        "shares_data",
        "Fonds d'acquisition d'immeubles locatifs",
        "Immeubles mis en vente et avis d'éviction, chaque mois.",
        "Buildings put up for sale and eviction notices, monthly.",
    ),
    (CISSS, "refers", FOOD_BANK, "", ""),
    (CISSS, "refers", TENANTS, "", ""),
    (NEWCOMERS, "refers", CHAMBER, "", ""),
    (SERVICES_QC, "refers", CHAMBER, "", ""),
    (
        CHAMBER,
        "shares_data",
        SERVICES_QC,
        "Embauches et maintien en emploi à 6 mois.",
        "Hires and job retention at 6 months.",
    ),
    ("Personnes relais du quartier", "refers", CDC, "", ""),
    ("Personnes relais du quartier", "refers", TENANTS, "", ""),
    ("Cliniques d'impôts dans les HLM", "co_delivers", CDC, "", ""),
    ("Aide aux prestations à l'école", "refers", CDC, "", ""),
    (FAMILIES, "refers", KITCHEN, "", ""),
]

# (title fr, title en, owner body (French name) or person e-mail, partner, strategy position,
#  due in days from the demo's first load, status, done this many days ago)
PLAN = [
    ("Cartographier les points de service alimentaire des deux quartiers",
     "Map the food aid service points of both neighbourhoods",
     "Chantier sécurité alimentaire", FOOD_BANK, 3, -60, "done", 70),
    ("Déposer la demande au Fonds d'acquisition auprès de la Fondation",
     "Submit the acquisition fund application to the Foundation",
     "Chantier logement", "Fondation communautaire de la Capitale-Nord", 1, -20, "doing", None),
    ("Former la première cohorte de douze personnes relais",
     "Train the first cohort of twelve navigators",
     "coordination@demo.commun.example", "Comité Voix citoyennes", 4, 45, "todo", None),
    ("Planifier la saison 2027 des cliniques d'impôts avec les HLM",
     "Plan the 2027 tax clinic season with public housing",
     "Chantier emploi et revenu", CDC, 0, 30, "doing", None),
    ("Signer l'entente d'embauche inclusive avec dix employeurs",
     "Sign the inclusive hiring agreement with ten employers",
     "Chantier emploi et revenu", CHAMBER, 2, -10, "todo", None),
    ("Trouver un local permanent pour le marché solidaire",
     "Find a permanent space for the solidarity market",
     "Chantier sécurité alimentaire", "Marché Saint-Roch inc.", 3, 75, "todo", None),
    ("Présenter le portrait de la pauvreté au conseil d'arrondissement",
     "Present the poverty profile to the borough council",
     "direction@demo.commun.example", "Arrondissement de la Basse-Ville", None, -120, "done", 118),
    ("Recenser les maisons de chambres menacées de vente",
     "List the rooming houses at risk of being sold",
     "Chantier logement", TENANTS, 1, -5, "doing", None),
    ("Aller à la rencontre des familles de Rivière-Nord Est, où aucune activité n'est offerte",
     "Reach out to families in Rivière-Nord Est, where no activity is offered",
     "Comité directeur", None, None, 20, "todo", None),
    ("Transmettre chaque trimestre les données de maintien en logement",
     "Send the housing retention figures every quarter",
     "Chantier logement", TENANTS, 1, 10, "doing", None),
]  # fmt: skip


def load_demo_activities(initiative: Initiative, today: date | None = None) -> None:
    """Create what is missing of the demo's activities, junctions and plan; leave the rest."""
    today = today or date.today()
    populations = _populations(initiative)
    lookups = _Lookups(initiative, populations)
    activities: dict[str, Activity] = {}
    for action in ExistingAction.objects.filter(initiative=initiative, partner__isnull=False):
        details = FROM_INVENTORY.get(action.partner.name_fr)
        if details is None:
            continue
        activity, created = activity_from_existing_action(action)
        if created:
            strategies, levers, outcomes, pops, places, codes, budget, starts = details
            activity.annual_budget, activity.starts = budget, starts
            activity.save()
            lookups.link(activity, strategies, levers, outcomes, pops, places, codes)
        activities[action.partner.name_fr] = activity
    for row in DECLARED:
        name_fr, name_en, text_fr, text_en, partner_names, status, *links, budget, starts = row
        activity, created = Activity.objects.get_or_create(
            initiative=initiative,
            name_fr=name_fr,
            defaults={
                "name_en": name_en,
                "description_fr": text_fr,
                "description_en": text_en,
                "status": status,
                "annual_budget": budget,
                "starts": starts,
            },
        )
        if created:
            activity.partners.set(lookups.partners(partner_names))
            lookups.link(activity, *links)
        activities[name_fr] = activity
    for source, kind, target, note_fr, note_en in JUNCTIONS:
        if source in activities and target in activities:
            Junction.objects.get_or_create(
                initiative=initiative,
                source=activities[source],
                target=activities[target],
                kind=kind,
                defaults={"note_fr": note_fr, "note_en": note_en},
            )
    for title_fr, title_en, owner, partner, strategy, due, status, done_ago in PLAN:
        SharedAction.objects.get_or_create(
            initiative=initiative,
            title_fr=title_fr,
            defaults={
                "title_en": title_en,
                "owner_body": GovernanceBody.objects.filter(
                    initiative=initiative, name_fr=owner
                ).first(),
                "owner_person": User.objects.filter(email=owner).first(),
                "partner": Partner.objects.filter(initiative=initiative, name_fr=partner).first(),
                "strategy": lookups.strategies[strategy] if strategy is not None else None,
                "due": today + timedelta(days=due),
                "status": status,
                "done_on": today - timedelta(days=done_ago) if done_ago else None,
            },
        )


def _populations(initiative: Initiative) -> dict[str, Population]:
    found = {}
    for position, (key, (name_fr, name_en)) in enumerate(POPULATIONS.items()):
        found[key], _ = Population.objects.get_or_create(
            initiative=initiative,
            name_fr=name_fr,
            defaults={"name_en": name_en, "position": position},
        )
    return found


class _Lookups:
    """The agenda's and measurement's records the demo names by position or code."""

    def __init__(self, initiative: Initiative, populations: dict[str, Population]):
        self.initiative = initiative
        self.populations = populations
        self.strategies = list(Strategy.objects.filter(initiative=initiative))
        self.levers = list(Lever.objects.filter(initiative=initiative))
        self.outcomes = list(Outcome.objects.filter(initiative=initiative))
        self.territories = {t.code: t for t in Territory.objects.filter(initiative=initiative)}
        self.indicators = {i.code: i for i in Indicator.objects.filter(initiative=initiative)}

    def partners(self, names: list[str]) -> list[Partner]:
        return list(Partner.objects.filter(initiative=self.initiative, name_fr__in=names))

    def link(self, activity, strategies, levers, outcomes, pops, places, codes) -> None:
        activity.strategies.set(
            [self.strategies[n] for n in strategies if n < len(self.strategies)]
        )
        activity.levers.set([self.levers[n] for n in levers if n < len(self.levers)])
        activity.outcomes.set([self.outcomes[n] for n in outcomes if n < len(self.outcomes)])
        activity.populations.set([self.populations[key] for key in pops])
        activity.territories.set([self.territories[c] for c in places if c in self.territories])
        activity.indicators.set([self.indicators[c] for c in codes if c in self.indicators])
