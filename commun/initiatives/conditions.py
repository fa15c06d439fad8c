"""The framework's sections and the state of each condition, as the home page shows them."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from commun.access import Action, can
from commun.formatting import format_number, format_percent
from commun.initiatives.models import GovernanceBody, Initiative, Membership, Partner
from commun.initiatives.roles import BACKBONE_ROLES
from commun.people.models import Invitation


@dataclass(frozen=True)
class Section:
    key: str  # also the URL name under the "initiatives" namespace
    title: str
    summary: str
    coming: str = ""  # what the section will hold, said plainly while it is not built
    url_name: str = ""  # where the section lives when an app of its own serves it

    @property
    def route(self) -> str:
        return self.url_name or f"initiatives:{self.key}"

    @property
    def namespace(self) -> str:
        return self.route.split(":")[0]


SECTIONS = [
    Section(
        "preconditions",
        _("Preconditions"),
        _("Influential champions, a sense of urgency, adequate resources: is the ground ready?"),
        url_name="assessments:overview",
    ),
    Section(
        "agenda",
        _("Common agenda"),
        _("A shared understanding of the issue, a shared vision of change and a joint approach."),
        url_name="agenda:overview",
    ),
    Section(
        "measurement",
        _("Shared measurement"),
        _("A short list of shared indicators, reported regularly by every partner."),
        url_name="measurement:overview",
    ),
    Section(
        "activities",
        _("Mutually reinforcing activities"),
        _("Different activities, coordinated by one plan, that reinforce each other."),
        url_name="activities:overview",
    ),
    Section(
        "communication",
        _("Continuous communication"),
        _("Regular, open communication that builds trust and a common language."),
        coming=_(
            "Meetings, decisions, the communication plan and the wheel of engagement are not built "
            "yet; for now this page shows the governance bodies and how often they meet."
        ),
    ),
    Section(
        "backbone",
        _("Backbone"),
        _("The staffed structure that coordinates the initiative, and its governance."),
    ),
]
SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}


@dataclass(frozen=True)
class CardLine:
    """One line of a home card; `url` is the page that lists what its figure counts."""

    text: str
    url: str = ""

    def __str__(self) -> str:
        return str(self.text)


@dataclass(frozen=True)
class ConditionCard:
    section: Section
    state: str  # "not_started" | "in_progress"
    lines: list[CardLine]


def _url(name: str, initiative: Initiative, *args, query: str = "") -> str:
    return reverse(name, args=[initiative.slug, *args]) + (f"?{query}" if query else "")


def agenda_card_lines(initiative: Initiative) -> tuple[list[CardLine], str]:
    """Canvases filled, the latest version and the share of partners that endorsed it."""
    from commun.agenda.canvases import CANVASES
    from commun.agenda.versions import count_filled_canvases, endorsement_summary

    filled = count_filled_canvases(initiative)
    summary = endorsement_summary(initiative)
    lines = [
        CardLine(
            _("%(filled)d of %(total)d canvases filled in")
            % {"filled": filled, "total": len(CANVASES)},
            _url("agenda:overview", initiative),
        )
    ]
    if summary.version is None:
        lines.append(CardLine(str(_("No version published yet"))))
    else:
        version_url = _url("agenda:version", initiative, summary.version.number)
        lines.append(
            CardLine(
                _("Version %(number)d published") % {"number": summary.version.number},
                _url("agenda:versions", initiative),
            )
        )
        lines.append(
            CardLine(
                _("Endorsed by %(endorsed)d of %(total)d partners (%(share)s)")
                % {
                    "endorsed": summary.endorsed,
                    "total": summary.active_partners,
                    "share": format_percent(summary.share, 0),
                },
                version_url,
            )
        )
    return lines, "in_progress" if filled else "not_started"


def measurement_card_lines(initiative: Initiative, viewer=None) -> tuple[list[CardLine], str]:
    """Adopted indicators, values waiting for review, the latest period with approved data."""
    from django.db.models import Max

    from commun.measurement.figures import main_territory
    from commun.measurement.models import Aggregate, Indicator, Observation

    adopted = Indicator.objects.filter(initiative=initiative, status=Indicator.Status.ADOPTED)
    count = adopted.count()
    waiting = Observation.objects.filter(
        indicator__initiative=initiative, status=Observation.Status.SUBMITTED
    ).count()
    # The initiative-wide totals only: a few rows per indicator, read through the figures' index.
    latest = Aggregate.objects.filter(
        indicator__in=adopted,
        territory=main_territory(initiative),
        breakdown="",
        scope=Aggregate.Scope.APPROVED,
    ).aggregate(start=Max("period_start"))["start"]
    reviews = viewer is not None and can(viewer, Action.REVIEW_DATA, initiative)
    lines = [
        CardLine(
            ngettext("%(count)d adopted indicator", "%(count)d adopted indicators", count)
            % {"count": count},
            _url("measurement:overview", initiative),
        ),
        CardLine(
            ngettext(
                "%(count)s value waiting for review", "%(count)s values waiting for review", waiting
            )
            % {"count": format_number(waiting)},
            _url("measurement:review", initiative) if reviews else "",  # staff only
        ),
    ]
    if latest:
        lines.append(
            CardLine(
                _("Approved data up to %(year)d") % {"year": latest.year},
                _url("measurement:overview", initiative),
            )
        )
    return lines, "in_progress" if count else "not_started"


def activities_card_lines(initiative: Initiative) -> tuple[list[CardLine], str]:
    """Current activities and the strategies they cover, gaps, and the overdue shared actions,
    counted without loading the activities."""
    from commun.activities.coordination import find_gaps, served_by_current_activities
    from commun.activities.models import Activity
    from commun.activities.plan import overdue_actions

    activities = Activity.objects.filter(initiative=initiative).current().count()
    served = served_by_current_activities(initiative)
    gaps = find_gaps(initiative, served)
    overdue = overdue_actions(initiative)
    shown = list(overdue[:3])
    lines = [
        CardLine(
            ngettext("%(count)d current activity", "%(count)d current activities", activities)
            % {"count": activities},
            _url("activities:overview", initiative),
        ),
        CardLine(
            _("%(served)d of %(total)d strategies have an activity")
            % {"served": gaps.strategy_total - len(gaps.strategies), "total": gaps.strategy_total},
            _url("activities:matrix", initiative),
        ),
        CardLine(
            ngettext("%(count)d gap to discuss", "%(count)d gaps to discuss", gaps.count)
            % {"count": gaps.count},
            _url("activities:coordination", initiative),
        ),
    ]
    if shown:
        count = len(shown) if len(shown) < 3 else overdue.count()  # counted only when more may be
        overdue_url = _url("activities:plan", initiative, query="status=overdue")
        lines.append(
            CardLine(
                ngettext(
                    "%(count)d overdue shared action:", "%(count)d overdue shared actions:", count
                )
                % {"count": count},
                overdue_url,
            )
        )
        lines += [
            CardLine(
                _("%(action)s (due %(due)s, %(owner)s)")
                % {
                    "action": a.title,
                    "due": date_format(a.due, "SHORT_DATE_FORMAT"),
                    "owner": a.owner,
                },
                overdue_url,
            )
            for a in shown
        ]
    return lines, "in_progress" if activities else "not_started"


def preconditions_card_lines(initiative: Initiative, assessed) -> tuple[list[CardLine], str]:
    """The latest readiness profile, section by section, and the assessment rounds open now."""
    lines = []
    latest = assessed.latest.get("preconditions")
    if latest is None:
        lines.append(CardLine(str(_("No readiness assessment yet"))))
    else:
        the_round, means = latest
        scale_max = the_round.instrument.scale_max
        round_url = _url("assessments:round", initiative, the_round.pk)
        lines.append(CardLine(_("Readiness (%(title)s):") % {"title": the_round.title}, round_url))
        lines += [
            CardLine(
                _("%(section)s: %(mean)s / %(max)d")
                % {"section": section.title, "mean": floatformat(mean, 1), "max": scale_max},
                round_url,
            )
            for section, mean in means
            if mean is not None
        ]
    lines.append(
        CardLine(
            ngettext(
                "%(count)d assessment round open",
                "%(count)d assessment rounds open",
                assessed.open_rounds,
            )
            % {"count": assessed.open_rounds},
            _url("assessments:overview", initiative),
        )
    )
    return lines, "in_progress" if latest or assessed.open_rounds else "not_started"


def backbone_assessment_lines(initiative: Initiative, assessed) -> list[CardLine]:
    """The backbone's latest effectiveness assessment: its mean and its weakest function."""
    latest = assessed.latest.get("backbone")
    if latest is None:
        return []
    the_round, means = latest
    means = [(section, mean) for section, mean in means if mean is not None]
    if not means:
        return []
    overall = sum(mean for _section, mean in means) / len(means)
    weakest = min(means, key=lambda item: item[1])
    round_url = _url("assessments:round", initiative, the_round.pk)
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


