"""The territory tree from a file: one row per territory (code, names in French and English, the
parent's code, other names separated by `|`), read as value files are (`reading.read_table`: any
encoding, delimiter, title lines, .xlsx) and their headers recognised the same way
(`columns.header_row`), in French or English.

A row whose code is new adds a territory; one whose code exists updates it. Rows may come in any
order: parents are written before their parts. Every row is checked first against the tree the
file would make (unknown parent, a territory inside itself, a code twice, no French name, an
other name already naming another territory); if any row is refused nothing is written. An
empty cell keeps what is stored, except the parent's: where the file has a parent column, an
empty parent makes a top-level territory. Other names are added, never removed. Blank and "#"
lines, a title alone on its line and a totals row ("Total", "Ensemble") are skipped. The same
file imported twice changes nothing the second time.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commun.measurement.checks import Problem, problem_at
from commun.measurement.columns import header_row
from commun.measurement.models import Territory, TerritoryAlias
from commun.measurement.names import TOTALS, simplify, spellings
from commun.measurement.reading import UnreadableFile, read_table
from commun.measurement.structure import alias_taken, figures_follow_move

ALIAS_SEPARATOR = "|"
COLUMNS = {
    "code": {"code", "territory code", "code territoire", "code du territoire", "identifiant"},
    "name_fr": {
        "name fr",
        "nom fr",
        "nom",
        "name",
        "name (french)",
        "nom (francais)",
        "french name",
        "nom francais",
        "nom en francais",
        "libelle",
        "territoire",
        "territory",
        "nom du territoire",
    },
    "name_en": {
        "name en",
        "nom en",
        "name (english)",
        "nom (anglais)",
        "english name",
        "nom anglais",
        "nom en anglais",
    },
    "parent": {
        "parent",
        "parent code",
        "code parent",
        "code du parent",
        "parent territory",
        "territoire parent",
        "part of",
        "fait partie de",
    },
    "aliases": {
        "alias",
        "aliases",
        "other names",
        "other name",
        "autres noms",
        "autre nom",
        "variantes",
    },
}
NO_HEADER = gettext_lazy(
    "No header row was found: the file needs columns named code and name_fr (or code and nom), "
    "and may have name_en, parent and aliases."
)


@dataclass
class Row:
    line: int
    code: str
    name_fr: str
    name_en: str | None  # None: the file says nothing (no column, or an empty cell)
    parent: str | None  # a code, "" for the top level, None: the file has no parent column
    aliases: list[str]


@dataclass
class TerritoryPlan:
    """What a file would do to the tree: codes added, changed and left as they are; or why not."""

    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(self.created or self.changed)


def read_rows(name: str, data: bytes) -> tuple[list[Row], list[Problem]]:
    """The file's territory rows, and what makes a row unreadable on its own."""
    try:
        table = read_table(name, data)
    except UnreadableFile as error:
        return [], [Problem(_("file"), str(error))]
    found = header_row(table, COLUMNS, {"code", "name_fr"})
    if found is None:
        return [], [Problem(_("header"), str(NO_HEADER))]
    header, columns = found
    rows, problems = [], []
    for line, cells in enumerate(table.rows[header + 1 :], start=header + 2):

        def cell(name, cells=cells):
            column = columns.get(name)
            return cells[column].strip() if column is not None and column < len(cells) else ""

        if _skipped(cells, cell("code"), cell("name_fr")):
            continue

        row = Row(
            line,
            cell("code"),
            " ".join(cell("name_fr").split()),
            " ".join(cell("name_en").split()) or None,
            cell("parent") if "parent" in columns else None,
            [" ".join(a.split()) for a in cell("aliases").split(ALIAS_SEPARATOR) if a.strip()],
        )
        message = _row_problem(row)
        if message:
            problems.append(problem_at("", line, message))
        else:
            rows.append(row)
    return rows, problems


def _skipped(cells: list[str], code: str, name: str) -> bool:
    """Blank and note lines, a title alone on its line (not in the code column), a totals row."""
    filled = [text for text in cells if text]
    if not filled or filled[0].startswith("#"):
        return True
    if simplify(code) in TOTALS or simplify(name) in TOTALS:
        return True
    return len(filled) == 1 and not code


def _row_problem(row: Row) -> str | None:
    if not row.code:
        return _("This row has no code.")
    try:
        validate_slug(row.code)
    except ValidationError:
        return _(
            "“%(code)s” cannot be a code: use letters, digits, hyphens and underscores only."
        ) % {"code": row.code}
    texts = (row.name_fr, row.name_en or "", *row.aliases)
    too_long = [text for text in texts if len(text) > 150]
    if len(row.code) > 40 or too_long:
        return _("This row's code (40 characters at most) or a name (150) is too long.")
    if not row.name_fr:
        return _("“%(code)s” has no French name.") % {"code": row.code}
    return None


