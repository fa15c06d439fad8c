"""The demo: two fictional, bilingual initiatives of one network, with partners, people and bodies.

`load_demo()` creates what is missing and leaves what exists alone (every record is looked up by a
natural key), so it can run on every start of `commun demo` and in the test suite's set-up.
"""

import io
from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_noop

from commun.initiatives.models import (
    BodyKind,
    BodyMember,
    BodyRole,
    ContentLanguages,
    GovernanceBody,
    Initiative,
    Membership,
    Network,
    Partner,
    Phase,
    Sector,
)
from commun.initiatives.roles import Role
from commun.people.models import User

DEMO_PASSWORD = "commun-demo-2026"
DEMO_DOMAIN = "demo.commun.example"


@dataclass(frozen=True)
class DemoLogin:
    role: str  # a human label in English, e.g. "Backbone administrator"; the caller translates it
    email: str
    password: str


# --- The network and the two initiatives ---------------------------------------------------------

NETWORK = {
    "slug": "reseau-collectivites-vibrantes",
    "name_fr": "Réseau des collectivités vibrantes",
    "name_en": "Vibrant Communities Network",
    "description_fr": (
        "Un réseau pancanadien de tables locales qui luttent contre la pauvreté par l'impact "
        "collectif. Ses membres comparent leurs indicateurs, partagent leurs apprentissages et "
        "se rencontrent deux fois par année."
    ),
    "description_en": (
        "A Canada-wide network of local roundtables tackling poverty through collective impact. "
        "Members compare their indicators, share what they learn and meet twice a year."
    ),
}

MAIN_SLUG = "table-quartier-saint-roch"
OTHER_SLUG = "table-jeunesse-littoral"

MAIN_INITIATIVE = {
    "name_fr": "Table de quartier Saint-Roch solidaire",
    "name_en": "Saint-Roch Solidarity Roundtable",
    "issue_fr": (
        "Dans les quartiers Saint-Roch et Rivière-Nord, près d'un ménage sur trois vit sous le seuil "
        "de faible revenu, et la hausse des loyers pousse de plus en plus de familles à choisir entre "
        "se loger et se nourrir. Les organismes, les services publics et les résident·e·s agissent "
        "depuis longtemps, mais chacun de son côté. La Table veut unir ces efforts autour d'objectifs "
        "communs pour réduire durablement la pauvreté d'ici 2030."
    ),
    "issue_en": (
        "In the Saint-Roch and Rivière-Nord neighbourhoods, nearly one household in three lives below "
        "the low-income line, and rising rents force more and more families to choose between "
        "keeping a roof over their heads and putting food on the table. Community groups, public "
        "services and residents have long been taking action, but each on their own. The Roundtable "
        "brings these efforts together around shared goals to reduce poverty for good by 2030."
    ),
    "territory_fr": "Quartiers Saint-Roch et Rivière-Nord",
    "territory_en": "Saint-Roch and Rivière-Nord neighbourhoods",
    "languages": ContentLanguages.BILINGUAL,
    "phase": Phase.ORGANIZE,
    "is_public": True,
}

OTHER_INITIATIVE = {
    "name_fr": "Table jeunesse du Littoral",
    "name_en": "Littoral Youth Roundtable",
    "issue_fr": (
        "Sur le Littoral, un jeune sur cinq âgé de 15 à 29 ans n'est ni aux études, ni en emploi, ni "
        "en formation. Les employeurs peinent pourtant à recruter. La Table réunit écoles, "
        "employeurs et organismes jeunesse pour ouvrir de vrais chemins vers un premier emploi."
    ),
    "issue_en": (
        "Along the Littoral, one young person in five aged 15 to 29 is not in school, work or "
        "training, while local employers struggle to hire. The Roundtable brings schools, employers "
        "and youth organizations together to open real pathways to a first job."
    ),
    "territory_fr": "MRC du Littoral",
    "territory_en": "Littoral Regional County Municipality",
    "languages": ContentLanguages.BILINGUAL,
    "phase": Phase.INITIATE,
    "is_public": False,
}


def _partner(key, sector, name_fr, name_en, acronym, description_fr, description_en, **contact):
    return {
        "key": key,
        "sector": sector,
        "name_fr": name_fr,
        "name_en": name_en,
        "acronym": acronym,
        "description_fr": description_fr,
        "description_en": description_en,
        **contact,
    }


def _contact(site, name, email, phone, joined_on, left_on=None):
    return {
        "website": f"https://{site}.example.org/",
        "contact_name": name,
        "contact_email": f"{email}@example.org",
        "contact_phone": phone,
        "joined_on": joined_on,
        "left_on": left_on,
    }


