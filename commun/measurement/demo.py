"""The demo initiative's shared measurement: territories, disaggregations, about a dozen
indicators and five years of observations (2021 to 2025), in French and English.

`load_demo_measurement(initiative)` fills the Saint-Roch demo initiative once (it does nothing when
the initiative already has a territory, or is any other initiative). Partners and people are the
ones of `commun.initiatives.demo`, found by their French name and e-mail address; outcomes and data
needs are those of `commun.agenda.demo`, found by a few words of their text (an indicator simply
stays unlinked when they are missing).

Values are drawn from a seeded random generator around realistic trends, so every load gives the
same figures. Everything is approved except the latest period, where the picture is the one a
coordinator sees in real life: some partners have submitted, two values were returned, the food
bank has a draft under way, and a few partners are late.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from commun.agenda.models import DataNeed, Outcome
from commun.initiatives.models import Initiative, Membership, Partner
from commun.initiatives.roles import Role
from commun.measurement.aggregation import breakdown_key, rebuild
from commun.measurement.models import (
    Aggregate,
    Category,
    Dimension,
    Indicator,
    Observation,
    ObservationChange,
    Target,
    Territory,
)
from commun.measurement.periods import Frequency, period_bounds, period_start, periods_between
from commun.people.models import User

FIRST_YEAR, LAST_YEAR = 2021, 2025
YEAR, QUARTER = Frequency.YEAR, Frequency.QUARTER
LATEST = {YEAR: str(LAST_YEAR), QUARTER: "2026-Q3"}  # the last periods closed on 2026-11-25

# --- Territories: (code, parent code, French, English, residents) -------------------------------

ROOT = "saint-roch-riviere-nord"

TERRITORIES = [
    (ROOT, None, "Saint-Roch et Rivière-Nord", "Saint-Roch and Rivière-Nord", None),
    ("saint-roch", ROOT, "Saint-Roch", "Saint-Roch", None),
    ("riviere-nord", ROOT, "Rivière-Nord", "Rivière-Nord", None),
    ("saint-roch-nord", "saint-roch", "Saint-Roch Nord", "Saint-Roch North", 5200),
    ("saint-roch-centre", "saint-roch", "Saint-Roch Centre", "Saint-Roch Centre", 4600),
    ("saint-roch-sud", "saint-roch", "Saint-Roch Sud", "Saint-Roch South", 3900),
    ("riviere-nord-est", "riviere-nord", "Rivière-Nord Est", "Rivière-Nord East", 5600),
    ("riviere-nord-ouest", "riviere-nord", "Rivière-Nord Ouest", "Rivière-Nord West", 4700),
]
DISTRICTS = ["saint-roch", "riviere-nord"]

# --- Disaggregations: code → (French, English, [(category code, French, English)]) ---------------

DIMENSIONS = {
    "age": (
        "Groupe d'âge",
        "Age group",
        [
            ("0-17", "0 à 17 ans", "0 to 17"),
            ("18-34", "18 à 34 ans", "18 to 34"),
            ("35-64", "35 à 64 ans", "35 to 64"),
            ("65-plus", "65 ans et plus", "65 and over"),
        ],
    ),
    "gender": (
        "Genre",
        "Gender",
        [
            ("f", "Femmes", "Women"),
            ("m", "Hommes", "Men"),
            ("x", "Autre ou non précisé", "Other or not stated"),
        ],
    ),
    "household": (
        "Type de ménage",
        "Household type",
        [
            ("monoparentale", "Famille monoparentale", "Single-parent family"),
            ("personne-seule", "Personne seule", "Person living alone"),
            ("couple-enfants", "Couple avec enfants", "Couple with children"),
            ("autre", "Autre type de ménage", "Other household"),
        ],
    ),
}

# Age mix of the residents of each sub-area (census-like), used as the low-income rate's weights.
AGE_MIX = {
    "saint-roch-nord": {"0-17": 0.15, "18-34": 0.31, "35-64": 0.37, "65-plus": 0.17},
    "saint-roch-centre": {"0-17": 0.11, "18-34": 0.39, "35-64": 0.35, "65-plus": 0.15},
    "saint-roch-sud": {"0-17": 0.14, "18-34": 0.30, "35-64": 0.38, "65-plus": 0.18},
    "riviere-nord-est": {"0-17": 0.20, "18-34": 0.27, "35-64": 0.37, "65-plus": 0.16},
    "riviere-nord-ouest": {"0-17": 0.13, "18-34": 0.25, "35-64": 0.38, "65-plus": 0.24},
}

# --- Indicators ----------------------------------------------------------------------------------
# Each row: the model's fields, then "partners" (keys of MAIN_PARTNERS), "dimensions", "outcome"
# and "data_need" (a few words of their French text), "targets" [(period, value)], "baseline"
# (a period; its value is read from the loaded figures) and "adopted_on".

POP, PERF = Indicator.Kind.POPULATION, Indicator.Kind.PERFORMANCE
HOW_MUCH, HOW_WELL, BETTER_OFF = (
    Indicator.Question.HOW_MUCH,
    Indicator.Question.HOW_WELL,
    Indicator.Question.BETTER_OFF,
)
COUNT, PERCENT = Indicator.Unit.COUNT, Indicator.Unit.PERCENT
UP, DOWN = Indicator.Direction.UP, Indicator.Direction.DOWN
SUM, MEAN, WEIGHTED, LATEST_VALUE, RATIO = (
    Indicator.Aggregation.SUM,
    Indicator.Aggregation.MEAN,
    Indicator.Aggregation.WEIGHTED_MEAN,
    Indicator.Aggregation.LATEST,
    Indicator.Aggregation.RATIO,
)
PUBLIC, PARTNERS, BACKBONE = (
    Indicator.Visibility.PUBLIC,
    Indicator.Visibility.PARTNERS,
    Indicator.Visibility.BACKBONE,
)
ADOPTED, DRAFT_INDICATOR, RETIRED = (
    Indicator.Status.ADOPTED,
    Indicator.Status.DRAFT,
    Indicator.Status.RETIRED,
)

INDICATORS = [
    {
        "code": "faible-revenu",
        "name_fr": "Taux de faible revenu (MFR-ApI)",
        "name_en": "Low-income rate (LIM-AT)",
        "definition_fr": (
            "Proportion des résident·e·s qui vivent dans un ménage dont le revenu après impôt est "
            "sous la mesure de faible revenu (MFR-ApI), par groupe d'âge. Le taux d'un territoire "
            "est la moyenne des groupes d'âge pondérée par leur population."
        ),
        "definition_en": (
            "Share of residents living in a household whose after-tax income is below the "
            "low-income measure (LIM-AT), by age group. A territory's rate is the mean of the age "
            "groups weighted by their population."
        ),
        "source_fr": (
            "Statistique Canada, fichier des familles T1 (compilation spéciale par secteur); "
            "Recensement de 2021"
        ),
        "source_en": "Statistics Canada, T1 Family File (custom tabulation by area); 2021 Census",
        "kind": POP,
        "unit": PERCENT,
        "direction": DOWN,
        "aggregation": WEIGHTED,
        "decimals": 1,
        "frequency": YEAR,
        "visibility": PUBLIC,
        "status": ADOPTED,
        "partners": [],
        "dimensions": ["age"],
        "outcome": "sous la mesure de faible revenu",
        "data_need": "mesure de faible revenu après impôt",
        "baseline": "2021",
        # The common agenda's goal: a quarter fewer residents below the LIM-AT by 2030.
        "targets": [("2025", "28.5"), ("2027", "26.5"), ("2030", "23.4")],
        "adopted_on": date(2024, 6, 12),
    },
    {
        "code": "loyer-30",
        "name_fr": "Ménages locataires qui consacrent 30 % ou plus de leur revenu au loyer",
        "name_en": "Renter households spending 30% or more of their income on rent",
        "definition_fr": (
            "Proportion des ménages locataires dont les frais de logement (loyer, chauffage et "
            "électricité) atteignent 30 % ou plus de leur revenu avant impôt. Estimation annuelle "
            "calée sur le recensement de 2021; trop imprécise pour être publiée par sous-secteur."
        ),
        "definition_en": (
            "Share of renter households whose shelter costs (rent, heating and electricity) are "
            "30% or more of their before-tax income. A yearly estimate benchmarked on the 2021 "
            "Census; too imprecise to be published by sub-area."
        ),
        "source_fr": (
            "Statistique Canada, Recensement de 2021; Enquête sur les logements locatifs de la "
            "SCHL; estimations de la Chaire de recherche sur la pauvreté"
        ),
        "source_en": (
            "Statistics Canada, 2021 Census; CMHC Rental Market Survey; estimates by the Research "
            "Chair on Poverty"
        ),
        "kind": POP,
        "unit": PERCENT,
        "direction": DOWN,
        "aggregation": LATEST_VALUE,
        "decimals": 1,
        "frequency": YEAR,
        "visibility": PUBLIC,
        "status": ADOPTED,
        "partners": [],
        "dimensions": [],
        "outcome": "perdent leur logement",
        "data_need": "30 % ou plus de leur revenu",
        "baseline": "2021",
        "targets": [("2027", "40.0"), ("2030", "36.0")],
        "adopted_on": date(2024, 6, 12),
    },
    {
        "code": "insecurite-alimentaire",
        "name_fr": "Ménages en situation d'insécurité alimentaire modérée ou grave",
        "name_en": "Households experiencing moderate or severe food insecurity",
        "definition_fr": (
            "Proportion des ménages qui, au cours des 12 derniers mois, ont dû réduire la qualité "
            "ou la quantité de leurs repas faute d'argent. À préciser avec la DRSP : l'échantillon "
            "de l'enquête régionale est trop petit pour nos deux quartiers."
        ),
        "definition_en": (
            "Share of households that, in the past 12 months, had to cut the quality or quantity "
            "of their meals for lack of money. To be settled with Public Health: the regional "
            "survey sample is too small for our two neighbourhoods."
        ),
        "source_fr": (
            "DRSP de la Capitale-Nord, Enquête québécoise sur la santé de la population "
            "(suréchantillon demandé)"
        ),
        "source_en": (
            "Capitale-Nord Public Health Department, Québec Population Health Survey (oversample "
            "requested)"
        ),
        "kind": POP,
        "unit": PERCENT,
        "direction": DOWN,
        "aggregation": MEAN,
        "decimals": 1,
        "frequency": YEAR,
        "visibility": PARTNERS,
        "status": DRAFT_INDICATOR,
        "partners": ["public_health"],
        "dimensions": [],
        "outcome": "saute de repas",
        "data_need": "Insécurité alimentaire des ménages",
        "baseline": None,
        "targets": [("2030", "10.0")],
        "adopted_on": None,
    },
    {
        "code": "non-recours",
        "name_fr": "Ménages admissibles qui ne réclament pas le crédit d'impôt pour solidarité",
        "name_en": "Eligible households not claiming the solidarity tax credit",
        "definition_fr": (
            "Proportion estimée des ménages admissibles au crédit d'impôt pour solidarité qui ne "
            "l'ont pas reçu, faute d'avoir produit leur déclaration de revenus. Données fournies "
            "sous entente de confidentialité : réservées à l'équipe de coordination jusqu'à leur "
            "validation."
        ),
        "definition_en": (
            "Estimated share of households eligible for the solidarity tax credit that did not "
            "receive it because they did not file a tax return. Data provided under a "
            "confidentiality agreement: kept to the backbone team until they are validated."
        ),
        "source_fr": "Revenu Québec, demande de données spéciale (années 2023 à 2025)",
        "source_en": "Revenu Québec, custom data request (2023 to 2025)",
        "kind": POP,
        "unit": PERCENT,
        "direction": DOWN,
        "aggregation": MEAN,
        "decimals": 1,
        "frequency": YEAR,
        "visibility": BACKBONE,
        "status": ADOPTED,
        "partners": [],
        "dimensions": [],
        "outcome": "crédits d'impôt et les prestations",
        "data_need": "ne réclament pas leurs crédits",
        "baseline": "2023",
        "targets": [("2027", "15.0"), ("2030", "10.0")],
        "adopted_on": date(2025, 1, 22),
    },
    {
        "code": "aide-alimentaire",
        "name_fr": "Personnes qui reçoivent de l'aide alimentaire",
        "name_en": "People receiving food aid",
        "definition_fr": (
            "Nombre de personnes différentes, enfants compris, qui ont reçu au moins une épicerie "
            "ou un dépannage alimentaire durant le trimestre, selon leur quartier de résidence. "
            "Une personne aidée par deux organismes est comptée deux fois."
        ),
        "definition_en": (
            "Number of different people, children included, who received at least one grocery "
            "distribution or emergency food hamper during the quarter, by neighbourhood of "
            "residence. A person helped by two organizations is counted twice."
        ),
        "source_fr": "Registres d'accueil des organismes (logiciel de la banque alimentaire)",
        "source_en": "Organizations' intake records (the food bank's software)",
        "kind": PERF,
        "question": HOW_MUCH,
        "unit": COUNT,
        "direction": UP,
        "aggregation": SUM,
        "decimals": 0,
        "frequency": QUARTER,
        "visibility": PARTNERS,
        "status": ADOPTED,
        "partners": ["food_bank", "families", "newcomers"],
        "dimensions": ["age", "gender"],
        "outcome": "saute de repas",
        "data_need": "reçoivent de l'aide alimentaire",
        "baseline": "2022-Q1",
        "targets": [("2027-Q4", "3000")],
        "adopted_on": date(2024, 6, 12),
    },
    {
        "code": "portions-cuisines",
        "name_fr": "Portions cuisinées dans les cuisines collectives",
        "name_en": "Portions cooked in community kitchens",
        "definition_fr": (
            "Nombre de portions préparées par les groupes de cuisine collective durant le "
            "trimestre et rapportées à la maison par les participant·e·s. Les groupes font relâche "
            "en juillet."
        ),
        "definition_en": (
            "Number of portions prepared by community kitchen groups during the quarter and "
            "taken home by participants. Groups take a break in July."
        ),
        "source_fr": "Fiches de suivi des groupes de cuisine",
        "source_en": "Kitchen groups' tracking sheets",
        "kind": PERF,
        "question": HOW_MUCH,
        "unit": COUNT,
        "direction": UP,
        "aggregation": SUM,
        "decimals": 0,
        "frequency": QUARTER,
        "visibility": PARTNERS,
        "status": ADOPTED,
        "partners": ["collective_kitchen", "families"],
        "dimensions": [],
        "outcome": "saute de repas",
        "data_need": None,
        "baseline": "2023-Q1",
        "targets": [("2027-Q4", "6500"), ("2030-Q4", "8000")],
        "adopted_on": date(2024, 6, 12),
    },
    {
        "code": "declarations-impots",
        "name_fr": "Déclarations de revenus produites aux cliniques d'impôts",
        "name_en": "Tax returns filed at volunteer tax clinics",
        "definition_fr": (
            "Nombre de personnes dont les déclarations de revenus (fédérale et provinciale, "
            "comptées ensemble) ont été produites gratuitement durant la saison des impôts de "
            "l'année, selon le type de ménage."
        ),
        "definition_en": (
            "Number of people whose income tax returns (federal and provincial, counted as one) "
            "were filed free of charge during the year's tax season, by household type."
        ),
        "source_fr": (
            "Rapports des cliniques (Programme des bénévoles de Revenu Québec et de l'Agence du "
            "revenu du Canada)"
        ),
        "source_en": "Clinic reports (Revenu Québec and Canada Revenue Agency volunteer programs)",
        "kind": PERF,
        "question": HOW_MUCH,
        "unit": COUNT,
        "direction": UP,
        "aggregation": SUM,
        "decimals": 0,
        "frequency": YEAR,
        "visibility": PARTNERS,
        "status": ADOPTED,
        "partners": ["cdc", "food_bank", "municipal_housing"],
        "dimensions": ["household"],
        "outcome": "crédits d'impôt et les prestations",
        "data_need": None,
        "baseline": "2021",
        "targets": [("2027", "2600"), ("2030", "3200")],
        "adopted_on": date(2024, 6, 12),
    },
    {
        "code": "menages-accompagnes",
        "name_fr": "Ménages locataires accompagnés pour garder leur logement",
        "name_en": "Renter households supported to keep their home",
        "definition_fr": (
            "Nombre de ménages locataires aidés parce qu'ils risquaient de perdre leur logement "
            "(éviction, reprise, hausse de loyer abusive, retard de loyer) : information, "
            "négociation, recours au Tribunal administratif du logement. Compté au trimestre où "
            "le dossier est fermé."
        ),
        "definition_en": (
            "Number of renter households helped because they were at risk of losing their home "
            "(eviction, repossession, unfair rent increase, rent arrears): information, "
            "negotiation, cases before the Tribunal administratif du logement. Counted in the "
            "quarter the file is closed."
        ),
        "source_fr": "Registres des dossiers du Comité logement et des HMBV",
        "source_en": "Case files of the Housing Committee and Lower Town Municipal Housing",
        "kind": PERF,
        "question": HOW_MUCH,
        "unit": COUNT,
        "direction": UP,
        "aggregation": SUM,
        "decimals": 0,
        "frequency": QUARTER,
        "visibility": PARTNERS,
        "status": ADOPTED,
        "partners": ["housing_committee", "municipal_housing"],
        "dimensions": ["household"],
        "outcome": "perdent leur logement",
        "data_need": "évictions",
        "baseline": "2022-Q1",
        "targets": [("2027-Q4", "120")],
        "adopted_on": date(2024, 6, 12),
    },
    {
        "code": "menages-maintenus",
        "name_fr": "Ménages accompagnés qui ont gardé leur logement",
        "name_en": "Supported households that kept their home",
        "definition_fr": (
            "Parmi les ménages accompagnés dont le dossier a été fermé durant le trimestre, ceux "
            "qui sont restés dans leur logement ou ont été relogés dans le quartier à un loyer "
            "comparable."
        ),
        "definition_en": (
            "Among the supported households whose file was closed during the quarter, those that "
            "stayed in their home or were rehoused in the neighbourhood at a comparable rent."
        ),
        "source_fr": "Registres des dossiers du Comité logement et des HMBV",
        "source_en": "Case files of the Housing Committee and Lower Town Municipal Housing",
        "kind": PERF,
        "question": BETTER_OFF,
        "unit": COUNT,
        "direction": UP,
        "aggregation": SUM,
        "decimals": 0,
        "frequency": QUARTER,
        "visibility": PARTNERS,
        "status": ADOPTED,
        "partners": ["housing_committee", "municipal_housing"],
        "dimensions": ["household"],
        "outcome": "perdent leur logement",
        "data_need": "évictions",
        "baseline": "2022-Q1",
        "targets": [("2027-Q4", "95")],
        "adopted_on": date(2024, 6, 12),
    },
    {
        "code": "maintien-logement",
        "name_fr": "Part des ménages accompagnés qui ont gardé leur logement",
        "name_en": "Share of supported households that kept their home",
        "definition_fr": (
            "Ménages accompagnés qui ont gardé leur logement ÷ ménages locataires accompagnés, en "
            "pourcentage. Calculé à partir des deux indicateurs : rien à saisir."
        ),
        "definition_en": (
            "Supported households that kept their home ÷ renter households supported, as a "
            "percentage. Computed from the two indicators: nothing to enter."
        ),
        "source_fr": "Comité logement Rivière-Nord et Habitations municipales de la Basse-Ville",
        "source_en": "Rivière-Nord Housing Committee and Lower Town Municipal Housing",
        "kind": PERF,
        "question": BETTER_OFF,
        "unit": PERCENT,
        "direction": UP,
        "aggregation": RATIO,
        "numerator": "menages-maintenus",
        "denominator": "menages-accompagnes",
        "decimals": 1,
        "frequency": QUARTER,
        "visibility": PUBLIC,
        "status": ADOPTED,
        "partners": [],
        "dimensions": ["household"],
        "outcome": "perdent leur logement",
        "data_need": "évictions",
        "baseline": "2022-Q1",
        "targets": [("2027-Q4", "80.0"), ("2030-Q4", "85.0")],
        "adopted_on": date(2024, 6, 12),
    },
    {
        "code": "satisfaction",
        "name_fr": "Participant·e·s satisfait·e·s de l'aide reçue",
        "name_en": "Participants satisfied with the help they received",
        "definition_fr": (
            "Proportion des personnes répondantes qui se disent satisfaites ou très satisfaites à "
            "la question commune du sondage annuel des organismes : « Dans l'ensemble, êtes-vous "
            "satisfait·e de l'aide reçue? ». Moyenne pondérée par le nombre de répondant·e·s."
        ),
        "definition_en": (
            "Share of respondents who say they are satisfied or very satisfied in answer to the "
            "common question of the organizations' yearly survey: “Overall, are you satisfied "
            "with the help you received?” Mean weighted by the number of respondents."
        ),
        "source_fr": "Sondage annuel des organismes (question commune adoptée en 2022)",
        "source_en": "Organizations' yearly survey (common question adopted in 2022)",
        "kind": PERF,
        "question": HOW_WELL,
        "unit": PERCENT,
        "direction": UP,
        "aggregation": WEIGHTED,
        "decimals": 1,
        "frequency": YEAR,
        "visibility": PARTNERS,
        "status": ADOPTED,
        "partners": ["food_bank", "collective_kitchen", "families", "newcomers"],
        "dimensions": [],
        "outcome": None,
        "data_need": None,
        "baseline": "2022",
        "targets": [("2027", "90.0")],
        "adopted_on": date(2024, 6, 12),
    },
    {
        "code": "emplois-obtenus",
        "name_fr": "Personnes qui ont obtenu un emploi après un accompagnement",
        "name_en": "People who found a job after receiving support",
        "definition_fr": (
            "Nombre de personnes accompagnées qui ont commencé durant le trimestre un emploi d'au "
            "moins 15 heures par semaine, selon le genre. Une personne est comptée une seule fois "
            "par trimestre."
        ),
        "definition_en": (
            "Number of people receiving support who started a job of at least 15 hours a week "
            "during the quarter, by gender. Each person is counted once per quarter."
        ),
        "source_fr": "Dossiers de suivi des participant·e·s (Services Québec, CCIBV, CAPIQ)",
        "source_en": "Participant files (Services Québec, CCIBV, CAPIQ)",
        "kind": PERF,
        "question": BETTER_OFF,
        "unit": COUNT,
        "direction": UP,
        "aggregation": SUM,
        "decimals": 0,
        "frequency": QUARTER,
        "visibility": PARTNERS,
        "status": ADOPTED,
        "partners": ["employment_office", "chamber", "newcomers"],
        "dimensions": ["gender"],
        "outcome": "obtiennent et gardent un emploi",
        "data_need": None,
        "baseline": "2023-Q1",
        "targets": [("2027-Q4", "80"), ("2030-Q4", "95")],
        "adopted_on": date(2024, 6, 12),
    },
    {
        "code": "denrees-recuperees",
        "name_fr": "Denrées récupérées auprès des commerces du quartier (kg)",
        "name_en": "Food recovered from local stores (kg)",
        "definition_fr": (
            "Kilogrammes d'invendus donnés à la banque alimentaire par les épiceries du quartier "
            "durant le trimestre. Retiré en septembre 2024 : le Marché Saint-Roch, seul commerce "
            "participant, a quitté la Table et les dons passent maintenant par Moisson Québec."
        ),
        "definition_en": (
            "Kilograms of unsold food given to the food bank by local grocery stores during the "
            "quarter. Retired in September 2024: Saint-Roch Market, the only participating store, "
            "left the Roundtable, and donations now go through Moisson Québec."
        ),
        "source_fr": "Bons de livraison du Marché Saint-Roch",
        "source_en": "Saint-Roch Market delivery slips",
        "kind": PERF,
        "question": HOW_MUCH,
        "unit": COUNT,
        "direction": UP,
        "aggregation": SUM,
        "decimals": 0,
        "frequency": QUARTER,
        "visibility": PARTNERS,
        "status": RETIRED,
        "partners": ["market"],
        "dimensions": [],
        "outcome": "saute de repas",
        "data_need": None,
        "baseline": "2022-Q2",
        "targets": [("2024-Q4", "4500")],
        "adopted_on": date(2024, 6, 12),
        "retired_on": date(2024, 9, 18),
    },
]


# --- How each indicator's values are drawn -------------------------------------------------------


@dataclass
class Stream:
    """One partner's values for one territory: a level moving from `first` to `last` (in the
    stream's first and last periods), times a seasonal factor (by quarter), split by `mix`."""

    indicator: str
    partner: str
    territory: str
    first: float
    last: float
    since: str | None = None
    until: str | None = None
    season: tuple = (1, 1, 1, 1)
    mix: dict = field(default_factory=dict)  # {dimension: {category: share}}
    rate: tuple = (0.0, 0.0)  # better-off streams: share of the "of" stream, first → last
    of: str = ""  # the indicator whose values this stream is a part of


