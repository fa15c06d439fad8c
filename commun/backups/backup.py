"""`back_up` and `restore`: the database and the uploaded files, in one file and back."""

import importlib.metadata
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from commun.backups import archive, databases
from commun.backups.archive import BackupError

VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
DUMP_NAMES = {"database.sqlite3", "database.pgdump"}


@dataclass(frozen=True)
class Summary:
    """What a backup holds, as its manifest says."""

    vendor: str
    commun_version: str
    created_at: str
    tables: dict[str, int]
    files: int

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    @classmethod
    def from_manifest(cls, manifest: dict) -> "Summary":
        return cls(
            vendor=manifest["vendor"],
            commun_version=manifest["commun_version"],
            created_at=manifest["created_at"],
            tables=manifest["tables"],
            files=len(manifest["media"]),
        )


def commun_version() -> str:
    try:
        return importlib.metadata.version("commun")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def media_files(root: Path) -> list[Path]:
    """The uploaded files under `root`, in a stable order."""
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def back_up(target: Path) -> Summary:
    """Write the database and the uploaded files into `target`, consistent while the site runs."""
    target = Path(target).resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if target.is_relative_to(media_root):
        raise BackupError(
            _("Write the backup outside the folder of uploaded files (%(media)s).")
            % {"media": media_root}
        )
    with tempfile.TemporaryDirectory(prefix="commun-backup-") as work:
        dump = Path(work) / databases.dump_name()
        created_at = timezone.now()  # the moment the copy shows, not the one it ends
        tables = databases.dump_database(dump)
        applied = sorted(MigrationRecorder(connection).applied_migrations())
        with archive.written_atomically(target) as writer:
            writer.add_file(dump.name, dump)
            names = []
            for path in media_files(media_root):
                name = f"{archive.MEDIA}/{path.relative_to(media_root).as_posix()}"
                writer.add_file(name, path)
                names.append(name)
            manifest = {
                "format": 1,
                "commun_version": commun_version(),
                "vendor": connection.vendor,
                "created_at": created_at.isoformat(timespec="seconds"),
                "database": dump.name,
                "migrations": [list(key) for key in applied],
                "tables": tables,
                "media": names,
            }
            archive.finish(writer, manifest)
    return Summary.from_manifest(manifest)


@dataclass(frozen=True)
class Restored:
    summary: Summary
    migrations_to_apply: bool


def restore(source: Path, replace: bool = False) -> Restored:
    """Replace the database and the uploaded files with those of the backup `source`.

    Refuses, changing nothing, a file that is not a whole Commun backup, a backup of the other
    database vendor or of a newer Commun, and a database holding data unless `replace`.
    """
    source = Path(source).resolve()
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Unpacked beside the uploaded files, so putting them in place is a rename.
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".commun-restore-") as work:
        work = Path(work)
        manifest = archive.unpack(source, work)
        summary = _check_restorable(manifest, replace, media_root)
        databases.restore_database(work / manifest["database"])
        _put_media_in_place(work / archive.MEDIA, media_root, work / "replaced-media")
        _check_restored(summary)
    for cache in caches.all():
        cache.clear()
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied = {tuple(key) for key in manifest["migrations"]}
    return Restored(summary=summary, migrations_to_apply=bool(known - applied))


def _check_restorable(manifest: dict, replace: bool, media_root: Path) -> Summary:
    try:
        summary = Summary.from_manifest(manifest)
        applied = {tuple(key) for key in manifest["migrations"]}
        if (
            manifest["database"] not in DUMP_NAMES
            or manifest["database"] not in manifest["checksums"]
        ):
            raise KeyError(manifest["database"])
    except (KeyError, TypeError) as error:
        raise BackupError(_("This file's manifest is not a Commun backup's.")) from error
    if summary.vendor != connection.vendor:
        raise BackupError(
            _(
                "This backup comes from a %(backup)s database and this Commun uses %(current)s: "
                "restore it with a Commun that uses %(backup)s. Nothing was changed."
            )
            % {
                "backup": VENDOR_NAMES.get(summary.vendor, summary.vendor),
                "current": VENDOR_NAMES[connection.vendor],
            }
        )
    unknown = applied - set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    if unknown:
        raise BackupError(
            _(
                "This backup comes from a newer Commun (%(version)s): this one does not know "
                "its migrations %(migrations)s. Install that version, then restore. "
                "Nothing was changed."
            )
            % {
                "version": summary.commun_version,
                "migrations": ", ".join(".".join(key) for key in sorted(unknown)[:3]),
            }
        )
    if not replace:
        holding = databases.tables_holding_data()
        if holding or media_files(media_root):
            raise BackupError(
                _(
                    "This site already holds data (%(what)s): restoring replaces all of it. "
                    "Stop the site, then run the restore again with --replace. Nothing was changed."
                )
                % {"what": ", ".join(holding[:3] or [str(media_root)])}
            )
    return summary


def _put_media_in_place(unpacked: Path, media_root: Path, aside: Path) -> None:
    """Make `media_root` hold exactly the unpacked files (it may be a mount point: kept as is)."""
    unpacked.mkdir(exist_ok=True)
    media_root.mkdir(parents=True, exist_ok=True)
    aside.mkdir()
    for path in list(media_root.iterdir()):
        shutil.move(path, aside / path.name)
    for path in list(unpacked.iterdir()):
        shutil.move(path, media_root / path.name)


def _check_restored(summary: Summary) -> None:
    found = databases.count_rows(summary.tables)
    for table, expected in summary.tables.items():
        if found[table] != expected:
            raise BackupError(
                _(
                    "After the restore, table %(table)s holds %(found)s rows instead of %(expected)s."
                )
                % {"table": table, "found": found[table], "expected": expected}
            )
