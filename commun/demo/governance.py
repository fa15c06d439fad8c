"""The demo's role clarification (data/governance.toml): who does what for four of the five
strategies, one shared action and three decision areas, one of them lacking its accountable."""

from commun.activities.models import SharedAction
from commun.agenda.models import Strategy
from commun.demo.cast import Cast, data
from commun.governance.models import Letter, RoleArea
from commun.governance.roles import save_roles
from commun.initiatives.models import Initiative


def loaded(initiative: Initiative) -> bool:
    return RoleArea.objects.filter(initiative=initiative).exists()


def load(cast: Cast) -> None:
    initiative = cast.initiative
    strategies = list(Strategy.objects.filter(initiative=initiative))
    for row in data("governance")["areas"]:
        if "strategy" in row:
            if row["strategy"] >= len(strategies):
                continue
            area = RoleArea(initiative=initiative, strategy=strategies[row["strategy"]])
        elif "action" in row:
            action = SharedAction.objects.filter(
                initiative=initiative, title_fr=row["action"]
            ).first()
            if action is None:
                continue
            area = RoleArea(initiative=initiative, shared_action=action)
        else:
            area = RoleArea(initiative=initiative, area_fr=row["area_fr"], area_en=row["area_en"])
        save_roles(area, _letters(cast, row))


def _letters(cast: Cast, row: dict) -> dict[str, str]:
    """{holder key: letter} of one area's row."""
    found = {"bodies": cast.body, "partners": cast.partner, "people": cast.person}
    kinds = {"bodies": "body", "partners": "partner", "people": "person"}
    letters = {}
    for letter in Letter.values:
        for group, keys in row.get(letter, {}).items():
            for key in keys:
                holder = found[group](key)
                if holder is not None:
                    letters[f"{kinds[group]}:{holder.pk}"] = letter
    return letters