FOOD_AGE = {"0-17": 0.30, "18-34": 0.21, "35-64": 0.36, "65-plus": 0.13}
FOOD_GENDER = {"f": 0.55, "m": 0.43, "x": 0.02}
FOOD_SEASON = (1.03, 0.96, 1.0, 1.08)
KITCHEN_SEASON = (1.05, 1.0, 0.76, 1.04)
HOUSING_SEASON = (1.05, 1.18, 0.97, 0.82)
JOB_SEASON = (0.9, 1.1, 1.02, 0.98)
GIFTS = (1, 1, 1.06, 1.12)  # more unsold food in summer and before the holidays
TAX_MIX = {
    "household": {
        "monoparentale": 0.17,
        "personne-seule": 0.53,
        "couple-enfants": 0.11,
        "autre": 0.19,
    }
}
TENANT_MIX = {
    "household": {
        "monoparentale": 0.22,
        "personne-seule": 0.46,
        "couple-enfants": 0.12,
        "autre": 0.2,
    }
}
HLM_MIX = {
    "household": {
        "monoparentale": 0.32,
        "personne-seule": 0.48,
        "couple-enfants": 0.1,
        "autre": 0.1,
    }
}


def _streams() -> list[Stream]:
    food_mix = {"age": FOOD_AGE, "gender": FOOD_GENDER}
    families_food = {
        "age": {"0-17": 0.56, "18-34": 0.29, "35-64": 0.14, "65-plus": 0.01},
        "gender": {"f": 0.58, "m": 0.41, "x": 0.01},
    }
    newcomers_food = {
        "age": {"0-17": 0.36, "18-34": 0.34, "35-64": 0.27, "65-plus": 0.03},
        "gender": {"f": 0.5, "m": 0.49, "x": 0.01},
    }
    office_jobs = {"gender": {"f": 0.47, "m": 0.5, "x": 0.03}}
    hiring_jobs = {"gender": {"f": 0.44, "m": 0.54, "x": 0.02}}
    s = Stream
    sr, rn = "saint-roch", "riviere-nord"
    food, kitchens, tax = "aide-alimentaire", "portions-cuisines", "declarations-impots"
    supported, kept, jobs = "menages-accompagnes", "menages-maintenus", "emplois-obtenus"
    kitchen, hlm, housing = "collective_kitchen", "municipal_housing", "housing_committee"
    return [
        # People receiving food aid: the food bank in both districts, two smaller partners.
        s(food, "food_bank", sr, 940, 1390, season=FOOD_SEASON, mix=food_mix),
        s(food, "food_bank", rn, 700, 1030, season=FOOD_SEASON, mix=food_mix),
        s(food, "families", sr, 150, 235, mix=families_food),
        s(food, "newcomers", sr, 70, 245, "2022-Q1", mix=newcomers_food),
        # Community kitchens: one per sub-area; the Rivière-Nord Ouest kitchen opened in 2023.
        s(kitchens, kitchen, "saint-roch-nord", 1150, 1320, season=KITCHEN_SEASON),
        s(kitchens, kitchen, "saint-roch-sud", 880, 1160, season=KITCHEN_SEASON),
        s(kitchens, kitchen, "riviere-nord-est", 990, 1260, season=KITCHEN_SEASON),
        s(kitchens, kitchen, "riviere-nord-ouest", 620, 1040, "2023-Q3", season=KITCHEN_SEASON),
        s(kitchens, "families", "saint-roch-centre", 260, 430, season=KITCHEN_SEASON),
        # Tax clinics: the CDC's since 2021, at the food bank and in public housing since 2024.
        s(tax, "cdc", sr, 640, 860, mix=TAX_MIX),
        s(tax, "cdc", rn, 470, 640, mix=TAX_MIX),
        s(tax, "food_bank", sr, 190, 245, "2024", mix=TAX_MIX),
        s(tax, "food_bank", rn, 130, 170, "2024", mix=TAX_MIX),
        s(tax, hlm, sr, 70, 105, "2024", mix=HLM_MIX),
        s(tax, hlm, rn, 110, 150, "2024", mix=HLM_MIX),
        # Tenants supported, and those who kept their home (drawn from the supported ones).
        s(supported, housing, sr, 38, 62, season=HOUSING_SEASON, mix=TENANT_MIX),
        s(supported, housing, rn, 44, 72, season=HOUSING_SEASON, mix=TENANT_MIX),
        s(supported, hlm, sr, 9, 12, mix=HLM_MIX),
        s(supported, hlm, rn, 14, 18, mix=HLM_MIX),
        s(kept, housing, sr, 0, 0, rate=(0.58, 0.72), of=supported),
        s(kept, housing, rn, 0, 0, rate=(0.6, 0.73), of=supported),
        s(kept, hlm, sr, 0, 0, rate=(0.82, 0.88), of=supported),
        s(kept, hlm, rn, 0, 0, rate=(0.8, 0.87), of=supported),
        # Yearly satisfaction survey: `first`/`last` are respondents, `rate` the satisfied share.
        s("satisfaction", "food_bank", sr, 105, 130, "2022", rate=(0.83, 0.88)),
        s("satisfaction", "food_bank", rn, 75, 95, "2022", rate=(0.82, 0.87)),
        s("satisfaction", kitchen, sr, 34, 40, "2022", rate=(0.93, 0.94)),
        s("satisfaction", kitchen, rn, 26, 38, "2022", rate=(0.91, 0.94)),
        s("satisfaction", "families", sr, 44, 52, "2022", rate=(0.89, 0.91)),
        s("satisfaction", "newcomers", sr, 30, 48, "2022", rate=(0.85, 0.9)),
        # Jobs found: Services Québec, the Chamber's inclusive hiring (2024), the newcomer centre.
        s(jobs, "employment_office", sr, 17, 23, season=JOB_SEASON, mix=office_jobs),
        s(jobs, "employment_office", rn, 13, 18, season=JOB_SEASON, mix=office_jobs),
        s(jobs, "chamber", sr, 5, 12, "2024-Q2", season=JOB_SEASON, mix=hiring_jobs),
        s(jobs, "chamber", rn, 3, 8, "2024-Q2", season=JOB_SEASON, mix=hiring_jobs),
        s(jobs, "newcomers", sr, 5, 15, "2022-Q1", season=JOB_SEASON, mix=hiring_jobs),
        # Food recovered from the Saint-Roch Market, until it left the Roundtable.
        s("denrees-recuperees", "market", sr, 3100, 3900, "2022-Q2", "2024-Q2", season=GIFTS),
    ]