# Public-sector names carry no apostrophe: keeps them byte-identical once HTML-escaped.
MAIN_PARTNERS = [
    # Community ----------------------------------------------------------------------------------
    _partner(
        "food_bank",
        Sector.COMMUNITY,
        "Banque alimentaire de la Basse-Ville",
        "Lower Town Food Bank",
        "BABV",
        "Distribue chaque semaine des denrées à plus de 900 ménages du quartier.",
        "Provides groceries every week to more than 900 local households.",
        **_contact(
            "banque-alimentaire-bv", "Nathalie Côté", "info.babv", "418-555-0142", date(2022, 2, 14)
        ),
    ),
    _partner(
        "families",
        Sector.COMMUNITY,
        "Carrefour familles Saint-Roch",
        "Saint-Roch Family Resource Centre",
        "",
        "Accueille les parents de jeunes enfants : haltes-garderies, ateliers et entraide.",
        "A drop-in place for parents of young children, with respite daycare, workshops and peer support.",
        **_contact(
            "carrefour-familles",
            "François Pelletier",
            "accueil.carrefourfamilles",
            "418-555-0117",
            date(2022, 2, 14),
        ),
    ),
    _partner(
        "housing_committee",
        Sector.COMMUNITY,
        "Comité logement Rivière-Nord",
        "Rivière-Nord Housing Committee",
        "CLRN",
        "Défend les droits des locataires et milite pour davantage de logements sociaux.",
        "Stands up for tenants' rights and campaigns for more social housing.",
        **_contact(
            "comite-logement-rn", "Louise Bergeron", "info.clrn", "418-555-0163", date(2022, 3, 9)
        ),
    ),
    _partner(
        "popular_education",
        Sector.COMMUNITY,
        "Centre d'éducation populaire du quartier",
        "Neighbourhood Popular Education Centre",
        "CEP",
        "Offre des ateliers d'alphabétisation, de francisation et d'initiation au numérique aux adultes.",
        "Runs literacy, French-language and digital skills workshops for adults.",
        **_contact("cep-quartier", "Manon Lapointe", "cep", "418-555-0188", date(2022, 5, 30)),
    ),
    _partner(
        "youth_centre",
        Sector.COMMUNITY,
        "Maison des jeunes L'Escale",
        "L'Escale Youth Centre",
        "",
        "Un milieu de vie gratuit où les 12 à 17 ans trouvent écoute, activités et projets.",
        "A free drop-in centre where 12- to 17-year-olds find someone to talk to, activities and projects.",
        **_contact("mdj-escale", "Kevin Tremblay", "escale", "418-555-0131", date(2022, 9, 6)),
    ),
    _partner(
        "collective_kitchen",
        Sector.COMMUNITY,
        "Cuisine collective La Marmite",
        "La Marmite Community Kitchen",
        "",
        "Réunit des petits groupes qui cuisinent ensemble des repas économiques à rapporter à la maison.",
        "Brings small groups together to cook affordable meals they take home.",
        **_contact("la-marmite", "Catherine Dubé", "lamarmite", "418-555-0175", date(2023, 1, 23)),
    ),
    _partner(
        "cdc",
        Sector.COMMUNITY,
        "Corporation de développement communautaire de la Basse-Ville",
        "Lower Town Community Development Corporation",
        "CDC",
        "Regroupe une quarantaine d'organismes communautaires et porte leur voix auprès des décideurs.",
        "Brings together some forty community organizations and carries their voice to decision-makers.",
        **_contact(
            "cdc-basse-ville",
            "Marie-Ève Lavoie",
            "direction.cdc",
            "418-555-0109",
            date(2022, 1, 17),
        ),
    ),
    _partner(
        "newcomers",
        Sector.COMMUNITY,
        "Centre d'accueil des personnes immigrantes du quartier",
        "Neighbourhood Newcomer Welcome Centre",
        "CAPIQ",
        "Accompagne les personnes nouvellement arrivées dans leur installation, leur recherche d'emploi et leurs démarches.",
        "Helps newcomers settle in, look for work and find their way through paperwork.",
        **_contact("capiq", "Karim Benali", "accueil.capiq", "418-555-0194", date(2023, 4, 11)),
    ),
    _partner(
        "grt",
        Sector.COMMUNITY,
        "Groupe de ressources techniques Habitat Nord",
        "Habitat Nord Technical Resource Group",
        "GRT",
        "Accompagne les coopératives et les OBNL d'habitation, de l'idée du projet à l'arrivée des locataires.",
        "Guides housing co-ops and non-profits from the first idea to the day tenants move in.",
        **_contact(
            "habitat-nord",
            "Pierre-Luc Simard",
            "projets.habitatnord",
            "418-555-0126",
            date(2024, 2, 5),
        ),
    ),
    # Public -------------------------------------------------------------------------------------
    _partner(
        "borough",
        Sector.PUBLIC,
        "Arrondissement de la Basse-Ville",
        "Lower Town Borough",
        "",
        "Administration municipale de proximité : parcs, loisirs, urbanisme et soutien aux organismes.",
        "The local arm of the city: parks, recreation, urban planning and support for community groups.",
        **_contact(
            "arrondissement-bv",
            "Stéphane Gauthier",
            "developpement.social",
            "418-555-0100",
            date(2022, 1, 17),
        ),
    ),
    _partner(
        "health",
        Sector.PUBLIC,
        "Centre intégré de santé et de services sociaux de la Capitale-Nord",
        "Capitale-Nord Integrated Health and Social Services Centre",
        "CISSS",
        "Offre les services de santé et les services sociaux de première ligne du territoire.",
        "Delivers front-line health and social services across the area.",
        **_contact(
            "cisss-capitale-nord",
            "Chantal Fortin",
            "organisation.communautaire",
            "418-555-0151",
            date(2022, 1, 17),
        ),
    ),
    _partner(
        "municipal_housing",
        Sector.PUBLIC,
        "Habitations municipales de la Basse-Ville",
        "Lower Town Municipal Housing",
        "HMBV",
        "Gère près de 1 200 logements à loyer modique dans les deux quartiers.",
        "Manages close to 1,200 low-rent housing units in the two neighbourhoods.",
        **_contact("hmbv", "Julie Ouellet", "intervention.hmbv", "418-555-0137", date(2022, 6, 20)),
    ),
    _partner(
        "employment_office",
        Sector.PUBLIC,
        "Services Québec — Bureau Saint-Roch",
        "Services Québec — Saint-Roch Office",
        "",
        "Aide à l'emploi, formation de la main-d'œuvre et aide financière de dernier recours.",
        "Employment assistance, workforce training and last-resort financial assistance.",
        **_contact(
            "services-quebec-saint-roch",
            "Olivier Paquette",
            "emploi.saintroch",
            "418-555-0158",
            date(2023, 2, 27),
        ),
    ),
    _partner(
        "public_health",
        Sector.PUBLIC,
        "Direction régionale de santé publique de la Capitale-Nord",
        "Capitale-Nord Regional Public Health Department",
        "DRSP",
        "Produit les portraits de santé du territoire et soutient les actions sur les déterminants sociaux.",
        "Produces the area's health profiles and supports action on the social determinants of health.",
        **_contact(
            "drsp-capitale-nord",
            "Émilie Nadeau",
            "surveillance.drsp",
            "418-555-0172",
            date(2023, 9, 18),
        ),
    ),
    # Private ------------------------------------------------------------------------------------
    _partner(
        "credit_union",
        Sector.PRIVATE,
        "Caisse populaire de la Basse-Ville",
        "Lower Town Credit Union",
        "",
        "Coopérative financière qui soutient des projets locaux par son fonds d'aide au développement du milieu.",
        "A financial co-operative that backs local projects through its community development fund.",
        **_contact(
            "caisse-basse-ville",
            "Denis Poirier",
            "engagement.caisse",
            "418-555-0121",
            date(2022, 10, 3),
        ),
    ),
    _partner(
        "market",
        Sector.PRIVATE,
        "Marché Saint-Roch inc.",
        "Saint-Roch Market Inc.",
        "",
        "Épicerie de quartier qui remettait ses invendus à la banque alimentaire.",
        "A neighbourhood grocery that gave its unsold food to the food bank.",
        **_contact(
            "marche-saint-roch",
            "Luc Veilleux",
            "direction.marche",
            "418-555-0183",
            date(2022, 4, 4),
            date(2024, 6, 30),
        ),
    ),
    _partner(
        "chamber",
        Sector.PRIVATE,
        "Chambre de commerce et d'industrie de la Basse-Ville",
        "Lower Town Chamber of Commerce and Industry",
        "CCIBV",
        "Représente quelque 300 entreprises et anime un programme d'embauche inclusive.",
        "Represents some 300 businesses and runs an inclusive hiring program.",
        **_contact("ccibv", "Robert Lachance", "info.ccibv", "418-555-0146", date(2024, 3, 12)),
    ),
    # Philanthropic ------------------------------------------------------------------------------
    _partner(
        "community_foundation",
        Sector.PHILANTHROPIC,
        "Fondation communautaire de la Capitale-Nord",
        "Capitale-Nord Community Foundation",
        "FCCN",
        "Gère des fonds de dotation au profit d'organismes de la région et finance la coordination de la Table.",
        "Manages endowment funds for local organizations and funds the Roundtable's coordination.",
        **_contact(
            "fondation-capitale-nord",
            "Sarah Thompson",
            "subventions.fccn",
            "418-555-0111",
            date(2022, 1, 17),
        ),
    ),
    _partner(
        "cap_diamant",
        Sector.PHILANTHROPIC,
        "Fondation Cap-Diamant",
        "Cap-Diamant Foundation",
        "",
        "Fondation familiale qui soutient sur plusieurs années des démarches collectives de lutte contre la pauvreté.",
        "A family foundation providing multi-year support to collective efforts against poverty.",
        **_contact(
            "fondation-cap-diamant",
            "Caroline Leclerc",
            "programmes.capdiamant",
            "418-555-0199",
            date(2023, 6, 1),
        ),
    ),
    _partner(
        "pare_foundation",
        Sector.PHILANTHROPIC,
        "Fondation Lucie-et-Armand-Paré",
        "Lucie and Armand Paré Foundation",
        "",
        "Finance des projets en sécurité alimentaire et en persévérance scolaire.",
        "Funds food security and school perseverance projects.",
        **_contact(
            "fondation-pare", "Hélène Paré", "info.fondationpare", "418-555-0167", date(2025, 1, 20)
        ),
    ),
    # Education and research ---------------------------------------------------------------------
    _partner(
        "school_board",
        Sector.EDUCATION,
        "Centre de services scolaire de la Capitale-Nord",
        "Capitale-Nord School Service Centre",
        "CSSCN",
        "Gère les écoles primaires et secondaires publiques des deux quartiers.",
        "Runs the public elementary and high schools in both neighbourhoods.",
        **_contact(
            "csscn", "Annie Girard", "services.complementaires", "418-555-0128", date(2022, 8, 29)
        ),
    ),
    _partner(
        "cegep",
        Sector.EDUCATION,
        "Cégep Saint-Roch",
        "",
        "",
        "Collège public qui offre des formations techniques et un service aux entreprises.",
        "A public college offering technical programs and training services for employers.",
        **_contact(
            "cegep-saint-roch",
            "Jessica Wright",
            "formation.continue",
            "418-555-0153",
            date(2024, 9, 9),
        ),
    ),
    _partner(
        "research_chair",
        Sector.EDUCATION,
        "Chaire de recherche sur la pauvreté et l'exclusion sociale, Université de la Capitale",
        "Research Chair on Poverty and Social Exclusion, Université de la Capitale",
        "",
        "Accompagne la Table dans son système d'évaluation commun et la mesure de ses effets.",
        "Supports the Roundtable with its shared measurement system and with tracking outcomes.",
        **_contact(
            "chaire-pauvrete",
            "Andrew MacDonald",
            "chaire.pauvrete",
            "418-555-0119",
            date(2023, 11, 6),
        ),
    ),
    # Residents and people with lived experience -------------------------------------------------
    _partner(
        "residents",
        Sector.RESIDENTS,
        "Comité des résidents de Rivière-Nord",
        "Rivière-Nord Residents' Committee",
        "",
        "Des voisines et voisins bénévoles qui font entendre les préoccupations du quartier.",
        "Volunteer neighbours who make sure the neighbourhood's concerns are heard.",
        **_contact(
            "residents-riviere-nord",
            "Guy Thibodeau",
            "comite.residents",
            "418-555-0106",
            date(2022, 11, 15),
        ),
    ),
    _partner(
        "lived_experience",
        Sector.RESIDENTS,
        "Comité Voix citoyennes",
        "Citizen Voices Committee",
        "",
        "Des personnes qui vivent ou ont vécu la pauvreté et qui conseillent la Table sur chacune de ses décisions.",
        "People with lived experience of poverty who advise the Roundtable on every decision it makes.",
        **_contact(
            "voix-citoyennes", "Fatou Diallo", "voix.citoyennes", "418-555-0191", date(2023, 3, 20)
        ),
    ),
]

