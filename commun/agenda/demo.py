"""The demo initiative's common agenda: every canvas filled in, two published versions, scores,
endorsements and comments, in French and English.

`load_demo_agenda(initiative)` fills the Saint-Roch demo initiative once (it does nothing when the
initiative already has a canvas, or is any other initiative). Partners and people are the ones of
`commun.initiatives.demo`, found by their French name and e-mail address.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from commun.agenda.models import (
    Canvas,
    CanvasKey,
    Comment,
    Criterion,
    DataNeed,
    Endorsement,
    ExistingAction,
    Lever,
    LeverScore,
    Outcome,
    Principle,
    ProblemFactor,
    Strategy,
)
from commun.initiatives.models import Initiative, Membership, Partner
from commun.initiatives.roles import PARTNER_ROLES, Role
from commun.people.models import User

# --- Canvas texts: {canvas: {field: (French, English)}} -----------------------------------------

TEXTS = {
    CanvasKey.ISSUE: {
        "statement": (
            "Dans Saint-Roch et Rivière-Nord, près d'un ménage sur trois vit sous la mesure de "
            "faible revenu, soit plus du double de la moyenne de la ville de Québec. Les loyers "
            "ont bondi depuis 2020 alors que les revenus des ménages locataires stagnent : de plus "
            "en plus de familles doivent choisir entre payer le loyer et remplir le frigo. Les "
            "services existent, mais ils sont morcelés, et bien des personnes ne touchent pas les "
            "prestations et les crédits d'impôt auxquels elles ont droit. Malgré l'engagement de "
            "nombreux organismes, la pauvreté ne recule pas, parce que nos efforts ne visent pas "
            "des objectifs communs.",
            "In Saint-Roch and Rivière-Nord, nearly one household in three lives below the "
            "low-income measure, more than twice the Quebec City average. Rents have soared since "
            "2020 while renters' incomes have stalled: more and more families have to choose "
            "between paying the rent and filling the fridge. Services exist, but they are "
            "fragmented, and many people do not receive the benefits and tax credits they are "
            "entitled to. Despite the commitment of many organizations, poverty is not going down, "
            "because our efforts are not aimed at shared goals.",
        ),
        "affected": (
            "D'abord les ménages locataires à faible revenu : familles monoparentales, le plus "
            "souvent dirigées par des femmes, personnes seules de 45 à 64 ans, personnes aînées "
            "qui vivent seules, personnes nouvellement arrivées et personnes qui vivent en maison "
            "de chambres. Au-delà des chiffres, c'est l'épuisement de devoir demander de l'aide "
            "chaque mois et le sentiment d'être jugé·e. Les enfants de ces ménages en portent les "
            "effets dès la petite enfance, et tout le quartier en subit le poids : écoles, "
            "commerces et services publics.",
            "First of all, low-income renter households: single-parent families, most of them "
            "headed by women, single people aged 45 to 64, seniors living alone, newcomers and "
            "people living in rooming houses. Beyond the numbers, it means the exhaustion of "
            "asking for help month after month and the feeling of being judged. Children in these "
            "households feel the effects from early childhood, and the whole neighbourhood carries "
            "the weight: schools, local businesses and public services.",
        ),
    },
    CanvasKey.SCOPE: {
        "territory": (
            "Les quartiers Saint-Roch et Rivière-Nord, dans l'arrondissement de la Basse-Ville : "
            "sept secteurs de recensement et environ 24 000 résident·e·s. Un service situé à "
            "l'extérieur, mais fréquenté par nos résident·e·s, peut faire partie de nos actions.",
            "The Saint-Roch and Rivière-Nord neighbourhoods in the Lower Town Borough: seven "
            "census tracts and about 24,000 residents. A service located outside the area but used "
            "by our residents can be part of our work.",
        ),
        "population": (
            "Les quelque 4 000 ménages du territoire qui vivent sous la mesure de faible revenu ou "
            "tout juste au-dessus, avec une attention particulière aux familles avec de jeunes "
            "enfants, aux personnes seules et aux personnes nouvellement arrivées.",
            "The roughly 4,000 households in the area living below or just above the low-income "
            "measure, with particular attention to families with young children, people living "
            "alone and newcomers.",
        ),
        "horizon": (
            "De 2026 à 2030 : un plan d'action commun sur cinq ans, revu chaque année en assemblée "
            "des partenaires, avec un bilan de mi-parcours à l'automne 2028.",
            "2026 to 2030: a five-year common agenda, reviewed every year at the partners' "
            "assembly, with a mid-term review in the fall of 2028.",
        ),
        "in_scope": (
            "Le logement, la sécurité alimentaire, l'emploi et le revenu, ainsi que l'accès aux "
            "droits et aux services. La participation des personnes en situation de pauvreté à "
            "toutes les décisions de la Table.",
            "Housing, food security, employment and income, and access to rights and services. The "
            "involvement of people living in poverty in every decision the Roundtable makes.",
        ),
        "out_of_scope": (
            "L'itinérance chronique, déjà portée par la table régionale en itinérance, et les "
            "soins de santé, qui relèvent du CISSS. Les politiques fiscales et d'aide sociale des "
            "gouvernements : la Table peut les documenter et faire valoir ses propositions, mais "
            "elles ne sont pas entre ses mains.",
            "Chronic homelessness, already taken on by the regional homelessness roundtable, and "
            "health care, which is the CISSS's responsibility. Government tax and social "
            "assistance policy: the Roundtable can document it and put forward proposals, but it "
            "is not in its hands.",
        ),
    },
    CanvasKey.VISION: {
        "vision": (
            "En 2030, Saint-Roch et Rivière-Nord sont des quartiers où chaque personne peut se "
            "loger convenablement, manger à sa faim et vivre dignement de son revenu, et où celles "
            "et ceux qui ont connu la pauvreté ont leur mot à dire sur l'avenir du quartier.",
            "By 2030, Saint-Roch and Rivière-Nord are neighbourhoods where everyone can live in "
            "decent housing, eat well and live in dignity on their income, and where people who "
            "have known poverty have a say in the neighbourhood's future.",
        ),
        "aspiration": (
            "Nous voulons cesser d'agir chacun de notre côté et unir nos forces autour de quelques "
            "changements déterminants, que nous mesurons ensemble. Nous voulons que nos quartiers "
            "se transforment sans que les résident·e·s qui y vivent aujourd'hui en soient "
            "chassé·e·s.",
            "We want to stop working each on our own and join forces around a few determining "
            "changes that we measure together. We want our neighbourhoods to change without "
            "pushing out the people who live here today.",
        ),
    },
    CanvasKey.THEORY: {
        "goal": (
            "D'ici 2030, réduire d'un quart la proportion de résident·e·s de Saint-Roch et de "
            "Rivière-Nord qui vivent sous la mesure de faible revenu, et faire en sorte qu'aucun "
            "ménage n'ait à choisir entre se loger et se nourrir.",
            "By 2030, cut by a quarter the share of Saint-Roch and Rivière-Nord residents living "
            "below the low-income measure, and make sure no household has to choose between a roof "
            "over its head and food on the table.",
        ),
    },
}

# The vision as version 2 words it (after a partner's comment on welcoming every background).
REVISED_VISION = (
    "En 2030, Saint-Roch et Rivière-Nord sont des quartiers où chaque personne, quelle que soit "
    "son origine, peut se loger convenablement, manger à sa faim et vivre dignement de son revenu, "
    "et où celles et ceux qui ont connu la pauvreté ont leur mot à dire sur l'avenir du quartier.",
    "By 2030, Saint-Roch and Rivière-Nord are neighbourhoods where everyone, whatever their "
    "background, can live in decent housing, eat well and live in dignity on their income, and "
    "where people who have known poverty have a say in the neighbourhood's future.",
)

# --- Define the issue: (French, English) ---------------------------------------------------------

CAUSES = [
    (
        "Hausse rapide des loyers et perte de logements abordables (rénovictions, conversions, "
        "fermeture de maisons de chambres)",
        "Rapidly rising rents and loss of affordable housing (renovictions, conversions, rooming "
        "houses closing)",
    ),
    (
        "Revenus insuffisants : emplois précaires et à temps partiel, prestations d'aide sociale "
        "bien en deçà de la mesure du panier de consommation",
        "Incomes too low to live on: precarious and part-time jobs, social assistance benefits far "
        "below the Market Basket Measure",
    ),
    (
        "Obstacles à l'emploi : faible scolarité, diplômes étrangers non reconnus, manque de "
        "places en service de garde, problèmes de santé",
        "Barriers to employment: little schooling, foreign credentials not recognized, too few "
        "child care spaces, health problems",
    ),
    (
        "Méconnaissance des droits et non-recours aux prestations : démarches complexes, "
        "difficultés de lecture, fracture numérique",
        "People unaware of their rights and not claiming benefits: complex paperwork, reading "
        "difficulties, the digital divide",
    ),
    (
        "Services morcelés et organismes qui travaillent en silo, au rythme de financements par "
        "projet",
        "Fragmented services and organizations working in silos, at the pace of project-based "
        "funding",
    ),
]

CONSEQUENCES = [
    (
        "Insécurité alimentaire : recours croissant à l'aide alimentaire et repas sautés, surtout "
        "en fin de mois",
        "Food insecurity: growing use of food aid and skipped meals, especially at the end of the "
        "month",
    ),
    (
        "Santé physique et mentale plus fragile; une espérance de vie inférieure de plusieurs "
        "années à celle des quartiers aisés",
        "Poorer physical and mental health; life expectancy several years shorter than in "
        "well-off neighbourhoods",
    ),
    (
        "Déménagements forcés, logements surpeuplés ou insalubres, itinérance cachée",
        "Forced moves, overcrowded or unsanitary housing, hidden homelessness",
    ),
    (
        "Des enfants plus nombreux à être vulnérables à leur entrée à la maternelle, puis "
        "décrochage scolaire",
        "More children vulnerable when they start kindergarten, and later dropping out of school",
    ),
    (
        "Isolement social, perte de confiance envers les institutions et faible participation à la "
        "vie du quartier",
        "Social isolation, loss of trust in institutions and little involvement in neighbourhood "
        "life",
    ),
]

# --- Data needed: (status, subject FR, subject EN, source FR, source EN) -------------------------

KNOWN, NEEDED = DataNeed.Status.KNOWN, DataNeed.Status.NEEDED

DATA_NEEDS = [
    (
        KNOWN,
        "Proportion des résident·e·s qui vivent sous la mesure de faible revenu après impôt "
        "(MFR-ApI), par secteur de recensement",
        "Share of residents living below the after-tax low-income measure (LIM-AT), by census "
        "tract",
        "Statistique Canada, Recensement de 2021",
        "Statistics Canada, 2021 Census",
    ),
    (
        KNOWN,
        "Nombre de ménages locataires qui consacrent 30 % ou plus de leur revenu au logement",
        "Number of renter households spending 30% or more of their income on housing",
        "Statistique Canada, Recensement de 2021; profils de quartier de la Ville de Québec",
        "Statistics Canada, 2021 Census; Ville de Québec neighbourhood profiles",
    ),
    (
        KNOWN,
        "Nombre de ménages qui reçoivent de l'aide alimentaire chaque mois, et leur composition",
        "Number of households receiving food aid each month, and who they are",
        "Moisson Québec (Bilan-Faim) et registres de la Banque alimentaire de la Basse-Ville",
        "Moisson Québec (HungerCount) and Lower Town Food Bank records",
    ),
    (
        KNOWN,
        "Inventaire des logements sociaux et communautaires, des HLM et des maisons de chambres du "
        "territoire",
        "Inventory of social and community housing, public housing and rooming houses in the area",
        "Ville de Québec, Société d'habitation du Québec et Habitations municipales de la "
        "Basse-Ville",
        "Ville de Québec, Société d'habitation du Québec and Lower Town Municipal Housing",
    ),
    (
        NEEDED,
        "Nombre d'évictions, de reprises de logement et de hausses de loyer contestées dans les "
        "deux quartiers",
        "Number of evictions, owner move-ins and contested rent increases in both neighbourhoods",
        "Comité logement Rivière-Nord (registre des appels) et Tribunal administratif du logement",
        "Rivière-Nord Housing Committee (call log) and the Tribunal administratif du logement",
    ),
    (
        NEEDED,
        "Proportion des ménages admissibles qui ne réclament pas leurs crédits d'impôt et "
        "prestations (crédit d'impôt pour solidarité, Allocation canadienne pour enfants, "
        "Supplément de revenu garanti)",
        "Share of eligible households not claiming their tax credits and benefits (solidarity tax "
        "credit, Canada Child Benefit, Guaranteed Income Supplement)",
        "Revenu Québec et Agence du revenu du Canada (demande de données spéciale); cliniques "
        "d'impôts du quartier",
        "Revenu Québec and the Canada Revenue Agency (custom data request); neighbourhood tax "
        "clinics",
    ),
    (
        NEEDED,
        "Insécurité alimentaire des ménages à l'échelle des quartiers, et pas seulement de la "
        "région",
        "Household food insecurity at the neighbourhood level, not just for the region",
        "DRSP de la Capitale-Nord, à partir de l'Enquête québécoise sur la santé de la "
        "population; données du CISSS",
        "Capitale-Nord Public Health Department, from the Québec Population Health Survey; CISSS "
        "data",
    ),
    (
        NEEDED,
        "Ce que vivent les personnes en situation de pauvreté : obstacles rencontrés, services "
        "jugés utiles ou blessants, solutions proposées",
        "What people living in poverty go through: the obstacles they face, which services help "
        "or hurt, the solutions they suggest",
        "Comité Voix citoyennes : groupes de discussion animés avec la Chaire de recherche",
        "Citizen Voices Committee: focus groups run with the Research Chair",
    ),
]

# --- Existing actions: (partner key, what FR, what EN, for whom FR, for whom EN, where FR, EN) ---

EXISTING_ACTIONS = [
    (
        "food_bank",
        "Distribution hebdomadaire de denrées et dépannages alimentaires d'urgence",
        "Weekly grocery distribution and emergency food hampers",
        "Ménages à faible revenu des deux quartiers",
        "Low-income households in both neighbourhoods",
        "Local de la rue du Pont, Saint-Roch",
        "Rue du Pont premises, Saint-Roch",
    ),
    (
        "collective_kitchen",
        "Cuisines collectives : des groupes cuisinent ensemble, une fois par mois, des repas "
        "économiques à rapporter à la maison",
        "Community kitchens: groups cook affordable meals together once a month and take them home",
        "Familles et personnes seules, en groupes de cinq à huit",
        "Families and single people, in groups of five to eight",
        "Quatre cuisines, dont deux dans des HLM",
        "Four kitchens, two of them in public housing buildings",
    ),
    (
        "housing_committee",
        "Information et accompagnement des locataires : hausses de loyer, avis de reprise, recours "
        "au Tribunal administratif du logement",
        "Information and support for tenants: rent increases, repossession notices, cases before "
        "the Tribunal administratif du logement",
        "Locataires des deux quartiers",
        "Tenants in both neighbourhoods",
        "Local du comité et permanence téléphonique, Rivière-Nord",
        "Committee office and phone line, Rivière-Nord",
    ),
    (
        "grt",
        "Développement d'une coopérative de 48 logements pour familles, dont la moitié avec "
        "supplément au loyer",
        "Developing a 48-unit housing co-op for families, half of the units with rent supplements",
        "Familles à revenu faible ou modeste",
        "Low- and modest-income families",
        "Ancien terrain de l'entrepôt, Rivière-Nord",
        "Former warehouse site, Rivière-Nord",
    ),
    (
        "employment_office",
        "Programmes Objectif emploi et PAAS Action : accompagnement vers l'emploi et la formation",
        "Objectif emploi and PAAS Action programs: support towards work and training",
        "Personnes qui demandent l'aide sociale pour la première fois et prestataires éloignés du "
        "marché du travail",
        "First-time social assistance applicants and recipients far from the job market",
        "Bureau de Services Québec, Saint-Roch",
        "Services Québec office, Saint-Roch",
    ),
    (
        "chamber",
        "Programme d'embauche inclusive : jumelage entre employeurs et chercheurs d'emploi, stages "
        "rémunérés, formation des gestionnaires",
        "Inclusive hiring program: matching employers with job seekers, paid internships, training "
        "for managers",
        "Personnes éloignées du marché du travail et personnes immigrantes",
        "People far from the job market and immigrants",
        "Entreprises membres de la Basse-Ville",
        "Member businesses in the Lower Town",
    ),
    (
        "families",
        "Halte-garderie à coût modique et ateliers parents-enfants",
        "Low-cost drop-in daycare and parent-child workshops",
        "Parents d'enfants de 0 à 5 ans",
        "Parents of children aged 0 to 5",
        "Carrefour familles, Saint-Roch",
        "Family Resource Centre, Saint-Roch",
    ),
    (
        "cdc",
        "Clinique d'impôts bénévole, avec le Programme des bénévoles de Revenu Québec et de "
        "l'Agence du revenu du Canada",
        "Volunteer tax clinic, run with the Revenu Québec and Canada Revenue Agency volunteer "
        "programs",
        "Personnes et familles à faible revenu",
        "Low-income individuals and families",
        "Trois points de service, de mars à mai",
        "Three locations, from March to May",
    ),
    (
        "health",
        "Intervention de proximité : des intervenant·e·s vont à la rencontre des personnes isolées",
        "Outreach: community workers go out to meet isolated people",
        "Personnes isolées, aînées ou aux prises avec des problèmes de santé mentale",
        "Isolated people, seniors and people living with mental health problems",
        "Parcs, HLM, maisons de chambres et organismes du quartier",
        "Parks, public housing, rooming houses and local organizations",
    ),
    (
        "newcomers",
        "Accueil et aide à l'installation, ateliers sur le marché du travail québécois, soutien à "
        "la reconnaissance des diplômes",
        "Welcome and settlement support, workshops on the Québec job market, help getting "
        "credentials recognized",
        "Personnes immigrantes et réfugiées arrivées depuis moins de cinq ans",
        "Immigrants and refugees who arrived less than five years ago",
        "Centre d'accueil, Saint-Roch",
        "Welcome centre, Saint-Roch",
    ),
]

# --- Determining changes -------------------------------------------------------------------------

CRITERIA = [("Impact", "Impact", 3), ("Faisabilité", "Feasibility", 2), ("Urgence", "Urgency", 1)]

# The partners that score the levers (each scores every lever on every criterion).
SCORERS = [
    "food_bank",
    "housing_committee",
    "cdc",
    "health",
    "borough",
    "municipal_housing",
    "employment_office",
    "chamber",
    "credit_union",
    "community_foundation",
    "residents",
    "lived_experience",
]

# How partners score a lever: ("agree",) all high; ("mixed", low, high) each partner somewhere
# in between; ("split", sceptics) the sceptics give 1 or 2, everyone else 4 or 5.
AGREE = ("agree",)
HOUSING_SCEPTICS = frozenset(
    {"chamber", "credit_union", "community_foundation", "employment_office", "borough"}
)
REGISTRY_SCEPTICS = frozenset(
    {
        "chamber",
        "credit_union",
        "community_foundation",
        "employment_office",
        "borough",
        "municipal_housing",
    }
)

# (name FR, name EN, is a priority, how partners score it)
LEVERS = [
    (
        "Préserver et développer le logement abordable : achat d'immeubles de gré à gré par des "
        "OBNL, protection des maisons de chambres, nouveaux logements sociaux",
        "Preserve and expand affordable housing: non-profits buying rental buildings through "
        "voluntary sales, protecting rooming houses, new social housing",
        True,
        ("split", HOUSING_SCEPTICS),
    ),
    (
        "Renforcer l'autonomie alimentaire des familles : cuisines collectives, marché solidaire, "
        "jardins communautaires",
        "Build families' food autonomy: community kitchens, a solidarity market, community gardens",
        True,
        AGREE,
    ),
    (
        "Ouvrir l'accès à l'emploi aux personnes éloignées du marché du travail : embauche "
        "inclusive, stages rémunérés, accompagnement en emploi",
        "Open up jobs to people far from the job market: inclusive hiring, paid internships, "
        "on-the-job support",
        False,
        ("mixed", 3, 5),
    ),
    (
        "Faire en sorte que chaque ménage touche les crédits d'impôt et les prestations auxquels "
        "il a droit",
        "Make sure every household receives the tax credits and benefits it is entitled to",
        True,
        AGREE,
    ),
    (
        "Demander à la Ville un registre public des loyers et un meilleur encadrement des hausses",
        "Ask the City for a public rent registry and tighter control of rent increases",
        False,
        ("split", REGISTRY_SCEPTICS),
    ),
    (
        "Offrir plus de places en service de garde éducatif à l'enfance aux familles à faible "
        "revenu",
        "More early childhood education and care spaces for low-income families",
        False,
        ("mixed", 2, 5),
    ),
    (
        "Briser l'isolement des personnes aînées et nouvellement arrivées : milieux de vie, "
        "accompagnement, activités de quartier",
        "Break the isolation of seniors and newcomers: drop-in places, accompaniment, "
        "neighbourhood activities",
        False,
        ("mixed", 2, 4),
    ),
]

# --- Shared principles: (name FR, name EN, in practice FR, in practice EN) ------------------------

PRINCIPLES = [
    (
        "Rien sur nous sans nous",
        "Nothing about us without us",
        "Les personnes qui vivent la pauvreté prennent part à chaque décision : deux sièges au "
        "comité directeur, une compensation pour leur temps, des documents en langage clair et des "
        "rencontres en soirée au moins une fois sur deux.",
        "People living in poverty take part in every decision: two seats on the Steering "
        "Committee, compensation for their time, documents in plain language, and at least every "
        "other meeting held in the evening.",
    ),
    (
        "Transparence",
        "Transparency",
        "Les procès-verbaux, le budget de l'infrastructure de soutien et les données du système "
        "d'évaluation commun sont accessibles à tous les partenaires. Toute décision prise en "
        "comité est expliquée à l'assemblée suivante.",
        "Minutes, the backbone's budget and the shared measurement data are open to every "
        "partner. Any decision made in committee is explained at the next assembly.",
    ),
    (
        "Les désaccords sont possibles",
        "Disagreement is allowed",
        "Un désaccord se dit ouvertement, en rencontre, et il est consigné. On cherche le "
        "consensus, mais un partenaire peut appuyer le plan avec une réserve plutôt que de tout "
        "bloquer.",
        "Disagreement is voiced openly, in meetings, and it is recorded. We look for consensus, "
        "but a partner can endorse the plan with a reservation rather than block everything.",
    ),
    (
        "Chacun selon sa mission",
        "Each according to its mission",
        "Aucun partenaire ne renonce à sa mission pour la Table : on aligne ce que chacun fait "
        "déjà et on comble les trous ensemble. Les partenaires ne se font pas concurrence pour le "
        "financement des actions communes.",
        "No partner gives up its mission for the Roundtable: we align what each one already does "
        "and fill the gaps together. Partners do not compete with one another for funding for "
        "joint actions.",
    ),
    (
        "Apprendre de nos résultats",
        "Learn from our results",
        "Nous mesurons peu de choses, mais ensemble. Un résultat décevant est une occasion "
        "d'ajuster nos actions, pas de chercher un coupable.",
        "We measure a few things, but together. A disappointing result is a chance to adjust what "
        "we do, not to look for someone to blame.",
    ),
]

# Added in version 2, after a partner's comment.
ADDED_PRINCIPLE = (
    "Accueillir toutes les origines",
    "Welcome people of every background",
    "Les rencontres se tiennent en français, avec de l'interprétation sur demande. Les documents "
    "clés sont résumés en langage clair et traduits en anglais, en espagnol et en arabe.",
    "Meetings are held in French, with interpretation on request. Key documents are summarized in "
    "plain language and translated into English, Spanish and Arabic.",
)

# --- Theory of change ----------------------------------------------------------------------------

SHORT, MEDIUM, LONG = Outcome.Term.SHORT, Outcome.Term.MEDIUM, Outcome.Term.LONG

OUTCOMES = [
    (
        SHORT,
        "Les partenaires partagent un portrait commun et à jour de la pauvreté dans les deux "
        "quartiers",
        "Partners share a common, up-to-date picture of poverty in both neighbourhoods",
    ),
    (
        SHORT,
        "Plus de ménages connaissent leurs droits et savent où s'adresser pour le logement, les "
        "prestations et l'aide alimentaire",
        "More households know their rights and where to turn for housing, benefits and food aid",
    ),
    (
        SHORT,
        "Les personnes en situation de pauvreté participent activement aux instances de la Table",
        "People living in poverty play an active part in the Roundtable's bodies",
    ),
    (
        MEDIUM,
        "Davantage de ménages touchent les crédits d'impôt et les prestations auxquels ils ont "
        "droit",
        "More households receive the tax credits and benefits they are entitled to",
    ),
    (
        MEDIUM,
        "Moins de ménages locataires perdent leur logement à la suite d'une éviction ou d'une "
        "hausse de loyer abusive",
        "Fewer renter households lose their home to an eviction or an unfair rent increase",
    ),
    (
        MEDIUM,
        "Plus de personnes éloignées du marché du travail obtiennent et gardent un emploi de "
        "qualité",
        "More people far from the job market get, and keep, a good job",
    ),
    (
        LONG,
        "Moins de résident·e·s vivent sous la mesure de faible revenu",
        "Fewer residents live below the low-income measure",
    ),
    (
        LONG,
        "Plus aucune famille du quartier ne saute de repas faute d'argent",
        "No family in the neighbourhood skips a meal for lack of money",
    ),
]

# (French, English, positions in OUTCOMES of the outcomes served)
STRATEGIES = [
    (
        "Offrir des cliniques d'impôts et un accompagnement aux prestations là où les gens vont "
        "déjà : banque alimentaire, HLM, écoles",
        "Offer tax clinics and help with benefits where people already go: the food bank, public "
        "housing, schools",
        (1, 3, 6),
    ),
    (
        "Retirer des immeubles locatifs du marché spéculatif en les faisant acheter par des OBNL "
        "d'habitation, avec l'appui d'un fonds d'acquisition",
        "Take rental buildings off the speculative market by having housing non-profits buy them, "
        "backed by an acquisition fund",
        (4,),
    ),
    (
        "Bâtir avec les employeurs du quartier un parcours d'embauche inclusive : stages "
        "rémunérés, accompagnement en emploi, horaires adaptés",
        "Build an inclusive hiring pathway with local employers: paid internships, on-the-job "
        "support, flexible hours",
        (5, 6),
    ),
    (
        "Relier l'aide alimentaire d'urgence aux cuisines collectives, à un marché solidaire et "
        "aux jardins communautaires",
        "Link emergency food aid to community kitchens, a solidarity market and community gardens",
        (7,),
    ),
]

# Added in version 2.
ADDED_STRATEGY = (
    "Former et rémunérer des personnes relais issues du quartier, dont des personnes immigrantes, "
    "pour faire connaître les droits et les services",
    "Train and pay community navigators from the neighbourhood, including newcomers, to spread the "
    "word about rights and services",
    (1, 2, 3),
)

# --- Versions and endorsements -------------------------------------------------------------------

VERSION_NOTES = [
    (
        "Première version adoptée en assemblée des partenaires.",
        "First version, adopted at the partners' assembly.",
    ),
    (
        "Vision précisée, nouveau principe sur l'accueil des personnes de toutes origines et "
        "nouvelle stratégie de personnes relais, à la suite des commentaires des partenaires.",
        "Vision clarified, a new principle on welcoming people of every background and a new "
        "community navigator strategy, following partners' comments.",
    ),
]

V1_ENDORSERS = [
    "food_bank",
    "housing_committee",
    "families",
    "cdc",
    "health",
    "collective_kitchen",
    "community_foundation",
    "lived_experience",
]

# The food bank has not answered version 2 yet: the demo's partner editor can try endorsing it.
V2_ENDORSERS = [
    "housing_committee",
    "families",
    "cdc",
    "health",
    "collective_kitchen",
    "community_foundation",
    "lived_experience",
    "newcomers",
    "school_board",
    "municipal_housing",
    "public_health",
    "chamber",
    "residents",
    "borough",
]

# Reservations to version 2 (a reservation is written in one language, by the partner).
V2_RESERVATIONS = {
    "chamber": (
        "La Chambre appuie le plan, mais plusieurs de ses membres craignent que le levier sur le "
        "logement abordable décourage l'investissement privé dans le quartier. Nous demandons que "
        "les propriétaires soient consultés avant toute mesure qui les toucherait."
    ),
    "residents": (
        "Le Comité appuie la version 2, mais les résident·e·s demandent plus de place : un seul "
        "siège au comité directeur, c'est peu, et rien n'est prévu pour les consulter entre les "
        "rencontres. Nous souhaitons une assemblée de quartier ouverte à toutes et à tous, chaque "
        "année."
    ),
    "borough": (
        "L'Arrondissement appuie le plan, avec une réserve : la protection des maisons de chambres "
        "relève du conseil de ville. Nous porterons la proposition, mais nous ne pouvons pas nous "
        "engager au nom de la Ville ni sur un échéancier."
    ),
}

# --- Comments: (author's e-mail local part, canvas, language, text, days ago, resolved after) ---

COMMENTS = [
    (
        "fatou.diallo",
        CanvasKey.ISSUE,
        "fr",
        "Dans « Qui est touché », on parle des ménages comme s'il s'agissait seulement de "
        "chiffres. Le Comité Voix citoyennes aimerait qu'on nomme aussi l'épuisement de devoir "
        "demander de l'aide chaque mois. On peut proposer une formulation.",
        45,
        6,
    ),
    (
        "repondante",
        CanvasKey.ISSUE,
        "fr",
        "Dans nos données de 2025, près de 40 % des ménages qui viennent à la banque alimentaire "
        "ont au moins un revenu d'emploi. Il faudrait le dire clairement dans les causes : "
        "travailler ne protège plus de la pauvreté.",
        40,
        None,
    ),
    (
        "andrew.macdonald",
        CanvasKey.DATA,
        "en",
        "The census low-income figures are from 2021 and predate the steepest rent increases. "
        "Could we add the Canadian Income Survey estimates for the Québec CMA as a bridge, with a "
        "clear note that they are not available at the neighbourhood level? The Chair can prepare "
        "the table.",
        33,
        None,
    ),
    (
        "louise.bergeron",
        CanvasKey.CHANGES,
        "fr",
        "Le registre des loyers a reçu des scores très partagés. Avant de l'écarter, le Comité "
        "logement demande qu'on le présente en assemblée, avec l'exemple de villes qui en ont déjà "
        "un.",
        26,
        None,
    ),
    (
        "robert.lachance",
        CanvasKey.CHANGES,
        "fr",
        "Nos membres appuient l'embauche inclusive. Par contre, le levier sur le logement laisse "
        "entendre qu'on forcerait la vente d'immeubles. Peut-on préciser qu'il s'agit d'achats de "
        "gré à gré par des organismes sans but lucratif?",
        24,
        3,
    ),
    (
        "guy.thibodeau",
        CanvasKey.PRINCIPLES,
        "fr",
        "« Rien sur nous sans nous », on est d'accord. Mais le comité des résidents n'a qu'un "
        "siège au comité directeur, et rien ne dit comment les résident·e·s sont consulté·e·s "
        "entre les rencontres.",
        12,
        None,
    ),
    (
        "karim.benali",
        CanvasKey.PRINCIPLES,
        "fr",
        "Plusieurs familles que nous accompagnons ne lisent pas encore le français. Pourrait-on "
        "ajouter un principe sur l'accueil des personnes de toutes origines, avec la traduction "
        "des documents clés?",
        10,
        2,
    ),
]


# --- Loading -------------------------------------------------------------------------------------


def load_demo_agenda(initiative: Initiative) -> None:
    """Idempotent: does nothing if the initiative already has any Canvas row."""
    # Imported here: versions.py imports the canvases, and the initiatives' demo may import us.
    from commun.agenda.versions import publish_version
    from commun.initiatives.demo import DEMO_DOMAIN, MAIN_PARTNERS, MAIN_SLUG

    if initiative.slug != MAIN_SLUG or Canvas.objects.filter(initiative=initiative).exists():
        return
    with transaction.atomic():
        names = {row["key"]: row["name_fr"] for row in MAIN_PARTNERS}
        by_name = {p.name_fr: p for p in Partner.objects.filter(initiative=initiative)}
        partners = {key: by_name[name] for key, name in names.items() if name in by_name}
        editors = {
            m.partner_id: m.user
            for m in Membership.objects.filter(
                initiative=initiative, role=Role.PARTNER_EDITOR
            ).select_related("user")
        }
        staff = User.objects.filter(email__iexact=f"coordination@{DEMO_DOMAIN}").first()

        canvases = {
            key: Canvas.objects.create(
                initiative=initiative,
                key=key,
                texts={name: _pair(pair) for name, pair in TEXTS.get(key, {}).items()},
                revision=1,
                updated_at=timezone.now(),
                updated_by=staff,
            )
            for key in CanvasKey.values
        }
        factors = [("cause", *row) for row in CAUSES] + [("effect", *row) for row in CONSEQUENCES]
        _items(initiative, ProblemFactor, ("side", "text_fr", "text_en"), factors)
        data_fields = ("status", "subject_fr", "subject_en", "source_fr", "source_en")
        _items(initiative, DataNeed, data_fields, DATA_NEEDS)
        actions = [(partners[key], *rest) for key, *rest in EXISTING_ACTIONS if key in partners]
        _items(
            initiative,
            ExistingAction,
            ("partner", "what_fr", "what_en", "for_whom_fr", "for_whom_en", "where_fr", "where_en"),
            actions,
        )
        criteria = _items(initiative, Criterion, ("name_fr", "name_en", "weight"), CRITERIA)
        levers = _items(
            initiative,
            Lever,
            ("name_fr", "name_en", "is_priority"),
            [row[:3] for row in LEVERS],
        )
        _score(levers, criteria, partners, editors)
        principle_fields = ("name_fr", "name_en", "meaning_fr", "meaning_en")
        _items(initiative, Principle, principle_fields, PRINCIPLES)
        outcomes = _items(initiative, Outcome, ("term", "text_fr", "text_en"), OUTCOMES)
        _strategies(initiative, STRATEGIES, outcomes)

        first = publish_version(initiative, staff, *VERSION_NOTES[0])
        _endorse(first, V1_ENDORSERS, {}, partners, editors)

        _items(initiative, Principle, principle_fields, [ADDED_PRINCIPLE], start=len(PRINCIPLES))
        _strategies(initiative, [ADDED_STRATEGY], outcomes, start=len(STRATEGIES))
        vision = canvases[CanvasKey.VISION]
        vision.texts["vision"] = _pair(REVISED_VISION)
        vision.updated_at = timezone.now()
        vision.save(update_fields=["texts", "updated_at"])
        second = publish_version(initiative, staff, *VERSION_NOTES[1])
        _endorse(second, V2_ENDORSERS, V2_RESERVATIONS, partners, editors)

        _comments(initiative, staff, DEMO_DOMAIN)


def _pair(pair: tuple[str, str]) -> dict:
    return {"fr": pair[0], "en": pair[1]}


def _items(initiative, model, fields, rows, start=0) -> list:
    """One item per row (its values in the order of `fields`), numbered from `start`."""
    return [
        model.objects.create(
            initiative=initiative, position=position, **dict(zip(fields, row, strict=True))
        )
        for position, row in enumerate(rows, start=start)
    ]


def _strategies(initiative, rows, outcomes, start=0) -> None:
    for position, (text_fr, text_en, served) in enumerate(rows, start=start):
        strategy = Strategy.objects.create(
            initiative=initiative, position=position, text_fr=text_fr, text_en=text_en
        )
        strategy.outcomes.set([outcomes[i] for i in served])


def _score(levers, criteria, partners, editors) -> None:
    """Every scoring partner scores every lever on every criterion, the same way on each run."""
    rng = random.Random(2026)
    scores = []
    for key in SCORERS:
        partner = partners.get(key)
        if partner is None:
            continue
        for lever, (*_names, profile) in zip(levers, LEVERS, strict=True):
            base = rng.randint(profile[1], profile[2]) if profile[0] == "mixed" else 0
            for criterion in criteria:
                if profile[0] == "agree":
                    score = rng.choice((4, 5, 5))
                elif profile[0] == "split":
                    score = rng.randint(1, 2) if key in profile[1] else rng.choice((4, 5, 5))
                else:
                    score = min(5, max(1, base + rng.choice((-1, 0, 0, 1))))
                scores.append(
                    LeverScore(
                        lever=lever,
                        criterion=criterion,
                        partner=partner,
                        score=score,
                        scored_by=editors.get(partner.pk),
                    )
                )
    LeverScore.objects.bulk_create(scores)


def _endorse(version, keys, reservations, partners, editors) -> None:
    for key in keys:
        if key not in partners:
            continue
        Endorsement.objects.create(
            version=version,
            partner=partners[key],
            decision=(
                Endorsement.Decision.RESERVATION
                if key in reservations
                else Endorsement.Decision.ENDORSED
            ),
            reservation=reservations.get(key, ""),
            decided_by=editors.get(partners[key].pk),
        )


def _comments(initiative, staff, domain) -> None:
    """The comments, by the people named (or, if they are missing, by other partner people)."""
    members = list(
        Membership.objects.filter(initiative=initiative, role__in=sorted(PARTNER_ROLES))
        .select_related("user")
        .order_by("pk")
    )
    if not members:
        return
    by_email = {m.user.email.lower(): m for m in members}
    now = timezone.now()
    for index, (local, canvas_key, language, text, days_ago, resolved_after) in enumerate(COMMENTS):
        member = by_email.get(f"{local}@{domain}".lower(), members[index % len(members)])
        written = now - timedelta(days=days_ago, hours=index)
        resolved = resolved_after is not None
        comment = Comment.objects.create(
            initiative=initiative,
            canvas_key=canvas_key,
            author=member.user,
            partner=member.partner,
            text=text,
            language=language,
            resolved_at=written + timedelta(days=resolved_after) if resolved else None,
            resolved_by=staff if resolved else None,
        )
        Comment.objects.filter(pk=comment.pk).update(created_at=written)  # auto_now_add otherwise
