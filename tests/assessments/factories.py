"""Small assessment set-ups built by hand, so expected figures can be computed on paper."""

from datetime import date, timedelta

from django.utils import timezone

from commun.assessments.instruments import shipped
from commun.assessments.models import Answer, Rating, Respondent, Response, Round
from commun.assessments.rounds import Available, open_round
from commun.initiatives.models import Membership


def people_of(initiative, count: int) -> list[Membership]:
    """`count` memberships of the initiative that act for a partner, in a stable order."""
    found = list(
        Membership.objects.filter(initiative=initiative, partner__isnull=False)
        .select_related("user", "partner")
        .order_by("user__email")[:count]
    )
    assert len(found) == count
    return found


def scale_round(
    initiative, key="preconditions", *, anonymous=False, people=(), title="Test", closes_on=None
):
    """An open round of a shipped instrument asking `people` (memberships)."""
    return open_round(
        initiative,
        Available(key, key, shipped()[key]),
        title_fr=title,
        title_en=title,
        closes_on=closes_on or timezone.localdate() + timedelta(days=10),
        anonymous=anonymous,
        memberships=list(people),
    )


def answered(the_round: Round, respondent: Respondent, values: dict, comments=None, submitted=True):
    """Store answers as handed in (unlinked in an anonymous round), bypassing the form."""
    response = Response.objects.create(
        round=the_round,
        respondent=None if (submitted and the_round.anonymous) else respondent,
        partner=None if the_round.anonymous else respondent.partner,
        submitted=submitted,
    )
    comments = comments or {}
    Answer.objects.bulk_create(
        Answer(response=response, question_key=key, value=value, comment=comments.get(key, ""))
        for key, value in values.items()
    )
    if submitted:
        respondent.submitted_on = date.today()
        respondent.save(update_fields=["submitted_on"])
    return response


def rated(the_round: Round, respondent: Respondent, ratings: dict):
    """A partner's continuum answers: {partner: (now, wanted, scores)}."""
    response = Response.objects.create(
        round=the_round, respondent=respondent, partner=respondent.partner, submitted=True
    )
    Rating.objects.bulk_create(
        Rating(response=response, about=partner, level_now=now, level_wanted=wanted, scores=scores)
        for partner, (now, wanted, scores) in ratings.items()
    )
    respondent.submitted_on = date.today()
    respondent.save(update_fields=["submitted_on"])
    return response