OTHER_PARTNERS = [
    _partner(
        "cje",
        Sector.COMMUNITY,
        "Carrefour jeunesse-emploi du Littoral",
        "Littoral Youth Employment Centre",
        "CJE",
        "Accompagne les 16 à 35 ans dans leur recherche d'emploi, leur retour aux études ou leur projet d'entreprise.",
        "Helps 16- to 35-year-olds find work, go back to school or start a business.",
        **_contact("cje-littoral", "Mélanie Caron", "info.cje", "418-555-0210", date(2024, 10, 7)),
    ),
    _partner(
        "mrc",
        Sector.PUBLIC,
        "MRC du Littoral",
        "Littoral Regional County Municipality",
        "",
        "Planifie l'aménagement et le développement économique des huit municipalités du territoire.",
        "Plans land use and economic development for the area's eight municipalities.",
        **_contact(
            "mrc-littoral",
            "Daniel Cloutier",
            "developpement.mrc",
            "418-555-0221",
            date(2024, 10, 7),
        ),
    ),
    _partner(
        "css_littoral",
        Sector.EDUCATION,
        "Centre de services scolaire du Littoral",
        "Littoral School Service Centre",
        "CSSL",
        "Gère les écoles secondaires et le centre de formation professionnelle de la région.",
        "Runs the region's high schools and its vocational training centre.",
        **_contact(
            "css-littoral", "Valérie Dion", "orientation.cssl", "418-555-0232", date(2024, 11, 18)
        ),
    ),
    _partner(
        "chamber_littoral",
        Sector.PRIVATE,
        "Chambre de commerce du Littoral",
        "Littoral Chamber of Commerce",
        "",
        "Réunit les employeurs de la région et organise chaque printemps une foire de l'emploi jeunesse.",
        "Brings the region's employers together and holds a youth job fair every spring.",
        **_contact(
            "chambre-littoral",
            "Ryan Gallant",
            "info.chambrelittoral",
            "418-555-0243",
            date(2025, 2, 3),
        ),
    ),
    _partner(
        "youth_committee",
        Sector.RESIDENTS,
        "Comité jeunesse citoyen du Littoral",
        "Littoral Youth Citizens' Committee",
        "",
        "Des jeunes de 15 à 29 ans qui donnent leur avis sur les projets qui les concernent.",
        "Young people aged 15 to 29 who weigh in on the projects that affect them.",
        **_contact(
            "jeunesse-littoral", "Léa Bernier", "comite.jeunesse", "418-555-0254", date(2025, 3, 10)
        ),
    ),
]