# --- The latest period: who has done what --------------------------------------------------------
# (partner, indicator, territory or "*") → the status of its values, or None: not reported yet.
# Anything not listed is approved.

SUBMITTED, APPROVED = Observation.Status.SUBMITTED, Observation.Status.APPROVED
RETURNED, DRAFT = Observation.Status.RETURNED, Observation.Status.DRAFT

LATEST_STATUS = {
    ("food_bank", "aide-alimentaire", "saint-roch"): DRAFT,  # entry started, 65+ still missing
    ("food_bank", "aide-alimentaire", "riviere-nord"): None,
    ("food_bank", "declarations-impots", "*"): SUBMITTED,
    ("food_bank", "satisfaction", "*"): None,  # the survey is not compiled yet
    ("families", "aide-alimentaire", "*"): SUBMITTED,
    ("families", "portions-cuisines", "*"): SUBMITTED,
    ("families", "satisfaction", "*"): SUBMITTED,
    ("collective_kitchen", "satisfaction", "*"): SUBMITTED,
    ("chamber", "emplois-obtenus", "*"): None,
}

# The food bank's draft leaves these cells empty for now.
DRAFT_LEFT_EMPTY = "age=65-plus"

# Values the backbone sent back: (partner, indicator, territory, breakdown) → (what the partner
# wrote, the partner's comment, the reason for returning it). The value is then made to fit.
RETURNED_CELLS = {
    ("food_bank", "declarations-impots", "saint-roch", "household=monoparentale"): (
        "inflated",
        "Plusieurs mères seules sont venues faire leurs déclarations en retard de 2022 et 2023.",
        "Les déclarations des familles monoparentales ont presque doublé : {value} contre "
        "{previous} en 2024. On compte une personne par saison, et non une déclaration "
        "par année d'imposition : pouvez-vous retirer les déclarations en retard du total et les "
        "mentionner en commentaire?",
    ),
    ("municipal_housing", "menages-maintenus", "riviere-nord", "household=personne-seule"): (
        "more_than_supported",
        "",
        "Il y a plus de personnes seules qui ont gardé leur logement ({value}) que de personnes "
        "seules accompagnées ({supported}) ce trimestre. Un dossier a peut-être été compté deux "
        "fois : pouvez-vous vérifier avant de soumettre de nouveau?",
    ),
}

