"""Backup and restore: one file with a consistent database snapshot, the photos and a manifest.

The backup is a zip (``.inventar-backup``) holding ``database.sqlite`` (taken with
SQLite's online backup API, so it is consistent while the app runs),
``photos/…`` and ``manifest.json`` with the SHA-256 and size of every file.
Restore verifies every checksum (bounded: see :mod:`inventar.services.intake`) before it writes
anything, restores the database into a temp file beside the target, verifies that file (integrity,
schema version, the Inventar tables, the photos it needs), keeps the previous file as
``<target>.før-gendannelse-<time>`` and moves the new one into place in one rename.

A photo whose file is gone from the photo folder when the backup is taken (a database copied without
its folder, a file deleted by hand) cannot be in it: the backup is still written, names those photos
in its manifest (``missing_photos``) and reports them (:attr:`BackupInfo.missing`), and a restore
takes them as known.  A photo the database needs that the backup neither carries nor names is damage:
restore refuses (:class:`MissingPhotosError`) unless asked to go on without it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from inventar import __version__
from inventar.errors import UserError, os_reason
from inventar.files import atomic_file, atomic_path, removed_on_failure
from inventar.i18n import _
from inventar.jobs import Progress, no_progress
from inventar.models.database import Store, photo_dir_for
from inventar.models.migrations import HEAD, backup_sqlite
from inventar.services.checksums import sha256_stream
from inventar.services.intake import (
    DATABASE_MAX_BYTES,
    MANIFEST_MAX_BYTES,
    PHOTO_MAX_BYTES,
    check_headers,
    photo_hash_of,
    plain_photo_files,
    read_member,
    read_photo,
    stream_member,
)
from inventar.services.photos.store import PhotoStore

FORMAT = "inventar-backup/1"
DB_NAME = "database.sqlite"
MANIFEST = "manifest.json"


class BackupError(UserError, RuntimeError):
    """A backup could not be written or restored; the message is for users."""


class MissingPhotosError(BackupError):
    """The restored database needs photos the backup neither carries nor names as missing when it was taken."""

    def __init__(self, hashes: list[str]) -> None:
        super().__init__(_("Sikkerhedskopien mangler fotofilen til {count} fotos (fx {hash}): den er beskadiget "
                           "eller ændret", count=len(hashes), hash=hashes[0][:12]))
        self.hashes = hashes


@dataclass
class BackupInfo:
    path: Path
    items: int
    photos: int
    schema_version: int
    created_at: str
    kept: Path | None = None  # the database a restore replaced, kept beside it
    missing: list[str] = field(default_factory=list)  # photos in the database without their file (hashes)
    photo_dir: Path | None = None  # where the photos were looked for (backup) or restored to (restore)

    def missing_message(self, restored: bool = False) -> str:
        """A warning about :attr:`missing` for the user, after a backup or a restore ("" when none is missing)."""
        if not self.missing:
            return ""
        if restored:
            return _("{count} fotos er ikke i sikkerhedskopien (fx {hash}); alt andet er gendannet. Fotoene må tages "
                     "igen eller hentes fra en anden kopi af fotomappen.", count=len(self.missing),
                     hash=self.missing[0][:12])
        return _("{count} fotos findes ikke i fotomappen {folder} og er derfor ikke med (fx {hash}); genstandene og "
                 "alt andet er med. Fotoene må tages igen eller hentes fra en anden kopi af fotomappen.",
                 count=len(self.missing), folder=self.photo_dir, hash=self.missing[0][:12])


def create_backup(store: Store, target: Path, progress=None) -> BackupInfo:
    """Write ``target`` (a temp file renamed at the end, so never half-written)."""
    if store.is_postgres:
        raise BackupError(_("Sikkerhedskopi af en fælles PostgreSQL-database tages af IT med pg_dump; "
                            "se README under »Fælles database«."))
    report = progress or (lambda done, total: None)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    photos = plain_photo_files(store.photo_dir)  # a symbolic link is never followed out of the folder
    files: dict[str, dict[str, object]] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="inventar-snapshot-") as workdir, \
                atomic_path(target, prefix=".backup-", suffix=".part") as tmp_zip:
            snapshot = Path(workdir) / DB_NAME
            backup_sqlite(store.db, snapshot)
            with sqlite3.connect(snapshot) as check:
                items = check.execute("SELECT COUNT(*) FROM item").fetchone()[0]
                version = current_version_of(check)
                needed = [row[0] for row in check.execute("SELECT DISTINCT file_hash FROM photo")]
            check.close()
            names = (photo.relative_to(store.photo_dir).as_posix() for photo in photos)
            carried = {photo_hash_of(name) for name in names if not name.startswith("thumbs/")}  # a thumbnail
            # does not stand for its photo (as at restore)
            missing = sorted(set(needed) - carried)
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
                            "created_at": created, "items": items, "files": files, "missing_photos": missing}
                archive.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))
    except OSError as exc:
        raise BackupError(_("Sikkerhedskopien kunne ikke skrives: {error}", error=os_reason(exc))) from exc
    report(len(photos), len(photos))
    return BackupInfo(target, items, len(photos), version, created, missing=missing, photo_dir=Path(store.photo_dir))


def current_version_of(connection: sqlite3.Connection) -> int:
    row = connection.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def _limit_for(name: str) -> int:
    if name == DB_NAME:
        return DATABASE_MAX_BYTES
    if name == MANIFEST:
        return MANIFEST_MAX_BYTES
    return PHOTO_MAX_BYTES


def read_manifest(archive: zipfile.ZipFile, source: Path) -> dict:
    try:
        manifest = json.loads(read_member(archive, MANIFEST, MANIFEST_MAX_BYTES, BackupError)[0])
    except KeyError as exc:
        raise BackupError(_("»{name}« er ikke en Inventar-sikkerhedskopi (manifest mangler)", name=source.name)) from exc
    except ValueError as exc:
        raise BackupError(_("Manifestet i »{name}« er beskadiget", name=source.name)) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT \
            or not isinstance(manifest.get("files"), dict) or DB_NAME not in manifest["files"]:
        raise BackupError(_("»{name}« er ikke en Inventar-sikkerhedskopi i et kendt format", name=source.name))
    for name in manifest["files"]:
        if name != DB_NAME and (not isinstance(name, str) or not name.startswith("photos/")
                                or photo_hash_of(name[len("photos/"):]) is None):
            raise BackupError(_("Ugyldigt filnavn i sikkerhedskopien: {name}", name=name))
    missing = manifest.get("missing_photos", [])  # absent in backups of before it was recorded
    if not isinstance(missing, list) or not all(isinstance(h, str) and _HASH.fullmatch(h) for h in missing):
        raise BackupError(_("Manifestet i »{name}« er beskadiget", name=source.name))
    return manifest


_HASH = re.compile(r"[0-9a-f]{64}")


def _check(archive: zipfile.ZipFile, name: str, expected: object, sink=None) -> None:
    """Stream ``name`` (bounded), compare it with the manifest; photos must also decode as JPEG."""
    if name == DB_NAME:
        digest, size = stream_member(archive, name, DATABASE_MAX_BYTES, BackupError, sink)
    else:
        data, digest = read_photo(archive, name, BackupError)
        size = len(data)
        if sink is not None:
            sink(data)
    if not isinstance(expected, dict) or digest != expected.get("sha256") or size != expected.get("size"):
        raise BackupError(_("Kontrolsummen passer ikke for {name}: sikkerhedskopien er beskadiget "
                            "eller ændret", name=name))


def _open_checked(source: Path, work):
    """Open ``source`` and run ``work(archive, manifest)``; zip and file errors become :class:`BackupError`."""
    try:
        with zipfile.ZipFile(source) as archive:
            check_headers(archive, _limit_for, BackupError)
            manifest = read_manifest(archive, source)
            names = set(archive.namelist())
            missing = [name for name in manifest["files"] if name not in names]
            if missing:
                raise BackupError(_("Sikkerhedskopien mangler filen {name}", name=missing[0]))
            return work(archive, manifest)
    except FileNotFoundError as exc:
        raise BackupError(_("Filen »{name}« findes ikke", name=source.name)) from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise BackupError(_("»{name}« er ikke en gyldig sikkerhedskopi (ikke en zip-fil eller afkortet)",
                            name=source.name)) from exc
    except BackupError:
        raise
    except OSError as exc:
        raise BackupError(_("»{name}« kan ikke læses: {error}", name=source.name, error=os_reason(exc))) from exc


def verify_backup(source: Path) -> dict:
    """Check every file against the manifest (bounded, photos decoded); returns the manifest. Writes nothing."""
    source = Path(source)

    def check_all(archive: zipfile.ZipFile, manifest: dict) -> dict:
        for name, expected in manifest["files"].items():
            _check(archive, name, expected)
        return manifest

    return _open_checked(source, check_all)


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


REQUIRED_TABLES = ("schema_version", "item", "photo", "decision", "room")


def _verify_database(path: Path, source: Path, manifest: dict) -> tuple[int, int, set[str]]:
    """(schema version, items, photo hashes) of a restored database file, read from the file itself.

    Refuses a file that is not an intact Inventar database of a schema this app knows."""
    name = source.name
    try:
        connection = sqlite3.connect(path)  # our own temp file; read-write so a WAL file is cleaned up on close
        try:
            if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(_("Databasen i »{name}« er beskadiget (integritetstjek fejlede)", name=name))
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            missing = [t for t in REQUIRED_TABLES if t not in tables]
            if missing:
                raise BackupError(_("Databasen i »{name}« er ikke en Inventar-database (tabellen {table} mangler)",
                                    name=name, table=missing[0]))
            version = current_version_of(connection)
            if version > HEAD or int(manifest.get("schema_version") or 0) > HEAD:
                raise BackupError(_("»{name}« er lavet af en nyere version af Inventar (skemaversion {found}); "
                                    "opdatér programmet", name=name, found=max(version, int(
                                        manifest.get("schema_version") or 0))))
            items = connection.execute("SELECT COUNT(*) FROM item").fetchone()[0]
            hashes = {row[0] for row in connection.execute("SELECT DISTINCT file_hash FROM photo")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(_("Databasen i »{name}« kan ikke læses som SQLite: {error}", name=name,
                            error=exc)) from exc
    return version, items, hashes


def _keep_previous(target: Path) -> Path | None:
    """Keep the file being replaced (and its journal) as ``<target>.før-gendannelse-<time>``; it stays in place."""
    if not target.exists() or target.stat().st_size == 0:
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = target.with_name(f"{target.name}.før-gendannelse-{stamp}")
    counter = 1
    while kept.exists():
        counter += 1
        kept = target.with_name(f"{target.name}.før-gendannelse-{stamp}-{counter}")
    try:
        os.link(target, kept)  # the target stays where it is until the new file replaces it
    except OSError:
        shutil.copy2(target, kept)
    for suffix in ("-wal", "-shm"):  # committed changes still in the journal belong to the kept copy
        journal = Path(str(target) + suffix)
        if journal.exists():
            os.replace(journal, Path(str(kept) + suffix))
    return kept


def restore_backup(source: Path, target: Path, force: bool = False, progress: Progress = no_progress,
                   without_missing_photos: bool = False) -> BackupInfo:
    """Verify ``source`` completely, restore it into a temp file beside ``target``, verify that, then swap.

    Nothing at ``target`` or in its photo folder changes on any failure. With ``force`` an existing
    database is kept beside it as ``<target>.før-gendannelse-<time>`` (see :attr:`BackupInfo.kept`).
    ``progress`` may raise :class:`~inventar.errors.Cancelled`; the target is replaced only at the end.
    Photos the database needs and the backup lacks are reported in :attr:`BackupInfo.missing` when the
    backup names them as missing when it was taken, or ``without_missing_photos`` is given; otherwise
    :class:`MissingPhotosError`."""
    source, target = Path(source), Path(target)
    if target.is_dir():
        raise BackupError(_("»{target}« er en mappe; gendan til en databasefil, fx {example}", target=target,
                            example=target / "gendannet.sqlite"))
    manifest = verify_backup(source)
    if _target_has_data(target) and not force:
        raise BackupError(_("»{target}« indeholder allerede data; brug --force for at overskrive den",
                            target=target))
    target.parent.mkdir(parents=True, exist_ok=True)
    photo_dir = photo_dir_for(str(target))
    names = [name for name in manifest["files"] if name != DB_NAME]

    def restore(archive: zipfile.ZipFile, manifest: dict, copied: list[Path]) -> BackupInfo:
        try:
            with atomic_path(target, prefix=".restore-", suffix=".part") as tmp_db:
                with open(tmp_db, "wb") as dst:
                    _check(archive, DB_NAME, manifest["files"][DB_NAME], dst.write)  # checked again while copied
                try:
                    version, items, hashes = _verify_database(tmp_db, source, manifest)
                finally:
                    for suffix in ("-wal", "-shm"):
                        Path(str(tmp_db) + suffix).unlink(missing_ok=True)
                carried = {photo_hash_of(name[len("photos/"):]) for name in names
                           if not name.startswith("photos/thumbs/")}  # a thumbnail does not stand for its photo
                lacking = sorted(h for h in hashes if h not in carried and not PhotoStore(photo_dir).has(h))
                known = set(manifest.get("missing_photos", []))
                if not without_missing_photos and any(h not in known for h in lacking):
                    raise MissingPhotosError([h for h in lacking if h not in known])
                photos = 0
                for done, name in enumerate(names):
                    progress(done, len(names))
                    destination = photo_dir / name[len("photos/"):]
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    new = not destination.exists()
                    with atomic_file(destination, prefix=".tmp-restore-") as dst:
                        _check(archive, name, manifest["files"][name], dst.write)
                    if new:
                        copied.append(destination)
                    photos += 1
                kept = _keep_previous(target)  # the last step before the rename: os.replace swaps in one step
        except OSError as exc:
            raise BackupError(_("Sikkerhedskopien kunne ikke gendannes: {error}", error=os_reason(exc))) from exc
        return BackupInfo(target, items, photos, version, str(manifest.get("created_at", "")), kept, lacking,
                          photo_dir)

    with removed_on_failure() as copied:  # the photo files it added: a failed restore leaves the folder as it was
        return _open_checked(source, lambda archive, manifest: restore(archive, manifest, copied))


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