# --- Governance bodies ---------------------------------------------------------------------------

EVERY_SIX_WEEKS = ("Toutes les six semaines", "Every six weeks")
MONTHLY = ("Une fois par mois", "Once a month")

MAIN_BODIES = [
    {
        "key": "steering",
        "kind": BodyKind.STEERING_COMMITTEE,
        "name_fr": "Comité directeur",
        "name_en": "Steering Committee",
        "mandate_fr": (
            "Porte la vision de la Table et veille au respect du plan d'action commun. Arbitre les "
            "priorités, adopte le budget de l'infrastructure de soutien et fait le suivi des "
            "indicateurs partagés."
        ),
        "mandate_en": (
            "Holds the Roundtable's vision and makes sure the common agenda is followed. Sets "
            "priorities, approves the backbone's budget and keeps track of the shared indicators."
        ),
        "rhythm": EVERY_SIX_WEEKS,
        "created_on": date(2022, 3, 1),
    },
    {
        "key": "food",
        "kind": BodyKind.ACTION_TEAM,
        "name_fr": "Chantier sécurité alimentaire",
        "name_en": "Food Security Action Team",
        "mandate_fr": (
            "Coordonne l'aide alimentaire d'urgence et développe des solutions durables : cuisines "
            "collectives, marché solidaire et jardins communautaires. Vise à ce qu'aucune famille "
            "du quartier ne saute de repas faute d'argent."
        ),
        "mandate_en": (
            "Coordinates emergency food aid and builds lasting solutions: community kitchens, a "
            "solidarity market and community gardens. Works so that no family in the neighbourhood "
            "skips a meal for lack of money."
        ),
        "rhythm": MONTHLY,
        "created_on": date(2022, 9, 12),
    },
    {
        "key": "housing",
        "kind": BodyKind.ACTION_TEAM,
        "name_fr": "Chantier logement",
        "name_en": "Housing Action Team",
        "mandate_fr": (
            "Suit l'évolution des loyers et des évictions dans les deux quartiers et soutient les "
            "projets de logements sociaux et communautaires. Porte auprès de la Ville les "
            "propositions de la Table en matière d'habitation."
        ),
        "mandate_en": (
            "Tracks rents and evictions in both neighbourhoods and supports social and community "
            "housing projects. Brings the Roundtable's housing proposals to the City."
        ),
        "rhythm": EVERY_SIX_WEEKS,
        "created_on": date(2022, 9, 12),
    },
    {
        "key": "employment",
        "kind": BodyKind.ACTION_TEAM,
        "name_fr": "Chantier emploi et revenu",
        "name_en": "Employment and Income Action Team",
        "mandate_fr": (
            "Rapproche les employeurs du quartier et les personnes éloignées du marché du travail. "
            "Aide les ménages à toucher tous les crédits et prestations auxquels ils ont droit."
        ),
        "mandate_en": (
            "Connects local employers with people who have been shut out of the job market. Helps "
            "households claim every tax credit and benefit they are entitled to."
        ),
        "rhythm": EVERY_SIX_WEEKS,
        "created_on": date(2023, 2, 6),
    },
]