# Comments partners wrote with some values: (indicator, partner, territory, period) → comment.
COMMENTS = {
    ("aide-alimentaire", "food_bank", "saint-roch", "2023-Q4"): (
        "Deuxième journée de distribution ouverte le jeudi depuis octobre."
    ),
    ("aide-alimentaire", "newcomers", "saint-roch", "2023-Q3"): (
        "Arrivée de nombreuses familles demandeuses d'asile cet été."
    ),
    ("portions-cuisines", "collective_kitchen", "riviere-nord-ouest", "2023-Q3"): (
        "Premier trimestre de la cuisine de l'HLM des Berges, ouverte en août."
    ),
    ("menages-accompagnes", "housing_committee", "riviere-nord", "2024-Q2"): (
        "Beaucoup d'avis de reprise et de rénovictions avant le 1er juillet."
    ),
    ("emplois-obtenus", "chamber", "saint-roch", "2024-Q2"): (
        "Premier trimestre du programme d'embauche inclusive."
    ),
    ("denrees-recuperees", "market", "saint-roch", "2024-Q2"): (
        "Dernière livraison : le Marché ferme à la fin de juin."
    ),
}

# Why a value moved a lot from one period to the next (the entry rule asks for a comment).
JUMP_COMMENTS = {
    "aide-alimentaire": "Beaucoup plus de demandes que d'habitude ce trimestre.",
    "declarations-impots": "Deuxième saison de la clinique : elle est maintenant bien connue.",
    "portions-cuisines": "Reprise des groupes après la relâche de juillet.",
    "menages-accompagnes": "Période des avis de hausse de loyer et des déménagements.",
}
SMALL_NUMBERS = "Petits nombres : ces variations d'une période à l'autre sont normales."


