"""Writing assessments: opening a round for chosen people, saving and submitting answers, closing.

Every write checks all it is given first and then writes all of it, in one transaction, or nothing.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commun.assessments.instruments import (
    Instrument,
    InstrumentError,
    check_instrument,
    shipped,
)
from commun.assessments.models import Answer, InstrumentCopy, Rating, Respondent, Response, Round
from commun.initiatives.models import BodyMember, GovernanceBody, Initiative, Membership, Partner
from commun.initiatives.roles import PARTNER_ROLES

COMMENT_MAX_LENGTH = 2000


class AnswerRejected(Exception):
    """Answers that cannot be saved; `errors` maps a form field name to what is wrong with it."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


# --- Instruments an initiative can use ------------------------------------------------------------


@dataclass(frozen=True)
class Available:
    key: str  # the key in addresses: a shipped key, or the copy's
    lineage: str  # the shipped instrument it comes from: rounds are compared along it
    instrument: Instrument
    copy: InstrumentCopy | None = None


def available_instruments(initiative: Initiative) -> list[Available]:
    """The shipped instruments, then the initiative's adapted copies (one query)."""
    found = [Available(key, key, instrument) for key, instrument in shipped().items()]
    for adapted in InstrumentCopy.objects.filter(initiative=initiative):
        found.append(
            Available(adapted.key, adapted.based_on, check_instrument(adapted.content), adapted)
        )
    return found


def find_instrument(initiative: Initiative, key: str) -> Available | None:
    adapted = InstrumentCopy.objects.filter(initiative=initiative, key=key).first()
    if adapted is not None:
        return Available(adapted.key, adapted.based_on, check_instrument(adapted.content), adapted)
    if key in shipped():
        return Available(key, key, shipped()[key])
    return None


def copy_instrument(initiative: Initiative, key: str, by) -> InstrumentCopy:
    """A copy of an instrument that the initiative may reword; its key is new in the initiative."""
    source = find_instrument(initiative, key)
    if source is None:
        raise InstrumentError(_("There is no instrument “%(key)s”.") % {"key": key})
    taken = set(InstrumentCopy.objects.filter(initiative=initiative).values_list("key", flat=True))
    base = f"{source.lineage}-{initiative.slug}"[:50].strip("-")
    new_key, number = base, 2
    while new_key in taken or new_key in shipped():
        new_key, number = f"{base}-{number}", number + 1
    content = copy.deepcopy(source.instrument.content)
    content["key"] = new_key
    content["version"] = 1
    return InstrumentCopy.objects.create(
        initiative=initiative,
        key=new_key,
        based_on=source.lineage,
        content=content,
        updated_by=by,
    )


def text_paths(content: dict) -> list[tuple[tuple, str]]:
    """Every bilingual text of an instrument's content: (path, kind), kind naming what it is."""
    paths = [(("title",), "title")]
    if "description" in content:
        paths.append((("description",), "description"))
    for list_key in ("scale", "levels", "series", "trust", "value"):
        for i, entry in enumerate(content.get(list_key, [])):
            paths.append(((list_key, i, "label"), list_key))
            if "help" in entry:
                paths.append(((list_key, i, "help"), "help"))
    for i, section in enumerate(content.get("sections", [])):
        paths.append((("sections", i, "title"), "section"))
        for j, question in enumerate(section["questions"]):
            paths.append((("sections", i, "questions", j, "text"), "question"))
            if "help" in question:
                paths.append((("sections", i, "questions", j, "help"), "help"))
    return paths


def get_path(content, path: tuple):
    for part in path:
        content = content[part]
    return content


def reword_copy(adapted: InstrumentCopy, texts: dict[tuple, dict[str, str]], by) -> InstrumentCopy:
    """Save new wording (path → {"fr", "en"}) as the copy's next version; keys never change, so
    rounds of the old and new wording stay comparable. Raises InstrumentError, saving nothing."""
    content = copy.deepcopy(adapted.content)
    for path, pair in texts.items():
        get_path(content, path[:-1])[path[-1]] = {
            code: value.strip() for code, value in pair.items()
        }
    if content == adapted.content:
        return adapted  # the same wording: no new version
    content["version"] = adapted.version + 1
    check_instrument(content)
    adapted.content = content
    adapted.version += 1
    adapted.updated_by = by
    adapted.updated_at = timezone.now()
    adapted.save()
    return adapted


