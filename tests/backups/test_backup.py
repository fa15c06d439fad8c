"""Backup and restore: a restored site is the one backed up, table by table and file by file.

These tests commit data (a backup reads what other connections would see), so they run in
transactional tests, which empty the database after them; the `demo` fixture reloads the demo.
"""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.utils import translation

from commun.backups import databases
from commun.backups.archive import BackupError
from commun.backups.backup import back_up, restore
from commun.initiatives.models import Initiative
from commun.measurement.models import Observation
from commun.people.models import User
from tests.helpers import MAIN

LOGO = b"\x89PNG\r\n\x1a\n a logo uploaded by the backbone " + bytes(range(256))


def database_content() -> dict[str, list[tuple]]:
    """Every row of every table of the database, in a stable order."""
    content = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = [
                tuple(bytes(value) if isinstance(value, memoryview) else value for value in row)
                for row in cursor.fetchall()
            ]
            content[table] = sorted(rows, key=repr)
    return content


def media_content(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(autouse=True)
def in_english():
    """Messages are matched in English; the French one is checked through the commands."""
    with translation.override("en"):
        yield


@pytest.fixture
def site(demo, settings, tmp_path):
    """The demo, committed, with a logo uploaded into a media folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    initiative = Initiative.objects.get(slug=MAIN)
    initiative.logo.save("saint-roch.png", ContentFile(LOGO), save=True)
    return settings.MEDIA_ROOT


def change_everything(media_root: Path) -> None:
    """What happens to a site after its backup: data changed and deleted, files replaced."""
    Observation.objects.filter(pk__in=Observation.objects.order_by("pk").values("pk")[:5]).delete()
    User.objects.filter(email__startswith="membre").update(full_name="Changé")
    Initiative.objects.exclude(slug=MAIN).delete()
    for path in media_root.rglob("*.png"):
        path.write_bytes(b"overwritten")
    (media_root / "logos" / "uploaded-after.png").write_bytes(b"new")


@pytest.mark.django_db(transaction=True)
def test_a_restored_site_is_the_site_backed_up(site, tmp_path):
    before = database_content()
    files_before = media_content(site)
    assert files_before == {"logos/saint-roch.png": LOGO}
    backup = tmp_path / "commun.tar.gz"

    summary = back_up(backup)
    change_everything(site)
    assert database_content() != before
    restored = restore(backup, replace=True)

    after = database_content()
    assert {table: len(rows) for table, rows in after.items()} == {
        table: len(rows) for table, rows in before.items()
    }
    for table in before:
        assert after[table] == before[table], table
    assert media_content(site) == files_before
    assert restored.summary.tables == summary.tables
    assert summary.tables["measurement_observation"] == Observation.objects.count() > 0
    assert summary.files == 1


@pytest.mark.django_db(transaction=True)
def test_a_site_restored_into_an_empty_database_needs_no_flag(site, tmp_path):
    backup = tmp_path / "commun.tar.gz"
    back_up(backup)
    before = database_content()
    call_command("flush", interactive=False, verbosity=0)
    for path in site.rglob("*"):
        if path.is_file():
            path.unlink()

    restore(backup)

    assert database_content() == before
    assert media_content(site) == {"logos/saint-roch.png": LOGO}


@pytest.mark.django_db(transaction=True)
def test_a_site_holding_data_is_not_replaced_without_the_flag(site, tmp_path):
    backup = tmp_path / "commun.tar.gz"
    back_up(backup)
    change_everything(site)
    before, files_before = database_content(), media_content(site)

    with pytest.raises(BackupError, match="--replace"):
        restore(backup)

    assert database_content() == before
    assert media_content(site) == files_before


def _truncated(backup: Path, tmp_path: Path) -> Path:
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(backup.read_bytes()[: backup.stat().st_size * 2 // 3])
    return cut


def _with_changed_member(backup: Path, tmp_path: Path, name: str, change) -> Path:
    """The backup rewritten with one member's bytes changed (the checksums left as they were)."""
    changed = tmp_path / "changed.tar.gz"
    with tarfile.open(backup, "r:gz") as source, tarfile.open(changed, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == name:
                data = change(data)
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return changed


def _from_other_vendor(manifest: bytes) -> bytes:
    content = json.loads(manifest)
    content["vendor"] = "postgresql" if content["vendor"] == "sqlite" else "sqlite"
    return json.dumps(content).encode()


def _database_outside_the_backup(manifest: bytes) -> bytes:
    content = json.loads(manifest)
    content["database"] = "/etc/passwd"
    return json.dumps(content).encode()


def _not_a_tar(backup: Path, tmp_path: Path) -> Path:
    other = tmp_path / "notes.tar.gz"
    other.write_bytes(b"These are notes, not a backup.\n" * 100)
    return other


def _another_archive(backup: Path, tmp_path: Path) -> Path:
    other = tmp_path / "photos.tar.gz"
    with tarfile.open(other, "w:gz") as tar:
        info = tarfile.TarInfo("photo.jpg")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"jpg"))
    return other


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (_not_a_tar, "is not a Commun backup"),
        (_another_archive, "is not a Commun backup"),
        (_truncated, "is damaged or incomplete"),
        (
            lambda backup, tmp_path: _with_changed_member(
                backup, tmp_path, "media/logos/saint-roch.png", lambda data: data[:-1] + b"!"
            ),
            "is damaged or incomplete",
        ),
        (
            lambda backup, tmp_path: _with_changed_member(
                backup, tmp_path, "manifest.json", _from_other_vendor
            ),
            "comes from a",
        ),
        (
            lambda backup, tmp_path: _with_changed_member(
                backup, tmp_path, "manifest.json", _database_outside_the_backup
            ),
            "manifest is not a Commun backup's",
        ),
    ],
    ids=[
        "not-an-archive",
        "another-archive",
        "truncated",
        "a-file-altered",
        "other-vendor",
        "database-elsewhere",
    ],
)
@pytest.mark.django_db(transaction=True)
def test_a_file_that_is_not_a_whole_backup_of_this_kind_is_refused_and_changes_nothing(
    site, tmp_path, make_file, message
):
    backup = tmp_path / "commun.tar.gz"
    back_up(backup)
    bad = make_file(backup, tmp_path)
    change_everything(site)
    before, files_before = database_content(), media_content(site)

    with pytest.raises(BackupError, match=message):
        restore(bad, replace=True)

    assert database_content() == before
    assert media_content(site) == files_before


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_written_whole_or_not_at_all(site, tmp_path, monkeypatch):
    backup = tmp_path / "commun.tar.gz"
    backup.write_bytes(b"yesterday's backup")

    def disk_full(writer, manifest):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("commun.backups.archive.finish", disk_full)
    with pytest.raises(OSError):
        back_up(backup)

    assert backup.read_bytes() == b"yesterday's backup"
    assert [path.name for path in tmp_path.iterdir() if path.is_file()] == ["commun.tar.gz"]


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_not_written_among_the_files_it_backs_up(site):
    with pytest.raises(BackupError, match="outside the folder of uploaded files"):
        back_up(site / "commun.tar.gz")
    assert not (site / "commun.tar.gz").exists()