OTHER_BODIES = [
    {
        "key": "steering",
        "kind": BodyKind.STEERING_COMMITTEE,
        "name_fr": "Comité directeur",
        "name_en": "Steering Committee",
        "mandate_fr": (
            "Réunit les partenaires fondateurs pour bâtir la démarche : portrait de la situation des "
            "jeunes, recherche de financement et choix des premières priorités."
        ),
        "mandate_en": (
            "Brings the founding partners together to build the initiative: a portrait of young "
            "people's situation, fundraising and the choice of first priorities."
        ),
        "rhythm": MONTHLY,
        "created_on": date(2024, 11, 4),
    },
]

# --- People --------------------------------------------------------------------------------------
# (e-mail local part, full name, language, initiative, role, partner key or None)

LOGIN_PEOPLE = [
    ("direction", "Geneviève Tremblay", "fr", MAIN_SLUG, Role.BACKBONE_ADMIN, None),
    ("coordination", "Mathieu Gagnon", "fr", MAIN_SLUG, Role.BACKBONE_STAFF, None),
    ("repondante", "Nathalie Côté", "fr", MAIN_SLUG, Role.PARTNER_EDITOR, "food_bank"),
    ("membre", "Hugo Bélanger", "fr", MAIN_SLUG, Role.PARTNER_MEMBER, "food_bank"),
    ("observateur", "Caroline Leclerc", "fr", MAIN_SLUG, Role.OBSERVER, None),
    ("autre", "Jean-François Lévesque", "fr", OTHER_SLUG, Role.BACKBONE_ADMIN, None),
]

