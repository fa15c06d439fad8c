"""The assessments' part of the framework: the preconditions' section (readiness), the regular
assessment of the five conditions, what the backbone's assessment adds to the backbone's section,
and the rounds the person is asked to answer."""

from datetime import timedelta

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from commun.assessments.models import Respondent
from commun.assessments.results import Summary, summary
from commun.sections import (
    Addition,
    Card,
    CardLine,
    Look,
    Phase,
    Section,
    State,
    Step,
    ToDo,
    state_of,
)
from commun.sections import initiative_url as url

INSTRUMENTS = ("preconditions", "five-conditions", "backbone")
YEARLY = timedelta(days=366)  # the five conditions are assessed together at least this often


def _reading(look: Look) -> Summary:
    return look.once("assessments", lambda: summary(look.initiative, INSTRUMENTS))


def _scored(means) -> list:
    return [(section, mean) for section, mean in means if mean is not None]


def card(look: Look) -> Card:
    """The latest readiness profile, section by section, and the assessment rounds open now."""
    initiative, assessed = look.initiative, _reading(look)
    lines = []
    latest = assessed.latest.get("preconditions")
    if latest is None:
        lines.append(CardLine(_("No readiness assessment yet")))
        badge = _("No readiness assessment yet")
    else:
        the_round, means = latest
        scale_max = the_round.instrument.scale_max
        round_url = url("assessments:round", initiative, the_round.pk)
        lines.append(CardLine(_("Readiness (%(title)s):") % {"title": the_round.title}, round_url))
        lines += [
            CardLine(
                _("%(section)s: %(mean)s / %(max)d")
                % {"section": section.title, "mean": floatformat(mean, 1), "max": scale_max},
                round_url,
            )
            for section, mean in _scored(means)
        ]
        badge = _("Assessed: %(title)s") % {"title": the_round.title}
    lines.append(
        CardLine(
            ngettext(
                "%(count)d assessment round open",
                "%(count)d assessment rounds open",
                assessed.open_rounds,
            )
            % {"count": assessed.open_rounds},
            url("assessments:overview", initiative),
        )
    )
    return Card(badge, state_of(latest is not None, bool(assessed.open_rounds)), lines)


def steps(look: Look) -> list[Step]:
    """Phase I: the preconditions assessed; phase III: the five conditions assessed together
    within the past year."""
    initiative, assessed = look.initiative, _reading(look)
    today = look.today
    overview = url("assessments:overview", initiative)
    readiness = assessed.latest.get("preconditions")
    if readiness is None:
        checked = Step(
            Phase.INITIATE,
            _("Check the preconditions: champions, urgency, resources"),
            state_of(False, bool(assessed.open_rounds)),
            _("No readiness assessment yet"),
            overview,
        )
    else:
        the_round, means = readiness
        scored = _scored(means)
        evidence = _("Assessed: %(title)s") % {"title": the_round.title}
        if scored:
            weakest = min(scored, key=lambda item: item[1])
            evidence = _("%(assessed)s; weakest: %(section)s (%(mean)s / %(max)d)") % {
                "assessed": evidence,
                "section": weakest[0].title,
                "mean": floatformat(weakest[1], 1),
                "max": the_round.instrument.scale_max,
            }
        checked = Step(
            Phase.INITIATE,
            _("Check the preconditions: champions, urgency, resources"),
            State.IN_PLACE,
            evidence,
            url("assessments:round", initiative, the_round.pk),
        )
    conditions = assessed.latest.get("five-conditions")
    if conditions is None:
        yearly = Step(
            Phase.SUSTAIN,
            _("Assess the five conditions together, every year"),
            State.NOT_STARTED,
            _("The five conditions have not been assessed yet"),
            overview,
        )
    else:
        the_round = conditions[0]
        yearly = Step(
            Phase.SUSTAIN,
            _("Assess the five conditions together, every year"),
            state_of(today - the_round.closes_on <= YEARLY, True),
            _("Last assessed: %(title)s") % {"title": the_round.title},
            url("assessments:round", initiative, the_round.pk),
        )
    return [checked, yearly]


def backbone_lines(look: Look) -> list[CardLine]:
    """The backbone's latest effectiveness assessment: its mean and its weakest function."""
    latest = _reading(look).latest.get("backbone")
    if latest is None:
        return []
    the_round, means = latest
    means = _scored(means)
    if not means:
        return []
    overall = sum(mean for _section, mean in means) / len(means)
    weakest = min(means, key=lambda item: item[1])
    round_url = url("assessments:round", look.initiative, the_round.pk)
    return [
        CardLine(
            _("Backbone effectiveness (%(title)s): %(mean)s / %(max)d")
            % {
                "title": the_round.title,
                "mean": floatformat(overall, 1),
                "max": the_round.instrument.scale_max,
            },
            round_url,
        ),
        CardLine(
            _("Role to strengthen: %(section)s (%(mean)s)")
            % {"section": weakest[0].title, "mean": floatformat(weakest[1], 1)},
            round_url,
        ),
    ]


def backbone_steps(look: Look) -> list[Step]:
    """Phase III: the backbone's effectiveness assessed by the partners."""
    latest = _reading(look).latest.get("backbone")
    if latest is None:
        return [
            Step(
                Phase.SUSTAIN,
                _("Have partners assess the backbone's effectiveness"),
                State.NOT_STARTED,
                _("The backbone has not been assessed yet"),
                url("assessments:overview", look.initiative),
            )
        ]
    the_round = latest[0]
    return [
        Step(
            Phase.SUSTAIN,
            _("Have partners assess the backbone's effectiveness"),
            State.IN_PLACE,
            _("Last assessed: %(title)s") % {"title": the_round.title},
            url("assessments:round", look.initiative, the_round.pk),
        )
    ]


def to_dos(look: Look) -> list[ToDo]:
    """The assessment rounds open now that the person is asked to and has not handed in."""
    if look.viewer is None:
        return []
    today = look.today
    asked = (
        Respondent.objects.filter(
            user=look.viewer,
            round__initiative=look.initiative,
            submitted_on__isnull=True,
            round__closed_at__isnull=True,
            round__opens_on__lte=today,
            round__closes_on__gte=today,
        )
        .select_related("round")
        .order_by("round__closes_on", "round__pk")
    )
    return [
        ToDo(
            _("Answer “%(title)s”") % {"title": respondent.round.title},
            url("assessments:answer", look.initiative, respondent.round.pk),
            until=respondent.round.closes_on,
        )
        for respondent in asked
    ]


SECTIONS = [
    Section(
        "preconditions",
        gettext_lazy("Preconditions"),
        gettext_lazy(
            "Influential champions, a sense of urgency, adequate resources: is the ground ready?"
        ),
        url_name="assessments:overview",
        card=card,
        steps=steps,
        to_dos=to_dos,
    ),
    Addition("backbone", lines=backbone_lines, steps=backbone_steps),
]
