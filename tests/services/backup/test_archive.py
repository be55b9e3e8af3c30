"""Backup and restore: round trip, checksums, refusal to overwrite, damaged files, rolling backups."""

import json
import zipfile

import pytest

from inventar.cli import main
from inventar.models import Item, Photo, open_store
from inventar.services.backup.archive import BackupError, create_backup, restore_backup, rolling_backup, verify_backup
from inventar.services.demo.data import create_demo
from inventar.services.photos.store import PhotoStore


@pytest.fixture
def filled(store):
    create_demo(PhotoStore(store.photo_dir), items=40, seed=3)
    return store


def _snapshot(store):
    items = [tuple(row) for row in Item.select().order_by(Item.uuid).tuples()]
    photos = sorted((p.item.uuid, p.file_hash, p.is_primary) for p in Photo.select())
    files = {p.relative_to(store.photo_dir).as_posix(): p.read_bytes()
             for p in store.photo_dir.rglob("*.jpg")}
    return items, photos, files


def test_round_trip_restores_everything_equal(filled, tmp_path):
    before = _snapshot(filled)
    backup = tmp_path / "x.inventar-backup"
    info = create_backup(filled, backup)
    assert info.items == 40 and info.photos == len(before[2])
    filled.close()

    target = tmp_path / "restored" / "copy.sqlite"
    restore_backup(backup, target)
    restored = open_store(target)
    try:
        assert _snapshot(restored) == before
        assert restored.db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        restored.close()


def test_tampered_backup_is_rejected_before_anything_is_written(filled, tmp_path):
    backup = tmp_path / "x.inventar-backup"
    create_backup(filled, backup)
    tampered = tmp_path / "tampered.inventar-backup"
    with zipfile.ZipFile(backup) as src, zipfile.ZipFile(tampered, "w") as dst:
        for entry in src.infolist():
            data = src.read(entry)
            if entry.filename.startswith("photos/") and entry.filename.endswith(".jpg") and b"X" not in data[:1]:
                data = data[:-10] + b"XXXXXXXXXX"
            dst.writestr(entry, data)
    target = tmp_path / "restored.sqlite"
    with pytest.raises(BackupError, match="Kontrolsummen passer ikke"):
        restore_backup(tampered, target)
    assert not target.exists()
    assert not (tmp_path / "restored-fotos").exists() or not any((tmp_path / "restored-fotos").rglob("*.jpg"))


@pytest.mark.parametrize("content, message", [
    (b"PK\x03\x04 truncated", "ikke en gyldig sikkerhedskopi"),
    (b"hello", "ikke en gyldig sikkerhedskopi"),
])
def test_files_that_are_not_backups(tmp_path, content, message):
    bogus = tmp_path / "bogus.inventar-backup"
    bogus.write_bytes(content)
    with pytest.raises(BackupError, match=message):
        verify_backup(bogus)


def test_zip_without_manifest(tmp_path):
    bogus = tmp_path / "other.zip"
    with zipfile.ZipFile(bogus, "w") as archive:
        archive.writestr("readme.txt", "hi")
    with pytest.raises(BackupError, match="manifest mangler"):
        verify_backup(bogus)


def test_restore_refuses_a_target_with_data_unless_forced(filled, tmp_path, capsys):
    backup = tmp_path / "x.inventar-backup"
    create_backup(filled, backup)
    target = tmp_path / "busy.sqlite"
    other = open_store(target)
    create_demo(PhotoStore(other.photo_dir), items=3, seed=9)
    other.close()

    assert main(["--db", str(target), "restore", str(backup)]) == 1
    assert "brug --force" in capsys.readouterr().err
    check = open_store(target)
    assert Item.select().count() == 3
    check.close()

    assert main(["--db", str(target), "restore", str(backup), "--force"]) == 0
    check = open_store(target)
    assert Item.select().count() == 40
    check.close()


def test_backup_command_writes_a_verifiable_file(filled, db_path, tmp_path, capsys):
    filled.close()
    out = tmp_path / "cli.inventar-backup"
    assert main(["--db", str(db_path), "backup", "-o", str(out)]) == 0
    manifest = verify_backup(out)
    assert manifest["items"] == 40
    assert "40 genstande" in capsys.readouterr().out
    assert not list(tmp_path.glob(".backup-*")), "no temp file is left behind"
    with zipfile.ZipFile(out) as archive:
        assert json.loads(archive.read("manifest.json"))["format"] == "inventar-backup/1"


def test_rolling_backups_keep_the_newest(filled, tmp_path, monkeypatch):
    import inventar.services.backup.archive as backup_module

    folder = tmp_path / "rolling"
    stamps = iter(f"20261122-1200{n:02d}" for n in range(10))

    class FakeNow:
        @staticmethod
        def now(tz=None):
            class Stamp:
                def strftime(self, _format):
                    return next(stamps)
            return Stamp()

    monkeypatch.setattr(backup_module, "datetime", FakeNow)
    for _ in range(5):
        rolling_backup(filled, folder, keep=3)
    kept = sorted(p.name for p in folder.glob("*.sqlite"))
    assert kept == ["inventar-20261122-120002.sqlite", "inventar-20261122-120003.sqlite",
                    "inventar-20261122-120004.sqlite"]


def test_restore_into_a_folder_says_to_name_a_file(filled, tmp_path):
    backup = tmp_path / "x.inventar-backup"
    create_backup(filled, backup)
    folder = tmp_path / "mappe"
    folder.mkdir()
    with pytest.raises(BackupError, match="er en mappe; gendan til en databasefil"):
        restore_backup(backup, folder)
    assert list(folder.iterdir()) == []
