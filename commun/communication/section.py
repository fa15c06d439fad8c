"""Continuous communication's section of the framework: its card (the next meeting, decisions to
review, audiences below the level sought) and its steps (a communication plan; meeting,
deciding and telling the community regularly)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from commun.communication.models import Audience, Communication, NewsItem
from commun.communication.news import published_news
from commun.communication.overview import (
    CommunicationState,
    communication_state,
    published_decisions,
    published_minutes,
)
from commun.formatting.dates import format_date
from commun.sections import (
    Card,
    CardLine,
    Look,
    Phase,
    PublicBlock,
    Section,
    State,
    Step,
    Tracked,
    state_of,
)
from commun.sections import initiative_url as url


def _state(look: Look) -> CommunicationState:
    return look.once("communication", lambda: communication_state(look.initiative))


def next_meeting_text(read: CommunicationState) -> str:
    if read.next_meeting is None:
        return _("No meeting planned")
    return _("Next meeting %(day)s") % {"day": format_date(read.next_meeting.starts_at)}


def card(look: Look) -> Card:
    read, initiative = _state(look), look.initiative
    overview = url("communication:overview", initiative)
    lines = [
        CardLine(
            ngettext(
                "%(count)d decision to review",
                "%(count)d decisions to review",
                read.to_review,
            )
            % {"count": read.to_review},
            overview,
        ),
        CardLine(
            ngettext(
                "%(count)d audience below the level sought",
                "%(count)d audiences below the level sought",
                read.below_sought,
            )
            % {"count": read.below_sought},
            url("communication:wheel", initiative),
        ),
        CardLine(
            ngettext(
                "%(count)d communication logged this year",
                "%(count)d communications logged this year",
                read.communications,
            )
            % {"count": read.communications},
            url("communication:log", initiative),
        ),
    ]
    started = read.meetings_held or read.audiences or read.next_meeting is not None
    if not started:
        return Card(_("No meeting planned"), State.NOT_STARTED, lines)
    in_place = read.held_lately and read.audiences and not read.below_sought
    return Card(next_meeting_text(read), State.IN_PLACE if in_place else State.UNDER_WAY, lines)


def steps(look: Look) -> list[Step]:
    read, initiative = _state(look), look.initiative
    return [
        Step(
            Phase.ORGANIZE,
            _("Make a communication plan: audiences, the level of engagement sought, channels"),
            state_of(bool(read.audiences) and not read.below_sought, bool(read.audiences)),
            ngettext(
                "%(count)d audience, %(below)d below the level sought",
                "%(count)d audiences, %(below)d below the level sought",
                read.audiences,
            )
            % {"count": read.audiences, "below": read.below_sought},
            url("communication:plan", initiative),
        ),
        Step(
            Phase.SUSTAIN,
            _("Meet regularly, record decisions and tell the community"),
            state_of(
                read.held_lately and bool(read.decisions) and bool(read.communications),
                bool(read.meetings_held or read.decisions or read.communications),
            ),
            _(
                "%(meetings)d meetings held, %(decisions)d decisions and %(sent)d communications "
                "this year"
            )
            % {
                "meetings": read.meetings_held,
                "decisions": read.decisions,
                "sent": read.communications,
            },
            url("communication:overview", initiative),
        ),
    ]


PUBLIC_NEWS = 3
PUBLIC_DECISIONS = 5
PUBLIC_MINUTES = 5


def public(initiative, query=None) -> PublicBlock | None:
    """The initiative's public page: the latest published news, and what governance bodies chose
    to publish (decisions with their outcome, approved minutes); nothing when there is none."""
    news = list(published_news(initiative)[:PUBLIC_NEWS])
    decisions = list(published_decisions(initiative)[:PUBLIC_DECISIONS])
    minutes = list(published_minutes(initiative)[:PUBLIC_MINUTES])
    if not (news or decisions or minutes):
        return None
    return PublicBlock(
        "communication/partials/public_news.html",
        {"news": news, "decisions": decisions, "minutes": minutes},
    )


SECTIONS = [
    Section(
        "communication",
        gettext_lazy("Continuous communication"),
        gettext_lazy("Regular, open communication that builds trust and a common language."),
        url_name="communication:overview",
        card=card,
        steps=steps,
        tracked=(
            Tracked("audience", Audience),
            Tracked("communication", Communication),
            Tracked("news", NewsItem),
        ),
        public=public,
    ),
]
