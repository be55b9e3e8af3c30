"""Photos whose files are gone: a backup says so and still restores; a backup that lost them on the way refuses.

A database copied without its photo folder (or a photo file deleted by hand) once gave a backup that reported
success and could never be restored ("mangler fotofilen"). Driven through the service and the real CLI."""

import json
import zipfile

import pytest

from inventar.cli import main
from inventar.models import Item, Photo, open_store
from inventar.services.backup.archive import (
    BackupError,
    MissingPhotosError,
    create_backup,
    restore_backup,
    verify_backup,
)
from inventar.services.demo.data import create_demo
from inventar.services.photos.store import PhotoStore


@pytest.fixture
def filled(store):
    create_demo(PhotoStore(store.photo_dir), items=30, seed=4)
    return store


def _photo_hashes():
    return sorted({p.file_hash for p in Photo.select()})


def _rewrite(source, target, drop=(), manifest_change=None):
    """A copy of backup ``source`` without the entries ``drop``, its manifest consistent with what it holds."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        manifest = json.loads(src.read("manifest.json"))
        for name in drop:
            del manifest["files"][name]
        if manifest_change:
            manifest_change(manifest)
        for entry in src.infolist():
            if entry.filename not in drop and entry.filename != "manifest.json":
                dst.writestr(entry, src.read(entry))
        dst.writestr("manifest.json", json.dumps(manifest))
    return target


def test_a_backup_names_the_photos_whose_files_are_gone_and_restores_without_them(filled, tmp_path):
    gone = _photo_hashes()[0]
    PhotoStore(filled.photo_dir).path_for(gone).unlink()
    items = Item.select().count()
    backup = tmp_path / "x.inventar-backup"
    info = create_backup(filled, backup)
    assert info.missing == [gone]
    assert str(filled.photo_dir) in info.missing_message() and gone[:12] in info.missing_message()
    assert verify_backup(backup)["missing_photos"] == [gone]
    filled.close()

    target = tmp_path / "restored.sqlite"
    restored_info = restore_backup(backup, target)
    assert restored_info.missing == [gone]
    assert "alt andet er gendannet" in restored_info.missing_message(restored=True)
    restored = open_store(target)
    try:
        assert Item.select().count() == items
        assert Photo.select().where(Photo.file_hash == gone).exists()  # the row stays: the item keeps its history
        others = [h for h in _photo_hashes() if h != gone]
        assert others and all(PhotoStore(restored.photo_dir).has(h) for h in others)
    finally:
        restored.close()


def test_a_complete_backup_names_no_photo(filled, tmp_path):
    backup = tmp_path / "x.inventar-backup"
    info = create_backup(filled, backup)
    assert info.missing == [] and info.missing_message() == ""
    assert verify_backup(backup)["missing_photos"] == []


def test_a_photo_lost_on_the_way_refuses_the_restore_unless_asked(filled, tmp_path):
    backup = tmp_path / "x.inventar-backup"
    create_backup(filled, backup)
    lost = _photo_hashes()[1]
    filled.close()
    # the photo gone from the archive and its manifest alike (checksums consistent); its thumbnail stays and
    # does not stand in for it
    damaged = _rewrite(backup, tmp_path / "damaged.inventar-backup", drop=[f"photos/{lost[:2]}/{lost}.jpg"])
    assert f"photos/thumbs/{lost[:2]}/{lost}.jpg" in zipfile.ZipFile(damaged).namelist()
    target = tmp_path / "restored.sqlite"
    with pytest.raises(MissingPhotosError, match="mangler fotofilen til 1 fotos") as refused:
        restore_backup(damaged, target)
    assert refused.value.hashes == [lost]
    assert not target.exists()
    assert not list(tmp_path.glob(".restore-*"))

    info = restore_backup(damaged, target, without_missing_photos=True)
    assert info.missing == [lost]
    restored = open_store(target)
    try:
        assert Item.select().count() == 30
        assert not PhotoStore(restored.photo_dir).has(lost)
    finally:
        restored.close()


@pytest.mark.parametrize("value", ["abc", [1], ["../../etc/passwd"], ["A" * 64], {"x": 1}])
def test_a_manifest_with_a_bad_list_of_missing_photos_is_damaged(filled, tmp_path, value):
    backup = tmp_path / "x.inventar-backup"
    create_backup(filled, backup)
    bad = _rewrite(backup, tmp_path / "bad.inventar-backup",
                   manifest_change=lambda manifest: manifest.__setitem__("missing_photos", value))
    with pytest.raises(BackupError, match="Manifestet .* er beskadiget"):
        verify_backup(bad)


def test_the_commands_warn_and_the_restore_says_how_to_go_on(filled, tmp_path, capsys):
    gone = _photo_hashes()[0]
    PhotoStore(filled.photo_dir).path_for(gone).unlink()
    backup = tmp_path / "x.inventar-backup"
    assert main(["--db", filled.target, "backup", "-o", str(backup)]) == 0
    out = capsys.readouterr()
    assert "Sikkerhedskopi skrevet" in out.out
    assert "Advarsel: 1 fotos findes ikke i fotomappen" in out.err and gone[:12] in out.err

    assert main(["restore", str(backup), "--db", str(tmp_path / "a.sqlite")]) == 0
    assert "Advarsel: 1 fotos er ikke i sikkerhedskopien" in capsys.readouterr().err

    # an older backup (no list of missing photos) of the same database: refused, then restored when asked
    old = _rewrite(backup, tmp_path / "old.inventar-backup", manifest_change=lambda m: m.pop("missing_photos"))
    target = tmp_path / "b.sqlite"
    assert main(["restore", str(old), "--db", str(target)]) == 1
    err = capsys.readouterr().err
    assert "mangler fotofilen til 1 fotos" in err and "--without-missing-photos" in err and "Traceback" not in err
    assert not target.exists()
    assert main(["restore", str(old), "--db", str(target), "--without-missing-photos"]) == 0
    assert "Advarsel: 1 fotos er ikke i sikkerhedskopien" in capsys.readouterr().err
    assert target.exists()


def test_a_bundle_says_which_photos_stay_behind(filled, tmp_path, capsys):
    gone = _photo_hashes()[0]
    PhotoStore(filled.photo_dir).path_for(gone).unlink()
    bundle = tmp_path / "x.inventar-bundle"
    assert main(["--db", filled.target, "bundle", "export", "--all", "-o", str(bundle)]) == 0
    err = capsys.readouterr().err
    assert "Advarsel: 1 fotos findes ikke i fotomappen" in err and "ikke med i bundtet" in err and gone[:12] in err
    names = zipfile.ZipFile(bundle).namelist()
    assert f"photos/{gone[:2]}/{gone}.jpg" not in names
    assert any(name.startswith("photos/") for name in names)  # the others travel