# --- Rounds -------------------------------------------------------------------------------------


def people_for(
    initiative: Initiative,
    partners: list[Partner],
    bodies: list[GovernanceBody],
    memberships: list[Membership],
) -> dict[int, Membership]:
    """The memberships of everyone chosen: partners' people, bodies' members, people by name."""
    chosen = {m.user_id: m for m in memberships}
    by_partner = Membership.objects.filter(
        initiative=initiative, partner__in=partners, role__in=sorted(PARTNER_ROLES)
    )
    seated = BodyMember.objects.filter(body__in=bodies).values_list("user_id", flat=True)
    by_body = Membership.objects.filter(initiative=initiative, user_id__in=seated)
    for membership in [*by_partner, *by_body]:
        chosen.setdefault(membership.user_id, membership)
    return chosen


def open_round(
    initiative: Initiative,
    available: Available,
    *,
    title_fr: str,
    title_en: str,
    closes_on: date,
    anonymous: bool,
    opens_on: date | None = None,
    partners=(),
    bodies=(),
    memberships=(),
    by=None,
) -> Round:
    """Open a round of an instrument for the people chosen (directly, or through their partner or
    body). A continuum round asks people who act for a partner, and is never anonymous: the map
    says who works with whom."""
    instrument = available.instrument
    chosen = people_for(initiative, list(partners), list(bodies), list(memberships))
    if instrument.kind == "network":
        if anonymous:
            raise AnswerRejected(
                {
                    "anonymous": _(
                        "A continuum round cannot be anonymous: the map shows who rates whom."
                    )
                }
            )
        chosen = {user: m for user, m in chosen.items() if m.partner_id}
    if not chosen:
        raise AnswerRejected({"partners": _("Choose at least one person to ask.")})
    with transaction.atomic():
        the_round = Round.objects.create(
            initiative=initiative,
            instrument_key=available.lineage,
            instrument_version=instrument.version,
            kind=instrument.kind,
            content=instrument.content,
            title_fr=title_fr,
            title_en=title_en,
            opens_on=opens_on or timezone.localdate(),
            closes_on=closes_on,
            anonymous=anonymous,
            created_by=by,
        )
        Respondent.objects.bulk_create(
            Respondent(round=the_round, user_id=user_id, partner_id=membership.partner_id)
            for user_id, membership in chosen.items()
        )
    return the_round


def close_round(the_round: Round) -> None:
    if the_round.closed_at is None:
        the_round.closed_at = timezone.now()
        the_round.save(update_fields=["closed_at"])


# --- Answers ------------------------------------------------------------------------------------


def _number(raw: str, allowed: list[int]) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value not in allowed:
        raise ValueError(raw)
    return value


def _comment(raw: str, name: str, errors: dict) -> str:
    text = (raw or "").strip()
    if len(text) > COMMENT_MAX_LENGTH:
        errors[name] = _("A comment holds at most %(count)d characters.") % {
            "count": COMMENT_MAX_LENGTH
        }
    return text


# What the form sends for "I don't know": an answer (kept, with no value), unlike a question
# left without any choice, which is not answered at all.
DONT_KNOW = "dont-know"


def read_answers(instrument: Instrument, data) -> tuple[dict, dict]:
    """The answers in a posted form: ({question key: (value or None, comment)}, {field: error});
    a question answered "I don't know" (DONT_KNOW) is kept with no value."""
    answers, errors = {}, {}
    allowed = instrument.values
    for question in instrument.questions:
        name = f"q-{question.key}"
        dont_know = (data.get(name) or "").strip() == DONT_KNOW
        try:
            value = None if dont_know else _number(data.get(name, ""), allowed)
        except ValueError as error:
            errors[name] = _("“%(value)s” is not on the scale (%(low)d to %(high)d).") % {
                "value": error.args[0],
                "low": instrument.scale_min,
                "high": instrument.scale_max,
            }
            value = None
        comment = _comment(data.get(f"c-{question.key}", ""), f"c-{question.key}", errors)
        if value is not None or comment or dont_know:
            answers[question.key] = (value, comment)
    return answers, errors