@pytest.mark.django_db(transaction=True)
def test_the_commands_tell_the_operator_what_was_saved_and_restored_in_french(site, tmp_path):
    backup = tmp_path / "commun.tar.gz"
    out = io.StringIO()
    with translation.override("fr"):
        call_command("backup", str(backup), stdout=out)
        tables = len(connection.introspection.table_names())
        assert f"dans {tables} tables" in out.getvalue()
        assert "fichiers téléversés : 1" in out.getvalue()

        with pytest.raises(CommandError, match="--replace"):
            call_command("restore", str(backup), stdout=out)
        call_command("restore", str(backup), "--replace", stdout=out)
    assert "Restauré depuis" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_what_is_written_while_postgresql_is_dumped_is_in_neither_the_counts_nor_the_dump(
    site, tmp_path, monkeypatch
):
    """The manifest's counts and the dump read one snapshot, taken before the late write."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's backup API copies in one step: nothing can be written meanwhile")
    before = database_content()
    count_rows = databases.count_rows

    def count_after_a_late_write(*args):
        other = connections.create_connection("default")
        with other.cursor() as cursor:
            cursor.execute(
                "INSERT INTO django_content_type (app_label, model) VALUES ('late', 'write')"
            )
        other.close()
        return count_rows(*args)

    monkeypatch.setattr(databases, "count_rows", count_after_a_late_write)
    backup = tmp_path / "commun.tar.gz"
    summary = back_up(backup)
    monkeypatch.setattr(databases, "count_rows", count_rows)
    assert summary.tables["django_content_type"] == len(before["django_content_type"])

    restore(backup, replace=True)

    assert database_content() == before


def test_the_postgresql_password_is_passed_in_the_environment():
    environment = databases.libpq_environment(
        {
            "NAME": "commun",
            "USER": "commun",
            "PASSWORD": "s3cret",
            "HOST": "db.example.org",
            "PORT": 5433,
            "OPTIONS": {"sslmode": "require"},
        }
    )
    assert environment["PGPASSWORD"] == "s3cret"
    assert (environment["PGDATABASE"], environment["PGHOST"], environment["PGPORT"]) == (
        "commun",
        "db.example.org",
        "5433",
    )
    assert environment["PGSSLMODE"] == "require"
