"""Role clarification: the RACI matrix of an initiative read as rows and columns, the rules an
area's roles follow (exactly one accountable; someone responsible), and saving an area's roles
so that a form sent unchanged changes nothing.

A holder is named by a key: "body:<pk>", "partner:<pk>" or "person:<pk>".
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from commun.activities.models import SharedAction
from commun.agenda.models import Strategy
from commun.formatting.sorting import dictionary_key, dictionary_order
from commun.governance.models import Letter, RoleArea, RoleHolder
from commun.initiatives.models import GovernanceBody, Membership, Partner

KINDS = ("body", "partner", "person")


class RolesRefused(Exception):
    """The roles given break a rule; the message says which."""


@dataclass(frozen=True)
class Holder:
    key: str  # "body:3"
    kind: str  # one of KINDS
    obj: object

    @property
    def name(self) -> str:
        return str(self.obj)

    @property
    def short_name(self) -> str:
        """A column's heading: a partner's acronym when it has one."""
        return getattr(self.obj, "acronym", "") or self.name


@dataclass
class Line:
    """One area of the matrix: its letters by holder key, and what is missing."""

    area: RoleArea
    letters: dict[str, str]
    problems: list[str] = field(default_factory=list)
    cells: list[tuple[Holder, str]] = field(default_factory=list)  # the letter of each column


@dataclass
class Matrix:
    holders: list[Holder]  # the columns: every holder with a role somewhere
    strategies: list[Line]
    actions: list[Line]
    decisions: list[Line]
    # Strategies and open shared actions whose roles are not clarified yet.
    unclarified_strategies: list[Strategy]
    unclarified_actions: list[SharedAction]

    @property
    def lines(self) -> list[Line]:
        return self.strategies + self.actions + self.decisions

    @property
    def groups(self) -> list[tuple[str, list[Line]]]:
        return [
            (_("Strategies"), self.strategies),
            (_("Shared actions"), self.actions),
            (_("Decision areas"), self.decisions),
        ]

    @property
    def with_problems(self) -> int:
        return sum(bool(line.problems) for line in self.lines)


def holder_key(holder: RoleHolder) -> str:
    if holder.body_id:
        return f"body:{holder.body_id}"
    if holder.partner_id:
        return f"partner:{holder.partner_id}"
    return f"person:{holder.person_id}"


def problems_of(letters) -> list[str]:
    """What an area's roles lack: exactly one accountable, at least one responsible."""
    letters = list(letters)
    problems = []
    accountable = letters.count(Letter.ACCOUNTABLE)
    if accountable == 0:
        problems.append(_("Nobody is accountable"))
    elif accountable > 1:
        problems.append(_("More than one is accountable"))
    if Letter.RESPONSIBLE not in letters:
        problems.append(_("Nobody is responsible"))
    return problems


def candidate_holders(initiative) -> list[Holder]:
    """Who may hold a role, in the reader's dictionary order within each kind: the governance
    bodies, the active partners, the people of the initiative."""
    bodies = GovernanceBody.objects.filter(initiative=initiative)
    partners = (
        Partner.objects.filter(initiative=initiative).active().order_by(dictionary_order("name"))
    )
    people = sorted(
        {m.user for m in Membership.objects.filter(initiative=initiative).select_related("user")},
        key=lambda person: dictionary_key(str(person)),
    )
    return [
        *(Holder(f"body:{body.pk}", "body", body) for body in bodies),
        *(Holder(f"partner:{partner.pk}", "partner", partner) for partner in partners),
        *(Holder(f"person:{person.pk}", "person", person) for person in people),
    ]


def role_matrix(initiative) -> Matrix:
    """The initiative's RACI matrix: strategies in the agenda's order, open shared actions by due
    date, then decision areas; its columns are the holders named in it, bodies first."""
    areas = list(
        RoleArea.objects.filter(initiative=initiative)
        .select_related("strategy", "shared_action")
        .prefetch_related("holders__body", "holders__partner", "holders__person")
    )
    holders, lines = {}, {}
    for area in areas:
        letters = {}
        for holder in area.holders.all():
            key = holder_key(holder)
            letters[key] = holder.letter
            holders.setdefault(key, Holder(key, key.split(":")[0], holder.holder))
        lines[area.pk] = Line(area, letters, problems_of(letters.values()))
    strategies = list(Strategy.objects.filter(initiative=initiative))
    actions = list(SharedAction.objects.filter(initiative=initiative, status__in=SharedAction.OPEN))
    by_strategy = {a.strategy_id: lines[a.pk] for a in areas if a.strategy_id}
    by_action = {a.shared_action_id: lines[a.pk] for a in areas if a.shared_action_id}
    # A closed action keeps its roles in the matrix (who was responsible stays known).
    open_ids = {action.pk for action in actions}
    closed = [
        lines[a.pk] for a in areas if a.shared_action_id and a.shared_action_id not in open_ids
    ]
    columns = sorted(holders.values(), key=lambda h: (KINDS.index(h.kind), dictionary_key(h.name)))
    for line in lines.values():
        line.cells = [(holder, line.letters.get(holder.key, "")) for holder in columns]
    return Matrix(
        holders=columns,
        strategies=[by_strategy[s.pk] for s in strategies if s.pk in by_strategy],
        actions=[by_action[a.pk] for a in actions if a.pk in by_action] + closed,
        decisions=[lines[a.pk] for a in areas if not (a.strategy_id or a.shared_action_id)],
        unclarified_strategies=[s for s in strategies if s.pk not in by_strategy],
        unclarified_actions=[a for a in actions if a.pk not in by_action],
    )


