"""The common agenda's section of the framework: its home card, its steps of the action frame
and the endorsement a partner still owes."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commun.agenda.canvases import CANVASES
from commun.agenda.models import AgendaVersion, CanvasKey, Endorsement
from commun.agenda.versions import EndorsementSummary, endorsement_summary, filled_canvases
from commun.formatting import format_percent
from commun.initiatives.roles import Role
from commun.sections import Card, CardLine, Look, Phase, Section, Step, ToDo, state_of
from commun.sections import initiative_url as url

# The canvases that say what the issue is, where and for whom, and what is known of it: the
# first phase's understanding of the landscape.
UNDERSTANDING = (CanvasKey.ISSUE, CanvasKey.SCOPE, CanvasKey.DATA)


def _reading(look: Look) -> tuple[set[str], EndorsementSummary]:
    initiative = look.initiative
    return look.once(
        "agenda", lambda: (filled_canvases(initiative), endorsement_summary(initiative))
    )


def endorsed_by(summary: EndorsementSummary) -> str:
    return _("Endorsed by %(endorsed)d of %(total)d partners (%(share)s)") % {
        "endorsed": summary.endorsed,
        "total": summary.active_partners,
        "share": format_percent(summary.share, 0),
    }


def agreed(summary: EndorsementSummary) -> bool:
    """A majority of the active partners endorsed the latest version."""
    return summary.version is not None and 2 * summary.endorsed > summary.active_partners


def card(look: Look) -> Card:
    """Canvases filled, the latest version and the share of partners that endorsed it."""
    initiative = look.initiative
    filled, summary = _reading(look)
    lines = [
        CardLine(
            _("%(filled)d of %(total)d canvases filled in")
            % {"filled": len(filled), "total": len(CANVASES)},
            url("agenda:overview", initiative),
        )
    ]
    if summary.version is None:
        lines.append(CardLine(_("No version published yet")))
        badge = (
            _("%(filled)d of %(total)d canvases filled in")
            % {"filled": len(filled), "total": len(CANVASES)}
            if filled
            else _("Not started")
        )
    else:
        lines.append(
            CardLine(
                _("Version %(number)d published") % {"number": summary.version.number},
                url("agenda:versions", initiative),
            )
        )
        lines.append(
            CardLine(
                endorsed_by(summary), url("agenda:version", initiative, summary.version.number)
            )
        )
        badge = _("Endorsed by %(endorsed)d of %(total)d partners") % {
            "endorsed": summary.endorsed,
            "total": summary.active_partners,
        }
    return Card(badge, state_of(agreed(summary), bool(filled)), lines)


def steps(look: Look) -> list[Step]:
    """Phase I: understand the issue (its canvases); phase II: agree on the common agenda."""
    initiative = look.initiative
    filled, summary = _reading(look)
    understood = [key for key in UNDERSTANDING if key in filled]
    understanding = Step(
        Phase.INITIATE,
        _("Understand the issue together: the problem, the scope, the data needed"),
        state_of(len(understood) == len(UNDERSTANDING), bool(understood)),
        _("%(filled)d of %(total)d canvases filled in")
        % {"filled": len(understood), "total": len(UNDERSTANDING)},
        url("agenda:overview", initiative),
    )
    if summary.version is None:
        agenda = Step(
            Phase.ORGANIZE,
            _("Agree on a common agenda, endorsed by a majority of partners"),
            state_of(False, bool(filled)),
            _("No version published yet"),
            url("agenda:overview", initiative),
        )
    else:
        agenda = Step(
            Phase.ORGANIZE,
            _("Agree on a common agenda, endorsed by a majority of partners"),
            state_of(agreed(summary), True),
            _("Version %(number)d: %(endorsed)s")
            % {"number": summary.version.number, "endorsed": endorsed_by(summary)},
            url("agenda:version", initiative, summary.version.number),
        )
    return [understanding, agenda]


def to_dos(look: Look) -> list[ToDo]:
    """The latest version of the common agenda, when the person's partner has not answered it."""
    partner, initiative = look.partner, look.initiative
    if partner is None:
        return []
    latest = (
        AgendaVersion.objects.filter(initiative=initiative)
        .annotate(
            answered=Exists(Endorsement.objects.filter(version=OuterRef("pk"), partner=partner))
        )
        .order_by("-number")
        .first()
    )
    if latest is None or latest.answered:
        return []
    number = {"number": latest.number}
    if look.role is Role.PARTNER_EDITOR:
        return [
            ToDo(
                _("Give your organization's answer to version %(number)d of the common agenda")
                % number,
                url("agenda:endorse", initiative, latest.number),
            )
        ]
    return [
        ToDo(
            _("Your organization has not answered version %(number)d of the common agenda")
            % number,
            url("agenda:version", initiative, latest.number),
        )
    ]


SECTIONS = [
    Section(
        "agenda",
        gettext_lazy("Common agenda"),
        gettext_lazy(
            "A shared understanding of the issue, a shared vision of change and a joint approach."
        ),
        url_name="agenda:overview",
        card=card,
        steps=steps,
        to_dos=to_dos,
    )
]
