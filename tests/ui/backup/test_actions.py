"""Backup and restore from the Filer menu, run off the GUI thread, checked on disk."""

import pytest
from PySide6.QtWidgets import QMessageBox

from inventar.models import Item
from inventar.services.backup.archive import verify_backup


def test_backup_then_restore_into_a_new_file_and_open_it(qtbot, main_window, tmp_path, monkeypatch):
    items = Item.select().count()
    target = tmp_path / "kopi.inventar-backup"
    main_window.backups.backup_to(str(target))
    qtbot.waitUntil(lambda: "Sikkerhedskopi gemt" in main_window.backups.last_message, timeout=20000)
    assert verify_backup(target)["items"] == items

    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    restored = tmp_path / "gendannet.sqlite"
    main_window.backups.restore_to(str(target), str(restored))
    qtbot.waitUntil(lambda: main_window.store.target == str(restored), timeout=20000)
    assert main_window.model.total_count == items


def test_restore_never_overwrites_the_open_database(qtbot, main_window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    main_window.backups.restore_to(str(tmp_path / "x.inventar-backup"), main_window.store.target)
    assert shown and "overskrives ikke" in shown[0]
    assert main_window.model.total_count == Item.select().count()


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04broken"])
def test_a_broken_backup_gives_a_message(qtbot, main_window, tmp_path, monkeypatch, content):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    bogus = tmp_path / "bogus.inventar-backup"
    bogus.write_bytes(content)
    main_window.backups.restore_to(str(bogus), str(tmp_path / "new.sqlite"))
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "sikkerhedskopi" in shown[0]
    assert not (tmp_path / "new.sqlite").exists()


def test_a_backup_without_some_photo_files_warns_and_a_damaged_one_restores_only_when_asked(
        qtbot, main_window, tmp_path, monkeypatch):
    import json
    import zipfile

    from inventar.models import Photo
    from inventar.services.photos.store import PhotoStore

    gone = Photo.select().order_by(Photo.file_hash).first().file_hash
    PhotoStore(main_window.store.photo_dir).path_for(gone).unlink()
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    backup = tmp_path / "kopi.inventar-backup"
    main_window.backups.backup_to(str(backup))
    qtbot.waitUntil(lambda: bool(warnings), timeout=20000)
    assert "Sikkerhedskopi gemt" in warnings[0] and "1 fotos findes ikke i fotomappen" in warnings[0]

    # the same backup as one written before missing photos were named: restoring it asks first (default: no)
    older = tmp_path / "older.inventar-backup"
    with zipfile.ZipFile(backup) as src, zipfile.ZipFile(older, "w") as dst:
        for entry in src.infolist():
            data = src.read(entry)
            if entry.filename == "manifest.json":
                manifest = json.loads(data)
                del manifest["missing_photos"]
                data = json.dumps(manifest).encode()
            dst.writestr(entry, data)
    questions, answers = [], [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", lambda *args: questions.append(args[2]) or answers.pop(0))
    target = tmp_path / "gendannet.sqlite"
    main_window.backups.restore_to(str(older), str(target))
    qtbot.waitUntil(lambda: bool(questions), timeout=20000)
    assert "mangler fotofilen til 1 fotos" in questions[0] and "Gendan alt andet" in questions[0]
    qtbot.wait(200)
    assert not target.exists()

    answers += [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No]  # restore anyway; do not open it
    main_window.backups.restore_to(str(older), str(target))
    qtbot.waitUntil(lambda: len(questions) == 3, timeout=20000)
    assert "1 fotos er ikke i sikkerhedskopien" in questions[2]
    assert target.exists() and main_window.store.target != str(target)
