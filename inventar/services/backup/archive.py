"""Backup and restore: one file with a consistent database snapshot, the photos and a manifest.

The backup is a zip (``.inventar-backup``) holding ``database.sqlite`` (taken with
SQLite's online backup API, so it is consistent while the app runs),
``photos/…`` and ``manifest.json`` with the SHA-256 and size of every file.
Restore verifies every checksum before it writes anything, then moves the
database into place in one rename.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from inventar import __version__
from inventar.errors import UserError
from inventar.files import atomic_file, atomic_path
from inventar.i18n import _
from inventar.jobs import Progress, no_progress
from inventar.models.database import Store, photo_dir_for
from inventar.models.migrations import backup_sqlite
from inventar.services.checksums import CHUNK, sha256_stream

FORMAT = "inventar-backup/1"
DB_NAME = "database.sqlite"
MANIFEST = "manifest.json"


class BackupError(UserError, RuntimeError):
    """A backup could not be written or restored; the message is for users."""


@dataclass
class BackupInfo:
    path: Path
    items: int
    photos: int
    schema_version: int
    created_at: str


def _photo_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.jpg") if p.is_file() and not p.name.startswith(".tmp-"))


def create_backup(store: Store, target: Path, progress=None) -> BackupInfo:
    """Write ``target`` (a temp file renamed at the end, so never half-written)."""
    if store.is_postgres:
        raise BackupError(_("Sikkerhedskopi af en fælles PostgreSQL-database tages af IT med pg_dump; "
                            "se README under »Fælles database«."))
    report = progress or (lambda done, total: None)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    photos = _photo_files(store.photo_dir)
    files: dict[str, dict[str, object]] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="inventar-snapshot-") as workdir, \
                atomic_path(target, prefix=".backup-", suffix=".part") as tmp_zip:
            snapshot = Path(workdir) / DB_NAME
            backup_sqlite(store.db, snapshot)
            with sqlite3.connect(snapshot) as check:
                items = check.execute("SELECT COUNT(*) FROM item").fetchone()[0]
                version = current_version_of(check)
            with zipfile.ZipFile(tmp_zip, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
                with open(snapshot, "rb") as handle:
                    digest, size = sha256_stream(handle)
                files[DB_NAME] = {"sha256": digest, "size": size}
                archive.write(snapshot, DB_NAME)
                for done, photo in enumerate(photos, start=1):
                    name = "photos/" + photo.relative_to(store.photo_dir).as_posix()
                    with open(photo, "rb") as handle:
                        digest, size = sha256_stream(handle)
                    files[name] = {"sha256": digest, "size": size}
                    archive.write(photo, name, compress_type=zipfile.ZIP_STORED)  # JPEGs do not compress
                    if done % 50 == 0:
                        report(done, len(photos))
                created = datetime.now(UTC).isoformat(timespec="seconds")
                manifest = {"format": FORMAT, "app_version": __version__, "schema_version": version,
                            "created_at": created, "items": items, "files": files}
                archive.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))
    except OSError as exc:
        raise BackupError(_("Sikkerhedskopien kunne ikke skrives: {error}", error=exc)) from exc
    report(len(photos), len(photos))
    return BackupInfo(target, items, len(photos), version, created)


def current_version_of(connection: sqlite3.Connection) -> int:
    row = connection.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def read_manifest(archive: zipfile.ZipFile, source: Path) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError as exc:
        raise BackupError(_("»{name}« er ikke en Inventar-sikkerhedskopi (manifest mangler)", name=source.name)) from exc
    except ValueError as exc:
        raise BackupError(_("Manifestet i »{name}« er beskadiget", name=source.name)) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or DB_NAME not in manifest.get("files", {}):
        raise BackupError(_("»{name}« er ikke en Inventar-sikkerhedskopi i et kendt format", name=source.name))
    return manifest


def verify_backup(source: Path) -> dict:
    """Check every file against the manifest; returns the manifest. Writes nothing."""
    source = Path(source)
    try:
        with zipfile.ZipFile(source) as archive:
            manifest = read_manifest(archive, source)
            names = set(archive.namelist())
            for name, expected in manifest["files"].items():
                if name not in names:
                    raise BackupError(_("Sikkerhedskopien mangler filen {name}", name=name))
                with archive.open(name) as handle:
                    digest, size = sha256_stream(handle)
                if digest != expected.get("sha256") or size != expected.get("size"):
                    raise BackupError(_("Kontrolsummen passer ikke for {name}: sikkerhedskopien er beskadiget "
                                        "eller ændret", name=name))
    except FileNotFoundError as exc:
        raise BackupError(_("Filen »{name}« findes ikke", name=source.name)) from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise BackupError(_("»{name}« er ikke en gyldig sikkerhedskopi (ikke en zip-fil eller afkortet)",
                            name=source.name)) from exc
    except OSError as exc:
        raise BackupError(_("»{name}« kan ikke læses: {error}", name=source.name, error=exc)) from exc
    return manifest


def _target_has_data(target: Path) -> bool:
    if not target.exists():
        return False
    if target.stat().st_size == 0:
        return False
    try:
        with sqlite3.connect(f"file:{target}?mode=ro", uri=True) as connection:
            return bool(connection.execute("SELECT EXISTS(SELECT 1 FROM item)").fetchone()[0])
    except sqlite3.Error:
        return True  # something we do not understand: never overwrite it silently


def restore_backup(source: Path, target: Path, force: bool = False, progress: Progress = no_progress) -> BackupInfo:
    """Verify ``source`` completely, then restore into the SQLite file ``target`` and its photo folder.

    ``progress`` may raise :class:`~inventar.errors.Cancelled`; the target is replaced only at the end."""
    source, target = Path(source), Path(target)
    manifest = verify_backup(source)
    if _target_has_data(target) and not force:
        raise BackupError(_("»{target}« indeholder allerede data; brug --force for at overskrive den",
                            target=target))
    target.parent.mkdir(parents=True, exist_ok=True)
    photo_dir = photo_dir_for(str(target))
    photos = 0
    with atomic_path(target, prefix=".restore-", suffix=".sqlite") as tmp_db:
        with zipfile.ZipFile(source) as archive:
            with archive.open(DB_NAME) as src, open(tmp_db, "wb") as dst:
                shutil.copyfileobj(src, dst, CHUNK)
            names = [name for name in manifest["files"] if name.startswith("photos/")]
            for done, name in enumerate(names):
                progress(done, len(names))
                relative = Path(name[len("photos/"):])
                if relative.is_absolute() or ".." in relative.parts:
                    raise BackupError(_("Ugyldigt filnavn i sikkerhedskopien: {name}", name=name))
                destination = photo_dir / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(name) as src, atomic_file(destination) as dst:
                    shutil.copyfileobj(src, dst, CHUNK)
                photos += 1
        for suffix in ("-wal", "-shm"):  # a stale journal beside the old file must not be replayed
            Path(str(target) + suffix).unlink(missing_ok=True)
    return BackupInfo(target, int(manifest.get("items", 0)), photos, int(manifest.get("schema_version", 0)),
                      str(manifest.get("created_at", "")))


def rolling_backup(store: Store, folder: Path, keep: int = 7) -> Path | None:
    """A database-only snapshot on start, keeping the newest ``keep`` (photos are never changed in place)."""
    if store.is_postgres or keep <= 0:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    for leftover in folder.glob("*.part"):  # a copy interrupted when the app was closed during it
        leftover.unlink(missing_ok=True)
    stem = Path(store.target).stem
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    copy = backup_sqlite(store.db, folder / f"{stem}-{stamp}.sqlite")
    for old in sorted(folder.glob(f"{stem}-*.sqlite"))[:-keep]:
        old.unlink(missing_ok=True)
    return copy
