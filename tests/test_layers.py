"""The floors of the code: an app knows the apps below it, never those above; the framework asks
each app for its section and no app imports the framework or the demo."""

import ast
from pathlib import Path

import pytest

from commun.framework.registry import SECTION_MODULES

ROOT = Path(__file__).resolve().parent.parent / "commun"
# From the ground up. An app may import those on its floor or below.
FLOORS = [
    {"initiatives", "people"},
    {"agenda", "assessments"},
    {"measurement"},
    {"activities"},
    {"governance"},
    {"communication"},
    {"journal"},
]
ABOVE_EVERY_APP = {"framework", "demo"}


def floor_of(app: str) -> int | None:
    return next((n for n, apps in enumerate(FLOORS) if app in apps), None)


def commun_imports(path: Path) -> set[str]:
    """The `commun.<package>` names a module imports, at its top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name.split(".")[1] for name in names if name.startswith("commun.") and "." in name}


def app_modules():
    for floor in FLOORS:
        for app in floor:
            for path in sorted((ROOT / app).rglob("*.py")):
                if "migrations" not in path.parts:
                    yield app, path


@pytest.mark.parametrize(
    ("app", "path"), list(app_modules()), ids=lambda v: str(v).split("commun/")[-1]
)
def test_an_app_imports_only_apps_on_its_floor_or_below(app, path):
    imported = commun_imports(path)
    above = {
        other
        for other in imported
        if other in ABOVE_EVERY_APP or (floor_of(other) or 0) > floor_of(app)
    }
    assert not above, f"{path.relative_to(ROOT.parent)} imports {sorted(above)}, above {app}"


def test_every_app_with_a_section_is_listed_once_by_the_framework():
    handing_up = {path.parent.name for path in ROOT.glob("*/section.py")}
    listed = [name.split(".")[1] for name in SECTION_MODULES]
    assert sorted(listed) == sorted(handing_up)
    assert len(set(listed)) == len(listed)


def test_the_contract_and_the_shared_modules_import_no_app():
    for name in ("sections.py", "access.py", "forms.py", "views.py", "i18n.py"):
        apps = commun_imports(ROOT / name) - {"initiatives", "people", "formatting"}
        assert not apps & ({a for floor in FLOORS for a in floor} | ABOVE_EVERY_APP), name


def test_nothing_outside_the_demo_imports_it():
    importers = [
        str(path.relative_to(ROOT))
        for path in sorted(ROOT.rglob("*.py"))
        if path.relative_to(ROOT).parts[0] != "demo" and "demo" in commun_imports(path)
    ]
    assert importers == []
