"""Restore never destroys: a bad backup leaves the existing database as it was; a good one keeps it beside.

Driven through the real CLI (``restore FILE --db TARGET --force``)."""

import hashlib
import json
import sqlite3
import zipfile

import pytest

from inventar.cli import main
from inventar.models import Item, open_store
from inventar.models.migrations import HEAD
from inventar.services.backup.archive import create_backup
from inventar.services.demo.data import create_demo
from inventar.services.photos.store import PhotoStore
from tests.support.databases import demo_file
from tests.support.disks import tiny_tmpfs


@pytest.fixture
def filled(store):
    create_demo(PhotoStore(store.photo_dir), items=12, seed=5)
    return store


def _state(path):
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT uuid, title FROM item ORDER BY uuid").fetchall()


def _forge(path, database: bytes, schema_version=1, photos=None):
    """A backup whose checksums are all right (so only the content is wrong)."""
    files = {"database.sqlite": database, **(photos or {})}
    manifest = {"format": "inventar-backup/1", "app_version": "x", "schema_version": schema_version,
                "created_at": "2026-01-01T00:00:00+00:00", "items": 200,
                "files": {name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                          for name, data in files.items()}}
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr("manifest.json", json.dumps(manifest))
    return path


@pytest.fixture
def existing(tmp_path):
    """A target database with data that must survive every failed restore."""
    return demo_file(tmp_path / "live.sqlite", items=5, seed=9)


def _sqlite_bytes(tmp_path, sql):
    path = tmp_path / "made.sqlite"
    path.unlink(missing_ok=True)
    with sqlite3.connect(path) as connection:
        connection.executescript(sql)
    connection.close()
    return path.read_bytes()


def _restore_fails(tmp_path, backup, existing, capsys, message):
    before = _state(existing)
    assert main(["--db", str(existing), "restore", str(backup), "--force"]) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert _state(existing) == before
    assert not list(tmp_path.glob("*.part")) and not list(tmp_path.glob(".restore-*"))
    assert not list(tmp_path.glob("*før-gendannelse*"))


def test_garbage_database_in_a_backup_leaves_the_target_untouched(tmp_path, existing, capsys):
    backup = _forge(tmp_path / "garbage.inventar-backup", b"this is not SQLite" * 100)
    _restore_fails(tmp_path, backup, existing, capsys, "kan ikke læses som SQLite")


def test_foreign_sqlite_database_is_refused_not_counted_from_the_manifest(tmp_path, existing, capsys):
    data = _sqlite_bytes(tmp_path, "CREATE TABLE schema_version(version INTEGER); INSERT INTO schema_version "
                                   "VALUES (1); CREATE TABLE customers(id INTEGER);")
    backup = _forge(tmp_path / "foreign.inventar-backup", data)
    _restore_fails(tmp_path, backup, existing, capsys, "ikke en Inventar-database")


def test_newer_schema_backup_is_refused(filled, tmp_path, existing, capsys):
    backup = tmp_path / "new.inventar-backup"
    create_backup(filled, backup)
    with zipfile.ZipFile(backup) as archive:
        database = archive.read("database.sqlite")
    path = tmp_path / "newer.sqlite"
    path.write_bytes(database)
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, '2030-01-01')", (HEAD + 1,))
    connection.close()
    forged = _forge(tmp_path / "newer.inventar-backup", path.read_bytes())
    path.unlink()
    _restore_fails(tmp_path, forged, existing, capsys, "nyere version af Inventar")


def test_photo_that_is_not_an_image_is_refused(filled, tmp_path, existing, capsys):
    backup = tmp_path / "b.inventar-backup"
    create_backup(filled, backup)
    with zipfile.ZipFile(backup) as archive:
        database = archive.read("database.sqlite")
    html = b"<html><script>alert(1)</script></html>"
    name = "photos/" + "ab/" + "ab" + "0" * 62 + ".jpg"
    forged = _forge(tmp_path / "html.inventar-backup", database, photos={name: html})
    _restore_fails(tmp_path, forged, existing, capsys, "ikke et billede")


@pytest.mark.parametrize("name", ["photos/D:evil.jpg", "photos/aux.jpg", "photos/ab/CON", "photos/../x.jpg",
                                  "/etc/x.jpg", "photos/ab\\..\\x.jpg"])
def test_unsafe_member_names_are_refused(filled, tmp_path, existing, capsys, name):
    backup = tmp_path / "b.inventar-backup"
    create_backup(filled, backup)
    with zipfile.ZipFile(backup) as archive:
        database = archive.read("database.sqlite")
    forged = _forge(tmp_path / "names.inventar-backup", database, photos={name: b"\xff\xd8\xff"})
    _restore_fails(tmp_path, forged, existing, capsys, "Ugyldigt filnavn")
    assert not (tmp_path / "x.jpg").exists()


def test_oversized_photo_entry_is_refused_before_it_is_written(filled, tmp_path, existing, capsys):
    backup = tmp_path / "b.inventar-backup"
    create_backup(filled, backup)
    with zipfile.ZipFile(backup) as archive:
        database = archive.read("database.sqlite")
    bomb = b"\0" * (33 << 20)  # compresses to a few kB
    name = "photos/ab/ab" + "1" * 62 + ".jpg"
    path = tmp_path / "bomb.inventar-backup"
    files = {"database.sqlite": database, name: bomb}
    manifest = {"format": "inventar-backup/1", "schema_version": 1, "items": 1,
                "files": {n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)} for n, d in files.items()}}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for n, d in files.items():
            archive.writestr(n, d)
        archive.writestr("manifest.json", json.dumps(manifest))
    assert path.stat().st_size < 2 << 20
    _restore_fails(tmp_path, path, existing, capsys, "for stor")


def test_forced_restore_keeps_the_previous_database_and_counts_from_the_database(filled, tmp_path, existing,
                                                                                  capsys):
    backup = tmp_path / "good.inventar-backup"
    create_backup(filled, backup)
    filled.close()
    before = _state(existing)
    assert main(["--db", str(existing), "restore", str(backup), "--force"]) == 0
    out = capsys.readouterr().out
    assert "12 genstande" in out
    kept = [p for p in tmp_path.glob("live.sqlite.før-gendannelse-*") if not p.name.endswith(("-wal", "-shm"))]
    assert len(kept) == 1 and str(kept[0]) in out
    assert _state(kept[0]) == before
    restored = open_store(existing)
    try:
        assert Item.select().count() == 12
    finally:
        restored.close()
    assert not list(tmp_path.glob("*.part"))


def test_backup_does_not_follow_a_symlink_in_the_photo_folder(filled, tmp_path):
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"private")
    link = filled.photo_dir / "ab" / ("ab" + "2" * 62 + ".jpg")
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(secret)
    backup = tmp_path / "b.inventar-backup"
    create_backup(filled, backup)
    with zipfile.ZipFile(backup) as archive:
        assert all(b"private" != archive.read(name) for name in archive.namelist())
        assert not any(name.endswith(link.name) for name in archive.namelist())


def test_a_full_disk_during_the_photos_leaves_the_photo_folder_as_it_was(filled, tmp_path, capsys):
    backup = tmp_path / "x.inventar-backup"
    info = create_backup(filled, backup)
    assert info.photos > 10
    with tiny_tmpfs(tmp_path, "300k") as disk:  # room for the database, not for every photo
        target = disk / "gendannet.sqlite"
        assert main(["--db", str(target), "restore", str(backup)]) == 1
        err = capsys.readouterr().err
        assert "disken er fuld" in err and "Traceback" not in err
        assert [p for p in disk.rglob("*") if p.is_file()] == []
