"""What role clarification adds to the backbone's section of the home page: how far the roles
are clarified, and the step of phase II that asks for it."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commun.governance.roles import Clarity, clarity
from commun.sections import Addition, CardLine, Look, Phase, Step, state_of
from commun.sections import initiative_url as url


def _clarity(look: Look) -> Clarity:
    return look.once("roles", lambda: clarity(look.initiative))


def clarified_text(read: Clarity) -> str:
    return ngettext(
        "Roles clarified for %(part)d of %(total)d strategy",
        "Roles clarified for %(part)d of %(total)d strategies",
        read.strategies,
    ) % {"part": read.strategies_clarified, "total": read.strategies}


def lines(look: Look) -> list[CardLine]:
    read, roles_url = _clarity(look), url("governance:roles", look.initiative)
    found = [CardLine(clarified_text(read), roles_url)]
    if read.lacking:
        found.append(
            CardLine(
                ngettext(
                    "%(count)d area lacks someone accountable or responsible",
                    "%(count)d areas lack someone accountable or responsible",
                    read.lacking,
                )
                % {"count": read.lacking},
                roles_url,
            )
        )
    return found


def steps(look: Look) -> list[Step]:
    """Phase II: who does what is said for every strategy, each with one accountable."""
    read = _clarity(look)
    complete = bool(read.strategies) and read.strategies_clarified == read.strategies
    return [
        Step(
            Phase.ORGANIZE,
            _("Clarify who does what: the roles of each strategy"),
            state_of(complete and not read.lacking, bool(read.areas)),
            clarified_text(read),
            url("governance:roles", look.initiative),
        )
    ]


SECTIONS = [Addition("backbone", lines=lines, steps=steps)]