# --- Loading -------------------------------------------------------------------------------------


def load_demo_measurement(initiative: Initiative) -> None:
    """Idempotent: does nothing unless slug is "table-quartier-saint-roch", or if it already has
    Territory rows."""
    from commun.initiatives.demo import DEMO_DOMAIN, MAIN_PARTNERS, MAIN_SLUG

    if initiative.slug != MAIN_SLUG or Territory.objects.filter(initiative=initiative).exists():
        return
    with transaction.atomic():
        by_name = {p.name_fr: p for p in Partner.objects.filter(initiative=initiative)}
        partners = {
            row["key"]: by_name[row["name_fr"]]
            for row in MAIN_PARTNERS
            if row["name_fr"] in by_name
        }
        editors = {}
        for membership in (
            Membership.objects.filter(initiative=initiative, role=Role.PARTNER_EDITOR)
            .select_related("user")
            .order_by("pk")
        ):
            editors.setdefault(membership.partner_id, membership.user)
        staff = User.objects.filter(email__iexact=f"coordination@{DEMO_DOMAIN}").first()

        territories = _territories(initiative)
        dimensions = _dimensions(initiative)
        indicators = _indicators(initiative, partners, dimensions, staff)
        rng = random.Random(2026)
        loader = _Loader(indicators, territories, partners, editors, staff, rng)
        loader.population()
        loader.partner_streams(_streams())
        loader.save()

        for indicator in indicators.values():
            if indicator.aggregation != RATIO:
                rebuild(indicator, loader.periods.get(indicator.code, ()))
        _baselines(indicators.values(), territories[ROOT])


