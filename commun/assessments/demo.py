"""The demo initiative's assessments: two past rounds of each instrument, a round open now, and two
rounds of the collaboration continuum, so trends, the radar and the network map show something real.

`load_demo_assessments(initiative)` creates each round once (rounds are found by their French
title) and leaves existing ones alone. Answers are drawn from a seeded random generator around a
profile per section that improves from one round to the next, so every load gives the same figures.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from commun.assessments.instruments import shipped
from commun.assessments.models import Answer, Rating, Response, Round
from commun.assessments.rounds import Available, open_round
from commun.initiatives.models import Initiative, Membership
from commun.initiatives.roles import Role

# Section means of the two past rounds (and of the round open now), by instrument; engagement
# gives (today, wanted).
PROFILES = {
    "preconditions": {
        "champions": (2.7, 3.1),
        "urgency": (3.3, 3.5),
        "resources": (1.9, 2.4),
    },
    "five-conditions": {
        "agenda": (2.4, 2.9, 3.1),
        "measurement": (1.8, 2.4, 2.7),
        "activities": (2.1, 2.3, 2.5),
        "communication": (2.7, 2.9, 3.0),
        "backbone": (2.9, 3.2, 3.3),
    },
    "backbone": {
        "vision": (2.9, 3.2),
        "activities": (2.7, 3.0),
        "measurement": (2.3, 2.9),
        "public-will": (2.0, 2.3),
        "policy": (1.7, 2.1),
        "funding": (2.4, 2.6),
    },
    "engagement": {
        "residents": ((2.0, 4.2), (2.5, 4.3)),
        "community": ((3.2, 4.0), (3.4, 4.1)),
        "public": ((2.5, 3.6), (2.8, 3.7)),
        "private": ((1.5, 2.8), (1.7, 3.0)),
        "funders": ((2.4, 3.3), (2.7, 3.4)),
    },
    "ci3": {
        "leadership": (1.8, 2.2),
        "aspiration": (2.0, 2.5),
        "learning": (1.7, 2.3),
        "leverage": (1.6, 1.9),
        "engagement": (2.1, 2.6),
        "containers": (1.9, 2.2),
    },
}
# Where people disagree most (a wider spread around the mean).
SPREAD = {("preconditions", "resources"): 1.0, ("backbone", "policy"): 0.95}

PAST = [
    (date(2025, 10, 27), date(2025, 11, 28), "novembre 2025", "November 2025"),
    (date(2026, 4, 27), date(2026, 5, 29), "mai 2026", "May 2026"),
]
NAMES = {
    "preconditions": ("Conditions préalables", "Preconditions"),
    "five-conditions": ("Les cinq conditions", "The five conditions"),
    "backbone": ("Infrastructure de soutien", "Backbone effectiveness"),
    "engagement": ("Roue de l'engagement", "Wheel of engagement"),
    "ci3": ("Impact collectif 3.0", "Collective Impact 3.0"),
}
ANONYMOUS = {"five-conditions", "backbone"}
OPEN_ROUND = ("five-conditions", "automne 2026", "Autumn 2026")

COMMENTS = {
    "preconditions": [
        (
            "resources-funding",
            "L'entente avec la fondation se termine en 2027 : il faut préparer la suite dès maintenant.",
            "The foundation agreement ends in 2027: we need to prepare what comes next now.",
        ),
        (
            "champions-keep",
            "Notre co-présidente porte beaucoup la démarche; que se passe-t-il si elle part?",
            "Our co-chair carries a lot of the work; what happens if she leaves?",
        ),
        (
            "urgency-shared",
            "La hausse des loyers a tout changé : plus personne ne doute qu'il faut agir.",
            "Rising rents changed everything: nobody doubts any more that we must act.",
        ),
        (
            "resources-people",
            "Le temps prêté par les partenaires n'est pas toujours au rendez-vous.",
            "The staff time lent by partners does not always materialize.",
        ),
    ],
    "five-conditions": [
        (
            "measurement-reporting",
            "Plusieurs organismes n'ont pas les ressources pour saisir leurs données à temps.",
            "Several groups lack the staff to enter their data on time.",
        ),
        (
            "agenda-problem",
            "Le désaccord sur le logement social a été nommé, et c'est une bonne chose.",
            "The disagreement on social housing was named, which is a good thing.",
        ),
        (
            "activities-junctions",
            "La référence entre la banque alimentaire et le comité logement fonctionne bien.",
            "Referrals between the food bank and the housing committee work well.",
        ),
        (
            "communication-community",
            "Les résident·e·s ne savent pas encore ce que fait la Table.",
            "Residents do not know yet what the Roundtable does.",
        ),
    ],
    "backbone": [
        (
            "policy-influence",
            "On n'a pas encore de position commune à porter auprès de la ville.",
            "We do not have a shared position to bring to the city yet.",
        ),
        (
            "measurement-data",
            "Le tableau de bord présenté au comité directeur aide beaucoup.",
            "The dashboard shown to the steering committee helps a lot.",
        ),
        (
            "funding-raise",
            "La demande conjointe au programme fédéral est un bel exemple.",
            "The joint application to the federal program is a good example.",
        ),
    ],
    "engagement": [
        (
            "residents-now",
            "Le comité Voix citoyennes est consulté, mais rarement au moment des décisions.",
            "The Citizen Voices Committee is consulted, but rarely when decisions are made.",
        ),
        (
            "private-wanted",
            "Les commerces du quartier pourraient faire bien plus que recevoir notre bulletin.",
            "Local shops could do much more than receive our newsletter.",
        ),
    ],
    "ci3": [
        (
            "leverage-systems",
            "On ajoute encore des projets plutôt que de changer les règles.",
            "We still add projects rather than change the rules.",
        ),
        (
            "engagement-inclusive",
            "Les sièges compensés au comité directeur sont un vrai pas.",
            "The paid seats on the steering committee are a real step.",
        ),
    ],
}

# The continuum: partners by the area they work in; closer within an area, and the hubs reach all.
AREAS = {
    "food": ["Banque alimentaire", "Cuisine collective", "Carrefour familles", "Marché Saint-Roch"],
    "housing": [
        "Comité logement",
        "Habitations municipales",
        "Groupe de ressources techniques",
        "Comité des résidents",
        "Arrondissement",
    ],
    "employment": [
        "Services Québec",
        "Centre d'accueil des personnes immigrantes",
        "Chambre de commerce",
        "Cégep",
        "Centre de services scolaire",
        "Centre d'éducation populaire",
        "Maison des jeunes",
    ],
    "hubs": [
        "Corporation de développement communautaire",
        "Centre intégré",
        "Comité Voix citoyennes",
        "Fondation communautaire",
        "Direction régionale de santé publique",
    ],
}
CONTINUUM = [
    (
        date(2025, 5, 12),
        date(2025, 6, 13),
        "Continuum de collaboration — juin 2025",
        "Collaboration continuum — June 2025",
    ),
    (
        date(2026, 5, 11),
        date(2026, 6, 12),
        "Continuum de collaboration — juin 2026",
        "Collaboration continuum — June 2026",
    ),
]


def load_demo_assessments(initiative: Initiative) -> None:
    """Create the demo rounds that are missing (the main demo initiative only)."""
    memberships = list(
        Membership.objects.filter(initiative=initiative)
        .select_related("user", "partner")
        .order_by("user__email")
    )
    if not memberships:
        return
    with transaction.atomic():
        for key in PROFILES:
            for index, (opens_on, closes_on, when_fr, when_en) in enumerate(PAST):
                _scale_round(
                    initiative, key, index, opens_on, closes_on, when_fr, when_en, memberships
                )
        key, when_fr, when_en = OPEN_ROUND
        today = timezone.localdate()
        _scale_round(
            initiative,
            key,
            2,
            today - timedelta(days=7),
            today + timedelta(days=30),
            when_fr,
            when_en,
            memberships,
            still_open=True,
        )
        for index, (opens_on, closes_on, title_fr, title_en) in enumerate(CONTINUUM):
            _continuum_round(
                initiative, index, opens_on, closes_on, title_fr, title_en, memberships
            )


def _new_round(initiative, key, title_fr, title_en, opens_on, closes_on, anonymous, asked):
    """The round, opened for `asked` (memberships) through the app's own write path; None when
    the demo already has it. Returns it with its respondents in the order of `asked`."""
    if Round.objects.filter(initiative=initiative, title_fr=title_fr).exists():
        return None, []
    the_round = open_round(
        initiative,
        Available(key, key, shipped()[key]),
        title_fr=title_fr,
        title_en=title_en,
        opens_on=opens_on,
        closes_on=closes_on,
        anonymous=anonymous,
        memberships=asked,
    )
    by_user = {r.user_id: r for r in the_round.respondents.all()}
    return the_round, [by_user[m.user_id] for m in asked]


def _scale_round(
    initiative, key, index, opens_on, closes_on, when_fr, when_en, memberships, still_open=False
):
    name_fr, name_en = NAMES[key]
    asked = [m for m in memberships if m.role != Role.OBSERVER]
    the_round, respondents = _new_round(
        initiative,
        key,
        f"{name_fr} — {when_fr}",
        f"{name_en} — {when_en}",
        opens_on,
        closes_on,
        key in ANONYMOUS,
        asked,
    )
    if the_round is None:
        return
    instrument = the_round.instrument
    rng = random.Random(f"{key}-{index}")
    comments = list(COMMENTS.get(key, []))
    rng.shuffle(comments)
    answers = []
    for respondent, membership in zip(respondents, asked, strict=True):
        if still_open:
            # Some have answered; the demo's partner editor and member still have theirs to do.
            if (
                membership.user.email.split("@")[0] in ("repondante", "membre")
                or rng.random() < 0.55
            ):
                continue
        elif rng.random() < 0.15:
            continue  # did not answer
        answered_on = closes_on - timedelta(days=rng.randint(1, 25))
        response = Response.objects.create(
            round=the_round,
            respondent=None if the_round.anonymous else respondent,
            partner=None if the_round.anonymous else respondent.partner,
            submitted=True,
        )
        respondent.submitted_on = min(answered_on, timezone.localdate())
        respondent.save(update_fields=["submitted_on"])
        language = membership.user.language
        mine = comments.pop() if comments and rng.random() < 0.35 else None
        for section in instrument.sections:
            profile = PROFILES[key][section.key]
            for question in section.questions:
                if question.series:
                    mean = profile[index][0 if question.series == "now" else 1]
                else:
                    mean = profile[min(index, len(profile) - 1)]
                value = None
                if rng.random() > 0.07:
                    spread = SPREAD.get((key, section.key), 0.65)
                    value = round(rng.gauss(mean, spread))
                    value = max(instrument.scale_min, min(instrument.scale_max, value))
                comment = ""
                if mine and mine[0] == question.key:
                    comment = mine[1] if language == "fr" else mine[2]
                answers.append(
                    Answer(
                        response=response, question_key=question.key, value=value, comment=comment
                    )
                )
    Answer.objects.bulk_create(answers)


def _area_of(partner) -> str:
    for area, names in AREAS.items():
        if any(partner.name_fr.startswith(name) for name in names):
            return area
    return "other"


def _continuum_round(initiative, index, opens_on, closes_on, title_fr, title_en, memberships):
    speakers = {}
    for membership in memberships:  # one person speaks for each partner: its editor, or a member
        if membership.partner_id and (
            membership.partner_id not in speakers or membership.role == Role.PARTNER_EDITOR
        ):
            speakers[membership.partner_id] = membership
    the_round, respondents = _new_round(
        initiative,
        "continuum",
        title_fr,
        title_en,
        opens_on,
        closes_on,
        False,
        list(speakers.values()),
    )
    if the_round is None:
        return
    instrument = the_round.instrument
    rng = random.Random(f"continuum-{index}")
    partners = list(initiative.partners.active())
    ratings = []
    for respondent in respondents:
        if index == 0 and rng.random() < 0.2:
            continue  # fewer partners answered the first time
        response = Response.objects.create(
            round=the_round, respondent=respondent, partner=respondent.partner, submitted=True
        )
        respondent.submitted_on = closes_on - timedelta(days=rng.randint(1, 20))
        respondent.save(update_fields=["submitted_on"])
        mine = _area_of(respondent.partner)
        for other in partners:
            if other.pk == respondent.partner_id or rng.random() < 0.3:
                continue
            theirs = _area_of(other)
            if mine == theirs and mine != "other":
                base = 4.6
            elif "hubs" in (mine, theirs):
                base = 2.9
            else:
                base = 1.7
            base += 0.5 * index if mine != theirs else 0.3 * index
            now = max(1, min(7, round(rng.gauss(base, 0.7))))
            wanted = max(
                now, min(7, now + rng.choice([0, 1, 1, 2] if mine != theirs else [0, 0, 1]))
            )
            trust_base = 2.4 + 0.4 * index + (0.6 if mine == theirs else 0)
            scores = {
                item.key: max(1, min(4, round(rng.gauss(trust_base, 0.6))))
                for item in instrument.dimensions
                if rng.random() > 0.1
            }
            ratings.append(
                Rating(
                    response=response,
                    about=other,
                    level_now=now,
                    level_wanted=wanted,
                    scores=scores,
                )
            )
    Rating.objects.bulk_create(ratings)
