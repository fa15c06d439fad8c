"""The backup file: a gzipped tar holding a marker, the database, the uploaded files and a manifest.

The marker comes first, so a file that is not a backup is told from a damaged one; the manifest
comes last and holds every member's SHA-256, so a truncated or altered file is refused before
anything is restored.
"""

import hashlib
import io
import json
import os
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

MARKER = "commun-backup"
MARKER_TEXT = b"Commun backup, format 1\n"
MANIFEST = "manifest.json"
MEDIA = "media"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore refused or failed, with a message for the operator; nothing changed."""


class _Hashing(io.RawIOBase):
    """A file read through, its SHA-256 computed on the way."""

    def __init__(self, file):
        self.file = file
        self.sha256 = hashlib.sha256()

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.file.read(len(buffer))
        self.sha256.update(data)
        buffer[: len(data)] = data
        return len(data)


class Writer:
    """Adds members to the archive being written, remembering their checksums."""

    def __init__(self, tar: tarfile.TarFile):
        self.tar = tar
        self.checksums: dict[str, str] = {}

    def add_bytes(self, name: str, data: bytes) -> None:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mode = 0o600
        info.mtime = int(time.time())
        self.tar.addfile(info, io.BytesIO(data))

    def add_file(self, name: str, path: Path) -> None:
        with path.open("rb") as file:
            info = self.tar.gettarinfo(fileobj=file, arcname=name)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            hashing = _Hashing(file)
            self.tar.addfile(info, hashing)
        self.checksums[name] = hashing.sha256.hexdigest()


@contextmanager
def written_atomically(path: Path) -> Iterator[Writer]:
    """Write the archive beside `path` under a temporary name, renamed to `path` only when whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            with tarfile.open(fileobj=file, mode="w:gz", compresslevel=6) as tar:
                writer = Writer(tar)
                writer.add_bytes(MARKER, MARKER_TEXT)
                yield writer
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def finish(writer: Writer, manifest: dict) -> None:
    """Write the manifest, with every member's checksum, as the archive's last member."""
    manifest = {**manifest, "checksums": writer.checksums}
    writer.add_bytes(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())


def _safe_member_path(name: str) -> PurePosixPath | None:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return None
    return path


def unpack(source: Path, into: Path) -> dict:
    """Check the whole archive and unpack it into `into`; return its manifest.

    Refuses (BackupError) a file that is not a Commun backup, and one that is damaged or
    incomplete: a member missing, changed or cut short.
    """
    not_a_backup = BackupError(_("%(path)s is not a Commun backup.") % {"path": source})

    def damaged(reason: str) -> BackupError:
        return BackupError(
            _("%(path)s is damaged or incomplete (%(reason)s); nothing was restored.")
            % {"path": source, "reason": reason}
        )

    if not source.is_file():
        raise BackupError(_("%(path)s does not exist.") % {"path": source})
    checksums: dict[str, str] = {}
    manifest = None
    try:
        with tarfile.open(source, mode="r:gz") as tar:
            first = tar.next()
            if first is None or first.name != MARKER or not first.isfile():
                raise not_a_backup
            if tar.extractfile(first).read() != MARKER_TEXT:
                raise not_a_backup
            while (member := tar.next()) is not None:
                path = _safe_member_path(member.name)
                if path is None or not member.isfile():
                    raise damaged(_("unexpected member %(name)s") % {"name": member.name})
                if member.name == MANIFEST:
                    manifest = json.loads(tar.extractfile(member).read())
                    continue
                target = into / path
                target.parent.mkdir(parents=True, exist_ok=True)
                sha256 = hashlib.sha256()
                with tar.extractfile(member) as data, target.open("wb") as out:
                    while chunk := data.read(CHUNK):
                        sha256.update(chunk)
                        out.write(chunk)
                checksums[member.name] = sha256.hexdigest()
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, OSError, ValueError) as error:
        # A file gzip or tar cannot read at all is not a backup; one cut short after the marker is.
        if not checksums and manifest is None and not _starts_with_marker(source):
            raise not_a_backup from error
        raise damaged(str(error) or error.__class__.__name__) from error
    if not isinstance(manifest, dict) or not isinstance(manifest.get("checksums"), dict):
        raise damaged(_("its manifest is missing"))
    if manifest["checksums"] != checksums:
        changed = sorted(set(manifest["checksums"].items()) ^ set(checksums.items()))
        raise damaged(_("%(name)s differs from what was backed up") % {"name": changed[0][0]})
    return manifest


def _starts_with_marker(source: Path) -> bool:
    try:
        with tarfile.open(source, mode="r:gz") as tar:
            first = tar.next()
            return first is not None and first.name == MARKER
    except (tarfile.TarError, EOFError, OSError):
        return False