def _territories(initiative) -> dict[str, Territory]:
    territories = {}
    for code, parent, name_fr, name_en, _residents in TERRITORIES:
        territories[code] = Territory.objects.create(
            initiative=initiative,
            parent=territories.get(parent),
            code=code,
            name_fr=name_fr,
            name_en=name_en,
        )
    return territories


def _dimensions(initiative) -> dict[str, Dimension]:
    dimensions = {}
    for position, (code, (name_fr, name_en, categories)) in enumerate(DIMENSIONS.items()):
        dimension = Dimension.objects.create(
            initiative=initiative, code=code, name_fr=name_fr, name_en=name_en, position=position
        )
        Category.objects.bulk_create(
            Category(dimension=dimension, code=cat, name_fr=fr, name_en=en, position=index)
            for index, (cat, fr, en) in enumerate(categories)
        )
        dimensions[code] = dimension
    return dimensions


def _at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _indicators(initiative, partners, dimensions, staff) -> dict[str, Indicator]:
    extra = {"partners", "dimensions", "outcome", "data_need", "targets", "baseline"}
    extra |= {"adopted_on", "retired_on", "numerator", "denominator"}
    indicators = {}
    for position, row in enumerate(INDICATORS):
        fields = {k: v for k, v in row.items() if k not in extra}
        indicator = Indicator(
            initiative=initiative,
            position=position,
            baseline_period=row["baseline"] or "",
            outcome=_find(Outcome, initiative, "text_fr", row["outcome"]),
            data_need=_find(DataNeed, initiative, "subject_fr", row["data_need"]),
            numerator=indicators.get(row.get("numerator")),
            denominator=indicators.get(row.get("denominator")),
            **fields,
        )
        retired_on = row.get("retired_on")
        if retired_on:
            indicator.status = ADOPTED  # adopted first, retired later: two lines of history
        indicator._history_user = staff
        indicator._history_date = _at(row["adopted_on"] or date(2025, 10, 8), 14)
        indicator.save()
        if retired_on:
            indicator.status = RETIRED
            indicator._history_date = _at(retired_on, 15)
            indicator.save()
        indicator.reporting_partners.set([partners[k] for k in row["partners"] if k in partners])
        indicator.dimensions.set([dimensions[code] for code in row["dimensions"]])
        Target.objects.bulk_create(
            Target(indicator=indicator, period=period, value=Decimal(value))
            for period, value in row["targets"]
        )
        indicators[indicator.code] = indicator
    return indicators


