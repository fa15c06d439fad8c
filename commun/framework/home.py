"""The initiative's home, composed from what each section hands up: the person's to-dos, the
action frame ("passer à l'action": FSG's three phases, each step's state read from the data, and
the next steps) and one card per section.

Each section reads its data once per page (`Look.once`), so the cards and the frame cost a fixed
number of queries whatever the data's size; the to-dos add the person's own (their partner's
completeness, the latest agenda version, the rounds they are asked to, the shared actions due).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from commun.framework.registry import SECTIONS, additions_to
from commun.initiatives.models import Phase as InitiativePhase
from commun.sections import Card, Look, Phase, Section, State, Step, ToDo

# The sections' phase numbers and the initiative's own setting, named alike.
SETTING = {
    Phase.INITIATE: InitiativePhase.INITIATE,
    Phase.ORGANIZE: InitiativePhase.ORGANIZE,
    Phase.SUSTAIN: InitiativePhase.SUSTAIN,
}
PHASES = {number: setting.label for number, setting in SETTING.items()}
PHASE_AIMS = {
    Phase.INITIATE: _(
        "Bring champions and partners together, understand the issue and the data behind it, "
        "check that the ground is ready."
    ),
    Phase.ORGANIZE: _(
        "Agree on a common agenda, shared indicators and aligned activities; set up the backbone "
        "and the governance."
    ),
    Phase.SUSTAIN: _(
        "Carry out the plan, track and report progress, learn and adjust, keep everyone engaged."
    ),
}
DECLARED = {setting.value: number for number, setting in SETTING.items()}
NEXT_STEPS = 3  # how many steps the frame proposes to do next


@dataclass(frozen=True)
class ConditionCard:
    section: Section
    card: Card

    @property
    def lines(self):
        return self.card.lines


@dataclass(frozen=True)
class FramedStep:
    section: Section
    step: Step


@dataclass(frozen=True)
class PhaseColumn:
    phase: int
    title: str
    aim: str
    steps: list[FramedStep]

    @property
    def done(self) -> int:
        return sum(1 for framed in self.steps if framed.step.done)

    @property
    def counted(self) -> int:
        """The steps whose state Commun can read (those it does not record yet left out)."""
        return sum(1 for framed in self.steps if framed.step.state != State.NOT_BUILT)


@dataclass(frozen=True)
class ActionFrame:
    phases: list[PhaseColumn]
    next_steps: list[FramedStep]
    declared: int  # the phase the initiative's settings name

    @property
    def current(self) -> PhaseColumn | None:
        """The first phase with a step still to do: where the data says the initiative stands."""
        return next((column for column in self.phases if column.done < column.counted), None)

    @property
    def settings_differ(self) -> bool:
        return self.current is not None and self.current.phase != self.declared


def condition_cards(look: Look) -> list[ConditionCard]:
    """One card per section, with the lines other apps add to it."""
    cards = []
    for section in SECTIONS:
        card = section.card(look)
        more = [
            line
            for addition in additions_to(section.key)
            if addition.lines is not None
            for line in addition.lines(look)
        ]
        if more:
            card = Card(card.badge, card.state, [*card.lines, *more])
        cards.append(ConditionCard(section, card))
    return cards


def action_frame(look: Look) -> ActionFrame:
    """Every section's steps arranged by phase, and the first steps not done, earliest phase
    first, as the next steps."""
    framed = []
    for section in SECTIONS:
        if section.steps is not None:
            framed += [FramedStep(section, step) for step in section.steps(look)]
        for addition in additions_to(section.key):
            if addition.steps is not None:
                framed += [FramedStep(section, step) for step in addition.steps(look)]
    phases = [
        PhaseColumn(
            phase, PHASES[phase], PHASE_AIMS[phase], [f for f in framed if f.step.phase == phase]
        )
        for phase in PHASES
    ]
    waiting = [
        f
        for column in phases
        for f in column.steps
        if not f.step.done and f.step.state != State.NOT_BUILT
    ]
    # Steps under way come before those not started, within the earliest phase first.
    waiting.sort(key=lambda f: (f.step.phase, f.step.state != State.UNDER_WAY))
    declared = DECLARED.get(look.initiative.phase, Phase.INITIATE)
    return ActionFrame(phases, waiting[:NEXT_STEPS], declared)


def to_dos(look: Look) -> list[ToDo]:
    """The person's to-dos here, the late ones first. A partner's people see their
    organization's values and endorsement; everyone sees the rounds they are asked to answer and
    the shared actions they own, or their organization takes part in, that are due."""
    items = [item for section in SECTIONS if section.to_dos for item in section.to_dos(look)]
    return sorted(items, key=lambda item: not item.late)
