"""`commun import FILE --initiative SLUG --user EMAIL [--dry-run]`: the import page's path from a
command, for scheduled synchronisations."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from commun.measurement.models import ImportJob
from commun.people.models import User
from tests.measurement.test_imports import BOM_SEMICOLON_FRENCH, lines, setting, written

__all__ = ["setting"]  # the fixture, shared with the import page's tests

pytestmark = pytest.mark.django_db


def run(path, setting, *options, email=None, language="en"):
    """(what it printed, what it printed as errors) of `commun import`."""
    sender = email or setting.editor.email
    User.objects.filter(email=sender).update(language=language)
    out, err = StringIO(), StringIO()
    try:
        call_command(
            "import",
            str(path),
            "--initiative",
            setting.initiative.slug,
            "--user",
            sender.upper(),  # e-mails as people type them
            *options,
            stdout=out,
            stderr=err,
        )
    finally:
        run.err = err.getvalue()
    return out.getvalue().strip(), err.getvalue().strip()


def test_a_file_is_imported_then_imported_again_unchanged(setting, tmp_path):
    path = tmp_path / "rapport.csv"
    path.write_bytes(BOM_SEMICOLON_FRENCH)
    out, _err = run(path, setting)
    assert out == "4 new, 0 changed, 0 unchanged"
    stored = written()
    assert len(stored) == 4
    assert {status for _v, _c, status in stored.values()} == {"submitted"}  # a partner's values
    out, _err = run(path, setting, language="fr")
    assert out == "0 nouvelles, 0 modifiées, 4 inchangées"
    assert written() == stored
    assert ImportJob.objects.filter(filename="rapport.csv", status="done").count() == 2


def test_a_dry_run_counts_and_writes_nothing(setting, tmp_path):
    path = tmp_path / "rapport.csv"
    path.write_bytes(BOM_SEMICOLON_FRENCH)
    jobs = ImportJob.objects.count()
    out, _err = run(path, setting, "--dry-run")
    assert out == "4 new, 0 changed, 0 unchanged (dry run: nothing written)"
    assert written() == {}
    assert ImportJob.objects.count() == jobs


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_refused_file_names_each_problem_with_its_line_and_writes_nothing(
    setting, tmp_path, dry_run
):
    path = tmp_path / "rapport.csv"
    path.write_bytes(
        lines(
            "indicateur;période;territoire;valeur",
            "imp-served;2025;t-a;12",
            "imp-served;2025;t-b;beaucoup",
            "imp-served;2025;nulle-part;3",
        ).encode("cp1252")
    )
    with pytest.raises(CommandError, match="2 problème"):
        run(path, setting, *(["--dry-run"] if dry_run else []), language="fr")
    assert run.err.splitlines() == [
        "ligne 3: « beaucoup » n'est pas un nombre.",
        "ligne 4: Territoire inconnu : « nulle-part ».",
    ]
    assert written() == {}


def test_only_someone_who_may_send_values_can_import(setting, tmp_path, people):
    path = tmp_path / "rapport.csv"
    path.write_bytes(BOM_SEMICOLON_FRENCH)
    with pytest.raises(CommandError, match="may not send values"):
        run(path, setting, email=people["observer"].email)
    # Nobody to read it in their language: the site's, French.
    with pytest.raises(CommandError, match="Personne n'a l'adresse courriel"):
        run(path, setting, email="personne@example.org")
    with pytest.raises(CommandError, match="cannot be read"):
        run(tmp_path / "absent.csv", setting)
    assert written() == {}


def test_backbone_staff_import_the_backbones_own_values_approved(setting, tmp_path, people):
    path = tmp_path / "rapport.csv"
    path.write_bytes(BOM_SEMICOLON_FRENCH)
    out, _err = run(path, setting, email=people["backbone_staff"].email)
    assert out == "4 new, 0 changed, 0 unchanged"
    assert {status for _v, _c, status in written().values()} == {"approved"}