def read_ratings(instrument: Instrument, partners: list[Partner], data) -> tuple[dict, dict]:
    """A continuum form: ({partner id: {"now", "wanted", "scores", "comment"}}, {field: error})."""
    ratings, errors = {}, {}
    levels = [level.value for level in instrument.levels]
    for partner in partners:
        rating = {"now": None, "wanted": None, "scores": {}, "comment": ""}
        for field_name, allowed in [("now", levels), ("wanted", levels)] + [
            (item.key, instrument.values) for item in instrument.dimensions
        ]:
            name = f"{field_name}-{partner.pk}"
            try:
                value = _number(data.get(name, ""), allowed)
            except ValueError as error:
                errors[name] = _("“%(value)s” is not one of the choices.") % {
                    "value": error.args[0]
                }
                continue
            if field_name in ("now", "wanted"):
                rating[field_name] = value
            elif value is not None:
                rating["scores"][field_name] = value
        rating["comment"] = _comment(data.get(f"c-{partner.pk}", ""), f"c-{partner.pk}", errors)
        if rating["now"] or rating["wanted"] or rating["scores"] or rating["comment"]:
            ratings[partner.pk] = rating
    return ratings, errors


def others_to_rate(respondent: Respondent) -> list[Partner]:
    """In a continuum round: the initiative's active partners, except the respondent's own."""
    return list(
        Partner.objects.filter(initiative_id=respondent.round.initiative_id)
        .active()
        .exclude(pk=respondent.partner_id)
    )


def already_handed_in() -> AnswerRejected:
    return AnswerRejected({"": _("You have already handed in your answers to this round.")})


def draft_of(respondent: Respondent) -> Response | None:
    return Response.objects.filter(respondent=respondent).first()


def save_response(respondent: Respondent, data, submit: bool) -> Response:
    """Save (and, when `submit`, hand in) a respondent's answers from a posted form.

    Raises AnswerRejected and changes nothing when a value is off the scale, the round is closed,
    the answers were already handed in, or a submission holds no answer at all."""
    the_round = respondent.round
    instrument = the_round.instrument
    if respondent.submitted_on is not None:
        raise already_handed_in()
    if not the_round.is_open:
        raise AnswerRejected({"": _("This round is closed: answers can no longer be saved.")})
    if instrument.kind == "network":
        partners = others_to_rate(respondent)
        rows, errors = read_ratings(instrument, partners, data)
        has_value = any(r["now"] or r["wanted"] or r["scores"] for r in rows.values())
    else:
        rows, errors = read_answers(instrument, data)
        has_value = any(value is not None for value, _comment in rows.values())
    if submit and not errors and not has_value:
        errors[""] = _("Answer at least one question before handing in.")
    if errors:
        raise AnswerRejected(errors)
    with transaction.atomic():
        # One hand-in per person, even when the same answers are sent twice at once: the person's
        # row is locked and read again, so a second request waits and then finds them handed in
        # (in an anonymous round, it would otherwise find no linked draft and start a new answer).
        still_due = Respondent.objects.select_for_update().filter(
            pk=respondent.pk, submitted_on=None
        )
        if not list(still_due.values_list("pk", flat=True)):
            raise already_handed_in()
        response, _created = Response.objects.get_or_create(
            respondent=respondent,
            defaults={"round": the_round, "partner_id": respondent.partner_id},
        )
        if instrument.kind == "network":
            response.ratings.all().delete()
            Rating.objects.bulk_create(
                Rating(
                    response=response,
                    about_id=pk,
                    level_now=r["now"],
                    level_wanted=r["wanted"],
                    scores=r["scores"],
                    comment=r["comment"],
                )
                for pk, r in rows.items()
            )
        else:
            response.answers.all().delete()
            Answer.objects.bulk_create(
                Answer(response=response, question_key=key, value=value, comment=comment)
                for key, (value, comment) in rows.items()
            )
        if submit:
            response.submitted = True
            if the_round.anonymous:  # from now on, nothing links these answers to a person
                response.respondent = None
                response.partner = None
            response.save()
            handed_in = timezone.localdate()
            if not Respondent.objects.filter(pk=respondent.pk, submitted_on=None).update(
                submitted_on=handed_in
            ):
                raise already_handed_in()
            respondent.submitted_on = handed_in
    return response
