"""The demo's assessments (data/assessments.toml), for the main demo initiative: two past rounds of
each instrument, a round open now, and two rounds of the collaboration continuum. Answers are
drawn from a seeded random generator around a profile per section that improves from one round to
the next, so every load gives the same figures."""

import random
from datetime import timedelta

from django.utils import timezone

from commun.assessments.instruments import shipped
from commun.assessments.models import Answer, Rating, Response, Round
from commun.assessments.rounds import Available, open_round
from commun.demo.cast import Cast, data
from commun.initiatives.models import Initiative, Membership
from commun.initiatives.roles import Role


def loaded(initiative: Initiative) -> bool:
    return Round.objects.filter(initiative=initiative).exists()


def load(cast: Cast) -> None:
    content = data("assessments")
    initiative = cast.initiative
    memberships = list(
        Membership.objects.filter(initiative=initiative)
        .select_related("user", "partner")
        .order_by("user__email")
    )
    for key in content["profiles"]:
        for index, past in enumerate(content["past"]):
            _scale_round(cast, content, key, index, past, memberships)
    opened = content["open_round"]
    today = timezone.localdate()
    when = {
        "opens_on": today - timedelta(days=7),
        "closes_on": today + timedelta(days=30),
        "when_fr": opened["when_fr"],
        "when_en": opened["when_en"],
    }
    _scale_round(cast, content, opened["instrument"], 2, when, memberships, still_open=True)
    areas = {key: area for area, keys in content["areas"].items() for key in keys}
    for index, row in enumerate(content["continuum"]):
        _continuum_round(cast, areas, index, row, memberships)


def _new_round(initiative, key, title_fr, title_en, opens_on, closes_on, anonymous, asked):
    """The round, opened for `asked` (memberships) through the app's own write path, with its
    respondents in the order of `asked`."""
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


def _scale_round(cast, content, key, index, when, memberships, still_open=False):
    names = content["names"][key]
    opens_on, closes_on = when["opens_on"], when["closes_on"]
    asked = [m for m in memberships if m.role != Role.OBSERVER]
    the_round, respondents = _new_round(
        cast.initiative,
        key,
        f"{names['name_fr']} — {when['when_fr']}",
        f"{names['name_en']} — {when['when_en']}",
        opens_on,
        closes_on,
        key in content["anonymous"],
        asked,
    )
    not_yet = {cast.person(person).pk for person in content["open_round"]["not_yet"]}
    spreads = {(r["instrument"], r["section"]): r["spread"] for r in content["spread"]}
    profiles = content["profiles"][key]
    instrument = the_round.instrument
    rng = random.Random(f"{key}-{index}")
    comments = [
        (row["question"], row["text_fr"], row["text_en"])
        for row in content["comments"]
        if row["instrument"] == key
    ]
    rng.shuffle(comments)
    answers = []
    for respondent, membership in zip(respondents, asked, strict=True):
        if still_open:
            # Some have answered; the demo's partner editor and member still have theirs to do.
            if membership.user_id in not_yet or rng.random() < 0.55:
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
            profile = profiles[section.key]
            for question in section.questions:
                if question.series:
                    mean = profile[index][0 if question.series == "now" else 1]
                else:
                    mean = profile[min(index, len(profile) - 1)]
                value = None
                if rng.random() > 0.07:
                    width = spreads.get((key, section.key), 0.65)
                    value = round(rng.gauss(mean, width))
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


def _continuum_round(cast, areas, index, row, memberships):
    speakers = {}
    for membership in memberships:  # one person speaks for each partner: its editor, or a member
        if membership.partner_id and (
            membership.partner_id not in speakers or membership.role == Role.PARTNER_EDITOR
        ):
            speakers[membership.partner_id] = membership
    the_round, respondents = _new_round(
        cast.initiative,
        "continuum",
        row["title_fr"],
        row["title_en"],
        row["opens_on"],
        row["closes_on"],
        False,
        list(speakers.values()),
    )
    closes_on = row["closes_on"]
    instrument = the_round.instrument
    rng = random.Random(f"continuum-{index}")
    partners = list(cast.initiative.partners.active())
    ratings = []
    for respondent in respondents:
        if index == 0 and rng.random() < 0.2:
            continue  # fewer partners answered the first time
        response = Response.objects.create(
            round=the_round, respondent=respondent, partner=respondent.partner, submitted=True
        )
        respondent.submitted_on = closes_on - timedelta(days=rng.randint(1, 20))
        respondent.save(update_fields=["submitted_on"])
        mine = areas.get(cast.key_of(respondent.partner), "other")
        for other in partners:
            if other.pk == respondent.partner_id or rng.random() < 0.3:
                continue
            theirs = areas.get(cast.key_of(other), "other")
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