def plan_territories(initiative, name: str, data: bytes) -> TerritoryPlan:
    """Read and check the file against the initiative's tree; nothing is written."""
    plan = TerritoryPlan()
    rows, plan.problems = read_rows(name, data)
    existing = {t.code: t for t in Territory.objects.filter(initiative=initiative)}
    by_id = {t.pk: t for t in existing.values()}
    aliases = {}  # territory code → {alias key}
    for alias in TerritoryAlias.objects.filter(initiative=initiative):
        aliases.setdefault(by_id[alias.territory_id].code, set()).add(alias.key)
    seen = {}
    for row in rows:
        if row.code in seen:
            plan.problems.append(
                problem_at(
                    "",
                    row.line,
                    _("The code “%(code)s” is already on line %(line)d.")
                    % {"code": row.code, "line": seen[row.code]},
                )
            )
        else:
            seen[row.code] = row.line
    rows = [row for row in rows if seen[row.code] == row.line]
    # The tree as the file would leave it: code → parent code ("" at the top).
    parents = {code: by_id[t.parent_id].code if t.parent_id else "" for code, t in existing.items()}
    for row in rows:
        if row.parent is not None:
            parents[row.code] = row.parent
        else:
            parents.setdefault(row.code, "")
    refused = set()
    for row in rows:
        parent = parents[row.code]
        if parent and parent not in parents:
            message = _("The parent “%(parent)s” is neither in the file nor a territory.") % {
                "parent": parent
            }
        elif _inside_itself(row.code, parents):
            message = _("“%(code)s” would be inside itself: check the parents of %(codes)s.") % {
                "code": row.code,
                "codes": ", ".join(_cycle(row.code, parents)),
            }
        else:
            continue
        refused.add(row.code)
        plan.problems.append(problem_at("", row.line, message))
    _check_aliases(rows, existing, aliases, plan)
    if plan.problems:
        plan.problems.sort(key=lambda problem: problem.line)
        return plan
    depth = {row.code: len(_cycle(row.code, parents)) for row in rows}
    plan.rows = sorted(rows, key=lambda row: (depth[row.code], row.line))
    for row in plan.rows:
        territory = existing.get(row.code)
        if territory is None:
            plan.created.append(row.code)
        elif _differs(territory, row, parents, by_id, aliases.get(row.code, set())):
            plan.changed.append(row.code)
        else:
            plan.unchanged.append(row.code)
    return plan


def _inside_itself(code: str, parents: dict) -> bool:
    return code in _cycle(code, parents)


def _cycle(code: str, parents: dict) -> list[str]:
    """The codes met going up from `code` until the top, or back to a code already met."""
    met, current = [], parents.get(code, "")
    while current and current not in met and current in parents:
        met.append(current)
        current = parents[current]
    return met


def _check_aliases(rows: list[Row], existing: dict, aliases: dict, plan: TerritoryPlan) -> None:
    """Other names that, simplified, already name another territory as the file leaves them."""
    names = {}  # simplified code, name or other name → codes it names
    listed = {row.code: row for row in rows}
    for code, territory in existing.items():
        row = listed.get(code)
        name_fr = row.name_fr if row else territory.name_fr
        name_en = row.name_en if row and row.name_en is not None else territory.name_en
        for key in spellings(code, name_fr, name_en) | aliases.get(code, set()):
            names.setdefault(key, set()).add(code)
    for row in rows:
        if row.code not in existing:
            for key in spellings(row.code, row.name_fr, row.name_en):
                names.setdefault(key, set()).add(row.code)
    for row in rows:
        for alias in row.aliases:
            names.setdefault(simplify(alias), set()).add(row.code)
    names.pop("", None)  # an other name of dashes or signs alone names nothing: not stored
    for row in rows:
        for alias in row.aliases:
            others = sorted(names.get(simplify(alias), set()) - {row.code})
            if others:
                plan.problems.append(problem_at("", row.line, alias_taken(alias, others[0])))


def _new_aliases(row: Row, known: set[str], own: set[str]) -> list[str]:
    """The row's other names not yet stored, nor the territory's own code or names."""
    new, keys = [], set(known) | own
    for alias in row.aliases:
        key = simplify(alias)
        if key and key not in keys:
            new.append(alias)
            keys.add(key)
    return new


def _differs(territory, row: Row, parents: dict, by_id: dict, known: set[str]) -> bool:
    current_parent = by_id[territory.parent_id].code if territory.parent_id else ""
    name_en = territory.name_en if row.name_en is None else row.name_en
    own = spellings(row.code, row.name_fr, name_en)
    return (
        (territory.name_fr, territory.name_en, current_parent)
        != (row.name_fr, name_en, parents[row.code])
    ) or bool(_new_aliases(row, known, own))


def apply_territories(initiative, plan: TerritoryPlan) -> None:
    """Write a plan without problems: parents first; figures of moved territories follow."""
    assert not plan.problems
    touched = set(plan.created) | set(plan.changed)
    with transaction.atomic():
        territories = {t.code: t for t in Territory.objects.filter(initiative=initiative)}
        known = {}
        for alias in TerritoryAlias.objects.filter(initiative=initiative):
            known.setdefault(alias.territory_id, set()).add(alias.key)
        moved = []
        for row in plan.rows:
            if row.code not in touched:
                continue
            territory = territories.get(row.code) or Territory(initiative=initiative, code=row.code)
            before = (territory.name_fr, territory.name_en, territory.parent_id)
            if row.parent is not None:
                territory.parent = territories[row.parent] if row.parent else None
            territory.name_fr = row.name_fr
            if row.name_en is not None:
                territory.name_en = row.name_en
            if territory.pk is None:
                territory.save()
            elif before != (territory.name_fr, territory.name_en, territory.parent_id):
                territory.save()
                if territory.parent_id != before[2]:
                    moved.append(territory.pk)
                    _follow_paths(territories)  # its parts moved with it, in the database
            territories[row.code] = territory
            own = spellings(territory.code, territory.name_fr, territory.name_en)
            for alias in _new_aliases(row, known.get(territory.pk, set()), own):
                TerritoryAlias.objects.create(territory=territory, name=alias)
        if moved:
            figures_follow_move(Territory.objects.filter(pk__in=moved))


def _follow_paths(territories: dict) -> None:
    """Read the paths and depths of the territories again, after a move changed them."""
    stored = dict(
        Territory.objects.filter(pk__in=[t.pk for t in territories.values()]).values_list(
            "pk", "path"
        )
    )
    for territory in territories.values():
        if territory.pk in stored:
            territory.path = stored[territory.pk]
            territory.depth = territory.path.count("/") - 2