def communication_card_lines(initiative: Initiative) -> tuple[list[CardLine], str]:
    """The governance bodies and how many of them have a set meeting rhythm."""
    bodies = GovernanceBody.objects.filter(initiative=initiative).aggregate(
        total=Count("id"), with_rhythm=Count("id", filter=~Q(meeting_rhythm_fr=""))
    )
    lines = [
        CardLine(
            ngettext(
                "%(count)d governance body",
                "%(count)d governance bodies",
                bodies["total"],
            )
            % {"count": bodies["total"]},
            _url("initiatives:bodies", initiative),
        ),
        CardLine(
            ngettext(
                "%(count)d with a set meeting rhythm",
                "%(count)d with a set meeting rhythm",
                bodies["with_rhythm"],
            )
            % {"count": bodies["with_rhythm"]},
            _url("initiatives:communication", initiative),
        ),
    ]
    return lines, "in_progress" if bodies["total"] else "not_started"


def backbone_card_lines(
    initiative: Initiative, assessed, viewer=None
) -> tuple[list[CardLine], str]:
    """Backbone staff, active partners, pending invitations and the backbone's assessment."""
    people = Membership.objects.filter(initiative=initiative).aggregate(
        total=Count("id"), backbone=Count("id", filter=Q(role__in=list(BACKBONE_ROLES)))
    )
    partners = Partner.objects.filter(initiative=initiative).active().count()
    pending = Invitation.objects.filter(initiative=initiative, accepted_at__isnull=True).count()
    sees_people = viewer is not None and can(viewer, Action.VIEW_PEOPLE, initiative)
    lines = [
        CardLine(
            ngettext(
                "%(count)d backbone staff member",
                "%(count)d backbone staff members",
                people["backbone"],
            )
            % {"count": people["backbone"]},
            _url("initiatives:backbone", initiative),
        ),
        CardLine(
            ngettext("%(count)d active partner", "%(count)d active partners", partners)
            % {"count": partners},
            _url("initiatives:partners", initiative),
        ),
        CardLine(
            ngettext("%(count)d pending invitation", "%(count)d pending invitations", pending)
            % {"count": pending},
            _url("team:people", initiative) if sees_people else "",  # staff only
        ),
        *backbone_assessment_lines(initiative, assessed),
    ]
    return lines, "in_progress" if people["backbone"] else "not_started"


def condition_cards(initiative: Initiative, viewer=None) -> list[ConditionCard]:
    """One card per section of the framework with what is known of its state today; each figure
    links to the page behind it, when the `viewer` may open that page."""
    from commun.assessments.results import summary

    assessed = summary(initiative, ("preconditions", "backbone"))
    card_lines = {
        "preconditions": lambda: preconditions_card_lines(initiative, assessed),
        "agenda": lambda: agenda_card_lines(initiative),
        "measurement": lambda: measurement_card_lines(initiative, viewer),
        "activities": lambda: activities_card_lines(initiative),
        "communication": lambda: communication_card_lines(initiative),
        "backbone": lambda: backbone_card_lines(initiative, assessed, viewer),
    }
    cards = []
    for section in SECTIONS:
        lines, state = card_lines[section.key]()
        cards.append(ConditionCard(section, state, lines))
    return cards