OTHER_PEOPLE = [
    (
        "louise.bergeron",
        "Louise Bergeron",
        "fr",
        MAIN_SLUG,
        Role.PARTNER_EDITOR,
        "housing_committee",
    ),
    ("francois.pelletier", "François Pelletier", "fr", MAIN_SLUG, Role.PARTNER_EDITOR, "families"),
    ("marie-eve.lavoie", "Marie-Ève Lavoie", "fr", MAIN_SLUG, Role.PARTNER_EDITOR, "cdc"),
    ("karim.benali", "Karim Benali", "fr", MAIN_SLUG, Role.PARTNER_EDITOR, "newcomers"),
    ("chantal.fortin", "Chantal Fortin", "fr", MAIN_SLUG, Role.PARTNER_EDITOR, "health"),
    ("stephane.gauthier", "Stéphane Gauthier", "fr", MAIN_SLUG, Role.PARTNER_EDITOR, "borough"),
    ("julie.ouellet", "Julie Ouellet", "fr", MAIN_SLUG, Role.PARTNER_EDITOR, "municipal_housing"),
    (
        "olivier.paquette",
        "Olivier Paquette",
        "fr",
        MAIN_SLUG,
        Role.PARTNER_MEMBER,
        "employment_office",
    ),
    ("emilie.nadeau", "Émilie Nadeau", "fr", MAIN_SLUG, Role.PARTNER_MEMBER, "public_health"),
    ("robert.lachance", "Robert Lachance", "fr", MAIN_SLUG, Role.PARTNER_EDITOR, "chamber"),
    (
        "sarah.thompson",
        "Sarah Thompson",
        "en",
        MAIN_SLUG,
        Role.PARTNER_EDITOR,
        "community_foundation",
    ),
    (
        "andrew.macdonald",
        "Andrew MacDonald",
        "en",
        MAIN_SLUG,
        Role.PARTNER_MEMBER,
        "research_chair",
    ),
    ("annie.girard", "Annie Girard", "fr", MAIN_SLUG, Role.PARTNER_EDITOR, "school_board"),
    ("guy.thibodeau", "Guy Thibodeau", "fr", MAIN_SLUG, Role.PARTNER_EDITOR, "residents"),
    ("fatou.diallo", "Fatou Diallo", "fr", MAIN_SLUG, Role.PARTNER_EDITOR, "lived_experience"),
    ("pierre-luc.simard", "Pierre-Luc Simard", "fr", MAIN_SLUG, Role.PARTNER_MEMBER, "grt"),
    (
        "catherine.dube",
        "Catherine Dubé",
        "fr",
        MAIN_SLUG,
        Role.PARTNER_EDITOR,
        "collective_kitchen",
    ),
    ("jessica.wright", "Jessica Wright", "en", MAIN_SLUG, Role.PARTNER_MEMBER, "cegep"),
    ("melanie.caron", "Mélanie Caron", "fr", OTHER_SLUG, Role.PARTNER_EDITOR, "cje"),
    ("ryan.gallant", "Ryan Gallant", "en", OTHER_SLUG, Role.PARTNER_MEMBER, "chamber_littoral"),
]

SITE_ADMIN = ("admin", "Isabelle Morin", "fr")