def roles_of(area: RoleArea | None) -> dict[str, str]:
    """{holder key: letter} of an area (none for an area not saved yet)."""
    if area is None or area.pk is None:
        return {}
    return {holder_key(holder): holder.letter for holder in area.holders.all()}


def check_roles(chosen: dict[str, str], names: dict[str, str]) -> None:
    """RolesRefused unless exactly one holder is accountable; `names` names the holders."""
    accountable = [key for key, letter in chosen.items() if letter == Letter.ACCOUNTABLE]
    if not accountable:
        raise RolesRefused(_("Say who is accountable: exactly one body, partner or person."))
    if len(accountable) > 1:
        raise RolesRefused(
            _("Only one may be accountable; you chose %(names)s.")
            % {"names": ", ".join(names.get(key, key) for key in accountable)}
        )


def save_roles(area: RoleArea, chosen: dict[str, str]) -> bool:
    """The area's roles made those chosen ({holder key: letter}); holders left out lose their
    role. Only what differs is written (a form sent unchanged writes nothing). Whether anything
    changed."""
    chosen = {key: letter for key, letter in chosen.items() if letter}
    with transaction.atomic():
        if area.pk is None:
            area.save()
        current = {holder_key(h): h for h in area.holders.all()}
        gone = [h for key, h in current.items() if key not in chosen]
        moved = [
            (h, chosen[key])
            for key, h in current.items()
            if key in chosen and chosen[key] != h.letter
        ]
        added = [(key, letter) for key, letter in chosen.items() if key not in current]
        # Who stops being accountable does so before another becomes it (one per area).
        for holder in gone:
            holder.delete()
        for holder, letter in sorted(moved, key=lambda pair: pair[1] == Letter.ACCOUNTABLE):
            holder.letter = letter
            holder.save(update_fields=["letter"])
        for key, letter in added:
            kind, pk = key.split(":")
            RoleHolder.objects.create(area=area, letter=letter, **{f"{kind}_id": int(pk)})
    return bool(gone or moved or added)


def owner_from_roles(area: RoleArea) -> str | None:
    """A shared action's owner follows its roles: when exactly one body or person is responsible
    and the action is owned by another, that one becomes its owner. The message saying so, or
    None."""
    action = area.shared_action
    if action is None:
        return None
    responsible = [
        h for h in area.holders.all() if h.letter == Letter.RESPONSIBLE and not h.partner_id
    ]
    if len(responsible) != 1:
        return None
    holder = responsible[0]
    owner = (holder.body_id, None) if holder.body_id else (None, holder.person_id)
    if (action.owner_body_id, action.owner_person_id) == owner:
        return None
    action.owner_body_id, action.owner_person_id = owner
    action.save(update_fields=["owner_body", "owner_person", "updated_at"])
    return _("The action's owner is now %(owner)s, responsible for it.") % {"owner": holder.holder}


@dataclass(frozen=True)
class Clarity:
    """How far the initiative's roles are clarified, for its home page (two queries)."""

    strategies: int  # the agenda's strategies
    strategies_clarified: int  # those with roles
    areas: int  # every area with roles
    lacking: int  # areas with no single accountable or nobody responsible


def clarity(initiative) -> Clarity:
    letters_by_area, strategy_areas = {}, set()
    rows = RoleArea.objects.filter(initiative=initiative).values_list(
        "pk", "strategy_id", "holders__letter"
    )
    for pk, strategy_id, letter in rows:
        letters_by_area.setdefault(pk, [])
        if letter:
            letters_by_area[pk].append(letter)
        if strategy_id:
            strategy_areas.add(pk)
    return Clarity(
        strategies=Strategy.objects.filter(initiative=initiative).count(),
        strategies_clarified=len(strategy_areas),
        areas=len(letters_by_area),
        lacking=sum(bool(problems_of(letters)) for letters in letters_by_area.values()),
    )
