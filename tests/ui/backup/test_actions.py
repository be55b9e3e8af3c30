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