# --- Seats: (body key, e-mail local part, role on the body, term start, term end) ----------------

MAIN_SEATS = [
    ("steering", "marie-eve.lavoie", BodyRole.CHAIR, date(2024, 6, 12), date(2027, 6, 11)),
    ("steering", "chantal.fortin", BodyRole.CO_CHAIR, date(2024, 6, 12), date(2027, 6, 11)),
    ("steering", "direction", BodyRole.SECRETARY, date(2024, 6, 12), None),
    ("steering", "sarah.thompson", BodyRole.MEMBER, date(2024, 6, 12), date(2027, 6, 11)),
    ("steering", "robert.lachance", BodyRole.MEMBER, date(2024, 9, 18), None),
    ("steering", "annie.girard", BodyRole.MEMBER, date(2024, 6, 12), None),
    ("steering", "guy.thibodeau", BodyRole.MEMBER, date(2025, 1, 22), date(2027, 1, 21)),
    ("steering", "fatou.diallo", BodyRole.MEMBER, date(2025, 1, 22), date(2027, 1, 21)),
    ("food", "repondante", BodyRole.CHAIR, date(2024, 2, 7), date(2027, 2, 6)),
    ("food", "catherine.dube", BodyRole.CO_CHAIR, date(2024, 2, 7), None),
    ("food", "membre", BodyRole.MEMBER, date(2024, 2, 7), None),
    ("food", "francois.pelletier", BodyRole.MEMBER, date(2024, 5, 1), None),
    ("food", "emilie.nadeau", BodyRole.MEMBER, date(2025, 3, 5), None),
    ("food", "coordination", BodyRole.SECRETARY, date(2024, 2, 7), None),
    ("housing", "louise.bergeron", BodyRole.CHAIR, date(2024, 4, 10), date(2027, 4, 9)),
    ("housing", "julie.ouellet", BodyRole.MEMBER, date(2024, 4, 10), None),
    ("housing", "pierre-luc.simard", BodyRole.MEMBER, date(2024, 4, 10), None),
    ("housing", "guy.thibodeau", BodyRole.MEMBER, date(2025, 2, 12), None),
    ("housing", "stephane.gauthier", BodyRole.MEMBER, date(2024, 10, 16), None),
    ("employment", "karim.benali", BodyRole.CHAIR, date(2024, 3, 13), date(2027, 3, 12)),
    ("employment", "olivier.paquette", BodyRole.MEMBER, date(2024, 3, 13), None),
    ("employment", "robert.lachance", BodyRole.MEMBER, date(2024, 9, 25), None),
    ("employment", "jessica.wright", BodyRole.MEMBER, date(2025, 1, 15), None),
    ("employment", "fatou.diallo", BodyRole.MEMBER, date(2025, 1, 15), None),
]

OTHER_SEATS = [
    ("steering", "melanie.caron", BodyRole.CHAIR, date(2024, 11, 4), date(2027, 11, 3)),
    ("steering", "autre", BodyRole.SECRETARY, date(2024, 11, 4), None),
    ("steering", "ryan.gallant", BodyRole.MEMBER, date(2025, 2, 3), None),
]


def _email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


# --- Loading -------------------------------------------------------------------------------------


