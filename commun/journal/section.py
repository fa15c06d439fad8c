"""The outcomes journal and strategic learning's section of the framework: its card (outcomes
waiting for substantiation, the last learning session), its steps (progress markers agreed with
the boundary partners; a journal kept; learning turned into action), the to-dos of the people
asked to report or to confirm an outcome, and the outcomes published on the public page."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from commun.access import Action
from commun.formatting.dates import format_date
from commun.journal.harvests import open_harvests_for
from commun.journal.models import (
    HarvestCampaign,
    LearningSession,
    ObservedOutcome,
    SocialActor,
)
from commun.journal.state import JournalState, journal_state
from commun.journal.substantiation import asked_of, link_of
from commun.sections import (
    Card,
    CardLine,
    Look,
    Phase,
    PublicBlock,
    Section,
    State,
    Step,
    ToDo,
    Tracked,
    state_of,
)
from commun.sections import initiative_url as url


def _state(look: Look) -> JournalState:
    return look.once("journal", lambda: journal_state(look.initiative, look.viewer, look.today))


def last_session_text(read: JournalState) -> str:
    if read.last_session is None:
        return _("No learning session held yet")
    return _("Last learning session on %(day)s") % {"day": format_date(read.last_session)}


def card(look: Look) -> Card:
    read, initiative = _state(look), look.initiative
    lines = [
        CardLine(
            ngettext(
                "%(count)d outcome published",
                "%(count)d outcomes published",
                read.published,
            )
            % {"count": read.published},
            url("journal:overview", initiative, query="status=published"),
        ),
        CardLine(last_session_text(read), url("journal:learning", initiative)),
    ]
    if look.may(Action.MANAGE_JOURNAL):
        lines.insert(
            0,
            CardLine(
                ngettext(
                    "%(count)d outcome waiting for substantiation",
                    "%(count)d outcomes waiting for substantiation",
                    read.waiting,
                )
                % {"count": read.waiting},
                url("journal:overview", initiative, query="status=review"),
            ),
        )
    if read.open_harvest is not None:
        lines.append(
            CardLine(
                _("%(harvest)s: open until %(day)s")
                % {
                    "harvest": read.open_harvest.title,
                    "day": format_date(read.open_harvest.deadline),
                },
                url("journal:harvest", initiative, read.open_harvest.pk),
            )
        )
    if not read.outcomes and read.last_session is None:
        return Card(_("No outcome recorded yet"), State.NOT_STARTED, lines)
    kept = read.observed_lately and read.sessions_lately and read.actions_adopted
    if look.may(Action.MANAGE_JOURNAL) and read.waiting:
        badge = lines[0].text
    else:
        badge = last_session_text(read)
    return Card(badge, State.IN_PLACE if kept else State.UNDER_WAY, lines)


def steps(look: Look) -> list[Step]:
    read, initiative = _state(look), look.initiative
    return [
        Step(
            Phase.ORGANIZE,
            _(
                "Agree with each boundary partner on what you expect, would like and would love to see"
            ),
            state_of(
                bool(read.boundary_partners) and read.with_markers == read.boundary_partners,
                bool(read.boundary_partners),
            ),
            _("%(marked)d of %(count)d boundary partners have markers at every level")
            % {"marked": read.with_markers, "count": read.boundary_partners},
            url("journal:actors", initiative),
        ),
        Step(
            Phase.SUSTAIN,
            _("Keep an outcomes journal: harvest, substantiate and publish the changes observed"),
            state_of(bool(read.observed_lately and read.published), bool(read.outcomes)),
            _("%(recent)d outcomes observed in the last six months, %(published)d published")
            % {"recent": read.observed_lately, "published": read.published},
            url("journal:overview", initiative),
        ),
        Step(
            Phase.SUSTAIN,
            _("Hold learning sessions and turn what you learn into shared actions"),
            state_of(
                bool(read.sessions_lately and read.actions_adopted),
                read.last_session is not None,
            ),
            _("%(day)s; %(count)d actions adopted")
            % {"day": last_session_text(read), "count": read.actions_adopted},
            url("journal:learning", initiative),
        ),
    ]


def to_dos(look: Look) -> list[ToDo]:
    """A harvest the person is asked to report in, an outcome they are asked to confirm, and for
    staff the outcomes under review that wait for no answer any more."""
    if look.viewer is None or not look.viewer.is_authenticated:
        return []
    initiative, items = look.initiative, []
    for campaign in open_harvests_for(look.viewer, initiative, look.today):
        items.append(
            ToDo(
                _("Report the changes you have observed: %(harvest)s")
                % {"harvest": campaign.title},
                url("journal:harvest", initiative, campaign.pk),
                due=campaign.deadline,
            )
        )
    for request in asked_of(look.viewer, initiative):
        items.append(
            ToDo(
                _("Say whether you agree with an observed outcome: %(outcome)s")
                % {"outcome": request.outcome.title},
                link_of(request),
                until=timezone.localtime(request.expires_at).date(),
            )
        )
    read = _state(look)
    if read.to_conclude and look.may(Action.MANAGE_JOURNAL):
        items.append(
            ToDo(
                ngettext(
                    "%(count)d outcome under review waits for no more answers: conclude it",
                    "%(count)d outcomes under review wait for no more answers: conclude them",
                    read.to_conclude,
                )
                % {"count": read.to_conclude},
                url("journal:overview", initiative, query="status=review"),
            )
        )
    return items


PUBLIC_OUTCOMES = 6


def public(initiative, query=None) -> PublicBlock | None:
    """The initiative's public page: the latest outcomes it published, with what they show."""
    published = ObservedOutcome.objects.filter(
        initiative=initiative, status=ObservedOutcome.Status.PUBLISHED
    )
    latest = list(
        published.select_related("actor", "intended_outcome").order_by("-observed_on", "-pk")[
            :PUBLIC_OUTCOMES
        ]
    )
    if not latest:
        return None
    return PublicBlock(
        "journal/partials/public_outcomes.html",
        {"outcomes": latest, "published": published.count()},
    )


SECTIONS = [
    Section(
        "journal",
        gettext_lazy("Outcomes and learning"),
        gettext_lazy(
            "The changes observed in the people and organizations the initiative works with, "
            "and what the initiative learns from them and from its indicators."
        ),
        url_name="journal:overview",
        card=card,
        steps=steps,
        to_dos=to_dos,
        tracked=(
            Tracked("observed_outcome", ObservedOutcome),
            Tracked("social_actor", SocialActor),
            Tracked("harvest", HarvestCampaign),
            Tracked("learning_session", LearningSession),
        ),
        public=public,
    ),
]