def _find(model, initiative, field_name, words):
    if not words:
        return None
    return (
        model.objects.filter(initiative=initiative, **{f"{field_name}__icontains": words})
        .order_by("position", "pk")
        .first()
    )


def _baselines(indicators, root: Territory) -> None:
    """Each baseline value is the indicator's figure for the whole territory in its baseline
    period (the figure the partners saw when they adopted it)."""
    for indicator in indicators:
        if not indicator.baseline_period:
            continue
        row = Aggregate.objects.filter(
            indicator=indicator,
            period=indicator.baseline_period,
            territory=root,
            breakdown="",
            scope="approved",
        ).first()
        if row is not None and row.value is not None:
            value = round(row.value, indicator.decimals)
            # Not through save(): the baseline is part of the definition adopted back then.
            Indicator.objects.filter(pk=indicator.pk).update(baseline_value=value)
            indicator.baseline_value = value


def _period_end(period: str, frequency: str) -> date:
    return period_bounds(period, frequency)[1] - timedelta(days=1)


def _quarter(period: str) -> int:
    return int(period[-1]) - 1 if "-Q" in period else 0


def _combinations(mix: dict) -> list[tuple[str, float]]:
    """[(breakdown key, share)] of every combination of the mix's categories."""
    combos = [({}, 1.0)]
    for dimension in sorted(mix):
        combos = [
            ({**picked, dimension: category}, share * part)
            for picked, share in combos
            for category, part in mix[dimension].items()
        ]
    return [(breakdown_key(picked), share) for picked, share in combos]


@dataclass
class _Row:
    """An observation to create, and when it was entered (the model sets `entered_at` itself)."""

    observation: Observation
    entered_at: datetime
    changes: list = field(default_factory=list)  # [(status, note, by, at)]