def load_demo() -> list[DemoLogin]:
    """Create (or complete) the demo initiatives; idempotent: running it twice adds nothing twice."""
    with transaction.atomic():
        network, _ = Network.objects.get_or_create(
            slug=NETWORK["slug"], defaults={k: v for k, v in NETWORK.items() if k != "slug"}
        )
        main = _initiative(MAIN_SLUG, MAIN_INITIATIVE, network)
        other = _initiative(OTHER_SLUG, OTHER_INITIATIVE, network)
        _give_logo(main, initials="SR", colour=(0, 110, 120))

        partners = {
            MAIN_SLUG: _partners(main, MAIN_PARTNERS),
            OTHER_SLUG: _partners(other, OTHER_PARTNERS),
        }
        bodies = {MAIN_SLUG: _bodies(main, MAIN_BODIES), OTHER_SLUG: _bodies(other, OTHER_BODIES)}
        initiatives = {MAIN_SLUG: main, OTHER_SLUG: other}

        local, full_name, language = SITE_ADMIN
        _person(local, full_name, language, superuser=True, is_login=True)
        people = {}
        people_rows = [(row, True) for row in LOGIN_PEOPLE] + [(row, False) for row in OTHER_PEOPLE]
        for (local, full_name, language, slug, role, partner_key), is_login in people_rows:
            person = _person(local, full_name, language, is_login=is_login)
            partner = partners[slug][partner_key] if partner_key else None
            membership, _ = Membership.objects.get_or_create(
                user=person,
                initiative=initiatives[slug],
                defaults={"role": role, "partner": partner},
            )
            people[local] = (person, membership.partner)

        for slug, seats in ((MAIN_SLUG, MAIN_SEATS), (OTHER_SLUG, OTHER_SEATS)):
            for body_key, local, role, term_start, term_end in seats:
                person, partner = people[local]
                BodyMember.objects.get_or_create(
                    body=bodies[slug][body_key],
                    user=person,
                    defaults={
                        "partner": partner,
                        "role": role,
                        "term_start": term_start,
                        "term_end": term_end,
                    },
                )

        from commun.agenda.demo import load_demo_agenda  # the agenda app builds on this module

        load_demo_agenda(main)

        from commun.measurement.demo import load_demo_measurement

        load_demo_measurement(main)

        from commun.activities.demo import load_demo_activities

        load_demo_activities(main)
        from commun.assessments.demo import load_demo_assessments

        load_demo_assessments(main)

    return [
        DemoLogin(gettext_noop("Site administrator"), _email("admin"), DEMO_PASSWORD),
        DemoLogin(gettext_noop("Backbone administrator"), _email("direction"), DEMO_PASSWORD),
        DemoLogin(gettext_noop("Backbone staff"), _email("coordination"), DEMO_PASSWORD),
        DemoLogin(gettext_noop("Partner editor"), _email("repondante"), DEMO_PASSWORD),
        DemoLogin(gettext_noop("Partner member"), _email("membre"), DEMO_PASSWORD),
        DemoLogin(gettext_noop("Observer"), _email("observateur"), DEMO_PASSWORD),
        DemoLogin(
            gettext_noop("Administrator of another initiative"), _email("autre"), DEMO_PASSWORD
        ),
    ]


def _initiative(slug: str, data: dict, network: Network) -> Initiative:
    initiative, _ = Initiative.objects.get_or_create(
        slug=slug, defaults={**data, "network": network}
    )
    return initiative


def _partners(initiative: Initiative, rows: list[dict]) -> dict[str, Partner]:
    partners = {}
    for row in rows:
        fields = {k: v for k, v in row.items() if k not in ("key", "name_fr")}
        partners[row["key"]], _ = Partner.objects.get_or_create(
            initiative=initiative, name_fr=row["name_fr"], defaults=fields
        )
    return partners


def _bodies(initiative: Initiative, rows: list[dict]) -> dict[str, GovernanceBody]:
    bodies = {}
    for row in rows:
        rhythm_fr, rhythm_en = row["rhythm"]
        bodies[row["key"]], _ = GovernanceBody.objects.get_or_create(
            initiative=initiative,
            name_fr=row["name_fr"],
            defaults={
                "kind": row["kind"],
                "name_en": row["name_en"],
                "mandate_fr": row["mandate_fr"],
                "mandate_en": row["mandate_en"],
                "meeting_rhythm_fr": rhythm_fr,
                "meeting_rhythm_en": rhythm_en,
                "created_on": row["created_on"],
            },
        )
    return bodies


def _person(
    local: str, full_name: str, language: str, superuser: bool = False, is_login: bool = False
) -> User:
    """The demo account, created with the demo password. An existing account is left as it is,
    except that a printed login (`is_login`) gets the demo password back if it was changed."""
    email = _email(local)
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        create = User.objects.create_superuser if superuser else User.objects.create_user
        return create(email, DEMO_PASSWORD, full_name=full_name, language=language)
    changed = []
    if superuser and not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = True
        changed += ["is_staff", "is_superuser"]
    if not user.is_active:
        user.is_active = True
        changed.append("is_active")
    if is_login and not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        changed.append("password")
    if changed:
        user.save(update_fields=changed)
    return user


def _give_logo(initiative: Initiative, initials: str, colour: tuple[int, int, int]) -> None:
    """A small generated PNG logo, unless the initiative already has one."""
    if initiative.logo:
        return
    name = f"{initiative.slug}.png"
    field = initiative.logo
    stored = field.field.generate_filename(initiative, name)
    if field.storage.exists(stored):  # a previous load already drew it: reuse the file
        field.name = stored
        initiative.save(update_fields=["logo"])
    else:
        field.save(name, ContentFile(_logo_png(initials, colour)), save=True)


def _logo_png(initials: str, colour: tuple[int, int, int], size: int = 256) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), fill=(*colour, 255))
    draw.arc((28, 28, size - 28, size - 28), start=200, end=340, fill=(255, 200, 60, 255), width=10)
    try:
        font = ImageFont.load_default(size=size // 3)
        draw.text((size / 2, size / 2 + 10), initials, fill="white", font=font, anchor="mm")
    except (ImportError, OSError, TypeError, ValueError):  # no FreeType: the small bitmap font
        draw.text((size / 2 - 8, size / 2 - 6), initials, fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
