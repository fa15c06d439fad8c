"""What a condition app hands up to the framework (`commun/framework/`): its section.

Each app that serves a part of the collective impact framework has a `section.py` module whose
`SECTIONS` list holds `Section`s (its own part: title, URL, home card, steps of the action frame,
to-dos, the records it tracks in the history, what it shows on the public page) and, when it
also adds to a section another app owns, `Addition`s. The framework lists those modules once, in
order (`commun.framework.registry.SECTION_MODULES`) and composes the pages from them.

This module sits below every app: apps import it, it imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils import timezone


def initiative_url(name: str, initiative, *args, query: str = "") -> str:
    """The address of an initiative's page, with an optional query string."""
    return reverse(name, args=[initiative.slug, *args]) + (f"?{query}" if query else "")


@dataclass
class Look:
    """One initiative as one person sees it on one page: what the sections read from, with
    `once` so that two sections share a reading (one query, however many sections need it)."""

    initiative: Any
    viewer: Any = None
    today: date = field(default_factory=timezone.localdate)
    memo: dict = field(default_factory=dict)

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def may(self, action) -> bool:
        from commun.access import can

        return self.viewer is not None and can(self.viewer, action, self.initiative)

    @cached_property
    def partner(self):
        """The viewer's partner organization here, or None."""
        from commun.access import partner_of

        return partner_of(self.viewer, self.initiative) if self.viewer is not None else None

    @cached_property
    def role(self):
        from commun.access import role_of

        return role_of(self.viewer, self.initiative) if self.viewer is not None else None


@dataclass(frozen=True)
class CardLine:
    """One line of a home card; `url` is the page that lists what its figure counts ("" when the
    reader may not open it)."""

    text: str
    url: str = ""

    def __str__(self) -> str:
        return str(self.text)


class State:
    """Where a section or a step stands, from the initiative's data."""

    NOT_STARTED = "not_started"
    UNDER_WAY = "under_way"
    IN_PLACE = "in_place"
    NOT_BUILT = "not_built"  # Commun does not record it yet


def state_of(done: bool, begun: bool) -> str:
    """In place when done, under way when begun, otherwise not started."""
    if done:
        return State.IN_PLACE
    return State.UNDER_WAY if begun else State.NOT_STARTED


@dataclass(frozen=True)
class Card:
    """A section's card on the home page: a badge that says something true about its state
    ("Endorsed by 18 of 25 partners"), the state it reflects, and lines each linking to its page."""

    badge: str
    state: str
    lines: list[CardLine]


class Phase:
    """FSG's phases of a collective impact initiative."""

    INITIATE = 1  # lancer l'action
    ORGANIZE = 2  # s'organiser pour l'impact
    SUSTAIN = 3  # soutenir l'action et l'impact


@dataclass(frozen=True)
class Step:
    """One step of the action frame ("passer à l'action"): what to do in a phase, whether the
    data says it is done, the figure that says so, and the page where it is done."""

    phase: int
    text: str
    state: str  # State.IN_PLACE (done), UNDER_WAY, NOT_STARTED or NOT_BUILT
    evidence: str
    url: str = ""

    @property
    def done(self) -> bool:
        return self.state == State.IN_PLACE


@dataclass(frozen=True)
class ToDo:
    """What waits for the person on the home page, linking to where it is done or seen."""

    text: str
    url: str
    details: tuple[str, ...] = ()
    due: date | None = None  # shown as "due on …", or "overdue since …" when `late`
    until: date | None = None  # shown as "open until …"
    late: bool = False
    note: str = ""  # beside the date


@dataclass(frozen=True)
class Tracked:
    """A kind of record whose changes the history page shows. `rows_of(initiative)` gives its
    history rows that belong to the initiative (default: those whose `initiative` is it);
    `label(row, named)` names a change where the record's own name or title does not, `named`
    naming what a foreign key of the row points at."""

    key: str
    model: type[models.Model]
    rows_of: Callable | None = None
    label: Callable | None = None


@dataclass(frozen=True)
class PublicBlock:
    """What a section shows on the initiative's public page: a template and its context."""

    template: str
    context: dict


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    summary: str
    url_name: str  # the section's page, e.g. "agenda:overview"
    coming: str = ""  # what the section will hold, said plainly while it is not built
    card: Callable[[Look], Card] | None = None
    steps: Callable[[Look], list[Step]] | None = None
    to_dos: Callable[[Look], list[ToDo]] | None = None
    tracked: tuple[Tracked, ...] = ()
    # (initiative, the page's query string) → its block; a query naming nothing raises Http404
    public: Callable[[Any, Any], PublicBlock | None] | None = None
    # Every page of the URL namespace belongs to the section (the menu marks it as current);
    # False when the app serves other pages too, and only `url_name` is the section's.
    owns_namespace: bool = True

    def holds(self, match) -> bool:
        """Whether the resolved page belongs to this section."""
        if self.owns_namespace and match.namespace == self.url_name.split(":")[0]:
            return True
        return match.view_name == self.url_name


@dataclass(frozen=True)
class Addition:
    """What an app adds to a section another app owns: more card lines and steps."""

    to: str  # the key of the section added to
    lines: Callable[[Look], list[CardLine]] | None = None
    steps: Callable[[Look], list[Step]] | None = None