class _Loader:
    def __init__(self, indicators, territories, partners, editors, staff, rng):
        self.indicators = indicators
        self.territories = territories
        self.partners = partners
        self.editors = editors
        self.staff = staff
        self.rng = rng
        self.rows: list[_Row] = []
        # (indicator, partner, territory, period) → {breakdown key: value}, as entered
        self.reports: dict[tuple, dict[str, Decimal]] = {}
        self.periods: dict[str, set[str]] = {}

    # -- The backbone's census-like figures, at every level ---------------------------------------

    def population(self) -> None:
        self._low_income()
        self._by_district(
            "loyer-30",
            range(FIRST_YEAR, LAST_YEAR + 1),
            {"saint-roch": (41.2, 45.6), "riviere-nord": (37.4, 41.1)},
            {"saint-roch": 6100, "riviere-nord": 4300},
        )
        self._by_district(
            "non-recours",
            range(2023, LAST_YEAR + 1),
            {"saint-roch": (23.1, 19.6), "riviere-nord": (20.2, 17.8)},
            {"saint-roch": 3900, "riviere-nord": 2800},
        )

    def _low_income(self) -> None:
        """Rates by sub-area and age group around a slowly falling trend; each district's and the
        whole territory's rate by age is the mean of its parts weighted by their residents."""
        indicator = self.indicators.get("faible-revenu")
        if indicator is None:
            return
        trend = {2021: 31.3, 2022: 30.4, 2023: 29.6, 2024: 28.5, 2025: 27.6}
        area_gap = {
            "saint-roch-nord": 3.6,
            "saint-roch-centre": -2.2,
            "saint-roch-sud": 1.1,
            "riviere-nord-est": 2.1,
            "riviere-nord-ouest": -3.8,
        }
        age_gap = {"0-17": 3.2, "18-34": 0.8, "35-64": -3.1, "65-plus": 4.4}
        residents = {code: people for code, _p, _fr, _en, people in TERRITORIES if people}
        parents = {code: parent for code, parent, *_rest in TERRITORIES}
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            period = str(year)
            cells = {}  # (territory, age) → [sum of rate times weight, weight]
            for area, gap in area_gap.items():
                for age, share in AGE_MIX[area].items():
                    weight = round(residents[area] * share * (1 + 0.006 * (year - FIRST_YEAR)))
                    rate = trend[year] + gap + age_gap[age] + self.rng.gauss(0, 0.6)
                    rate = Decimal(str(round(rate, 1)))
                    self._backbone(indicator, area, period, f"age={age}", rate, weight)
                    for place in (parents[area], ROOT):
                        cell = cells.setdefault((place, age), [Decimal(0), 0])
                        cell[0] += rate * weight
                        cell[1] += weight
            for (place, age), (total, weight) in cells.items():
                rate = (total / weight).quantize(Decimal("0.1"))
                self._backbone(indicator, place, period, f"age={age}", rate, weight)

    def _by_district(self, code, years, ranges, weights) -> None:
        indicator = self.indicators.get(code)
        if indicator is None:
            return
        years = list(years)
        for index, year in enumerate(years):
            progress = index / (len(years) - 1)
            total, weight_total = Decimal(0), 0
            for district, (first, last) in ranges.items():
                rate = first + (last - first) * progress + self.rng.gauss(0, 0.4)
                rate = Decimal(str(round(rate, 1)))
                self._backbone(indicator, district, str(year), "", rate)
                total += rate * weights[district]
                weight_total += weights[district]
            rate = (total / weight_total).quantize(Decimal("0.1"))
            self._backbone(indicator, ROOT, str(year), "", rate)

    def _backbone(self, indicator, territory, period, key, value, weight=None) -> None:
        """A figure the backbone imported from the public source when it came out."""
        released = _period_end(period, indicator.frequency) + timedelta(
            days=150 + self.rng.randint(0, 30)
        )
        self._add(
            indicator,
            None,
            territory,
            period,
            key,
            value,
            weight=None if weight is None else Decimal(weight),
            status=APPROVED,
            provenance=Observation.Provenance.IMPORT,
            by=self.staff,
            entered_at=_at(released, 11),
        )

    # -- Partners' values ------------------------------------------------------------------------

    def partner_streams(self, streams: list[Stream]) -> None:
        for stream in streams:
            indicator = self.indicators.get(stream.indicator)
            partner = self.partners.get(stream.partner)
            if indicator is None or partner is None:
                continue
            first = stream.since or (
                str(FIRST_YEAR) if indicator.frequency == YEAR else f"{FIRST_YEAR}-Q1"
            )
            last = stream.until or LATEST[indicator.frequency]
            periods = periods_between(first, last, indicator.frequency)
            previous = {}
            for index, period in enumerate(periods):
                progress = index / max(len(periods) - 1, 1)
                for key, value, extra in self._draw(stream, period, progress):
                    status = self._status(stream, period, key)
                    if status is None:  # not entered (yet)
                        continue
                    before = previous.get(key)
                    previous[key] = value
                    self._partner_value(
                        indicator, stream, partner, period, key, value, extra, status, before
                    )

    def _draw(self, stream: Stream, period: str, progress: float):
        """[(breakdown key, value, extra fields)] of one stream for one period."""
        rng = self.rng
        if stream.indicator == "satisfaction":
            respondents = round(stream.first + (stream.last - stream.first) * progress)
            respondents += rng.randint(-4, 4)
            share = stream.rate[0] + (stream.rate[1] - stream.rate[0]) * progress
            satisfied = sum(rng.random() < share for _ in range(respondents))
            value = (Decimal(satisfied) / Decimal(respondents) * 100).quantize(Decimal("0.1"))
            extra = {
                "numerator": Decimal(satisfied),
                "denominator": Decimal(respondents),
                "weight": Decimal(respondents),
            }
            return [("", value, extra)]
        if stream.of:  # better off: drawn, person by person, from the households supported
            share = stream.rate[0] + (stream.rate[1] - stream.rate[0]) * progress
            supported = self.reports.get((stream.of, stream.partner, stream.territory, period), {})
            return [
                (key, Decimal(sum(rng.random() < share for _ in range(int(count)))), {})
                for key, count in supported.items()
            ]
        level = stream.first + (stream.last - stream.first) * progress
        level *= stream.season[_quarter(period)] * (1 + rng.gauss(0, 0.04))
        return [
            (key, Decimal(max(0, round(level * share * (1 + rng.gauss(0, 0.07))))), {})
            for key, share in _combinations(stream.mix)
        ]

    def _status(self, stream: Stream, period: str, key: str):
        """The value's status; None when the partner has not entered it (yet)."""
        indicator = self.indicators[stream.indicator]
        if period != LATEST[indicator.frequency]:
            return APPROVED
        for territory in (stream.territory, "*"):
            plan = (stream.partner, stream.indicator, territory)
            if plan in LATEST_STATUS:
                status = LATEST_STATUS[plan]
                if status == DRAFT and DRAFT_LEFT_EMPTY in key:
                    return None
                return status
        return APPROVED

    def _partner_value(self, indicator, stream, partner, period, key, value, extra, status, before):
        rng = self.rng
        end = _period_end(period, indicator.frequency)
        editor = self.editors.get(partner.pk)
        # Before a partner joined the Roundtable, or when it has no editor, its figures were sent
        # as a spreadsheet and imported by the coordination team.
        imported = editor is None or period_start(period, indicator.frequency) < partner.joined_on
        by = self.staff if imported else editor
        entered = end + timedelta(days=rng.randint(6, 35))
        if imported and editor is not None:  # all at once, a few weeks after joining
            entered = max(entered, partner.joined_on + timedelta(days=21))
        if status == DRAFT:
            entered = end + timedelta(days=rng.randint(36, 42))
        report = (stream.indicator, stream.partner, stream.territory, period)
        first_cell = not self.reports.get(report)
        comment = COMMENTS.get(report, "") if first_cell else ""
        reason = ""
        returned = RETURNED_CELLS.get((stream.partner, stream.indicator, stream.territory, key))
        if returned and status != DRAFT and period == LATEST[indicator.frequency]:
            how, partner_comment, reason = returned
            status = RETURNED
            comment = partner_comment
            if how == "inflated":
                value = Decimal(round(before * Decimal("1.85")))
                reason = reason.format(previous=before, value=value)
            else:
                supported = self.reports[(stream.of, stream.partner, stream.territory, period)][key]
                value = supported + 3
                reason = reason.format(value=value, supported=supported)
        if not comment and _jumps(before, value):
            comment = (
                SMALL_NUMBERS
                if max(before, value) < 40
                else JUMP_COMMENTS.get(stream.indicator, "")
            )
        reviewed_at = None
        reviewed_by = None
        if status in (APPROVED, RETURNED) and not imported:
            reviewed_by = self.staff
            reviewed_at = _at(entered + timedelta(days=rng.randint(2, 12)), rng.randint(9, 16))
        entered_at = _at(entered, rng.randint(9, 16), rng.choice((0, 15, 30, 45)))
        row = self._add(
            indicator,
            partner,
            stream.territory,
            period,
            key,
            value,
            status=status,
            provenance=Observation.Provenance.IMPORT if imported else Observation.Provenance.FORM,
            by=by,
            entered_at=entered_at,
            comment=comment,
            return_reason=reason,
            reviewed_by=reviewed_by,
            reviewed_at=reviewed_at,
            **extra,
        )
        self.reports.setdefault(report, {})[key] = value
        if status == RETURNED:
            row.changes = [
                (SUBMITTED, "", by, entered_at),
                (RETURNED, reason, self.staff, reviewed_at),
            ]

    def _add(self, indicator, partner, territory, period, key, value, *, by, entered_at, **fields):
        observation = Observation(
            indicator=indicator,
            period=period,
            period_start=period_start(period, indicator.frequency),
            territory=self.territories[territory],
            breakdown=key,
            partner=partner,
            value=value,
            entered_by=by,
            **fields,
        )
        row = _Row(observation, entered_at)
        self.rows.append(row)
        self.periods.setdefault(indicator.code, set()).add(period)
        return row

    def save(self) -> None:
        observations = [row.observation for row in self.rows]
        Observation.objects.bulk_create(observations, batch_size=500)
        for row in self.rows:  # bulk_create stamped them with the time of loading
            row.observation.entered_at = row.entered_at
        Observation.objects.bulk_update(observations, ["entered_at"], batch_size=500)
        for row in self.rows:
            for status, note, by, at in row.changes:
                change = ObservationChange.objects.create(
                    observation=row.observation,
                    value=row.observation.value,
                    status=status,
                    note=note,
                    changed_by=by,
                )
                ObservationChange.objects.filter(pk=change.pk).update(changed_at=at)


def _jumps(before: Decimal | None, value: Decimal) -> bool:
    """Whether the entry rule would ask for a comment: a move of more than half from the previous
    period's value (`entry.JUMP_THRESHOLD`)."""
    if before is None:
        return False
    if before == 0:
        return value != 0
    return abs(value - before) / abs(before) > Decimal("0.5")
