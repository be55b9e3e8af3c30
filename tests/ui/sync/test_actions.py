"""Settings dialog, live refresh and bundle import in the main window, driven with qtbot on real databases."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from inventar.domain.items import ItemData
from inventar.models import Item, db_proxy, open_store
from inventar.services.items.service import ItemService
from inventar.services.sync.bundle import export_bundle
from inventar.services.sync.change_watch import fingerprint
from inventar.settings import Settings
from inventar.ui.items.table_model import Column
from inventar.ui.sync.database_settings import DatabaseSettingsDialog


def _other_laptop_saves(store, make):
    """Another laptop writes through its own connection (a second thread = a second connection)."""
    thread = threading.Thread(target=lambda: _in_own_connection(store, make))
    thread.start()
    thread.join()


def _in_own_connection(store, make):
    with store.db.connection_context():
        make()


def test_fingerprint_changes_with_every_kind_of_change(store):
    service = ItemService(user="a")
    start = fingerprint()
    item_id = service.create(ItemData(category="chair", title="A"))
    created = fingerprint()
    detail = service.get(item_id)
    detail.data.title = "B"
    service.update(item_id, detail.data, detail.row_version)
    updated = fingerprint()
    service.delete(item_id)
    assert len({start, created, updated, fingerprint()}) == 4


def test_list_refreshes_when_another_laptop_saves(main_window, qtbot):
    window = main_window
    window.table.sortByColumn(Column.TITLE, Qt.SortOrder.DescendingOrder)
    before = window.model.total_count
    live = window.shared_mode.live
    assert not live.check()  # nothing changed yet: no reload
    _other_laptop_saves(window.store, lambda: ItemService(user="anne").create(
        ItemData(category="chair", title="Åååå ny stol fra Anne")))
    with qtbot.waitSignal(live.changed, timeout=2000):
        live.check()
    assert window.model.total_count == before + 1
    titles = [window.model.index(r, Column.TITLE).data() for r in range(window.model.rowCount())]
    assert titles == sorted(titles, key=str.casefold, reverse=True)  # the user's sort order is kept
    assert "Listen er opdateret" in window.statusBar().currentMessage()


def test_focus_triggers_a_check(main_window, qtbot):
    live = main_window.shared_mode.live
    _other_laptop_saves(main_window.store, lambda: ItemService(user="anne").create(ItemData(category="desk")))
    with qtbot.waitSignal(live.changed, timeout=2000):
        live._on_state(Qt.ApplicationState.ApplicationActive)


def test_settings_dialog_validates_and_returns_the_shared_choice(qtbot, tmp_path):
    dialog = DatabaseSettingsDialog(str(tmp_path / "a.sqlite"), "")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.local.isChecked() and not dialog.shared_form.isEnabled()
    qtbot.mouseClick(dialog.shared, Qt.MouseButton.LeftButton, pos=dialog.shared.rect().topLeft() + QPoint(8, 8))
    assert dialog.shared_form.isEnabled()
    dialog.accept()
    assert dialog.result() == 0 and "Serveradresse" in dialog.status.text()
    qtbot.keyClicks(dialog.url_edit, "mysql://x@y/z")
    dialog.accept()
    assert "postgresql://" in dialog.status.text()
    dialog.url_edit.clear()
    qtbot.keyClicks(dialog.url_edit, "postgresql://inventar@server/inventar")
    qtbot.keyClicks(dialog.photo_edit, str(tmp_path / "missing"))
    dialog.accept()
    assert "findes ikke" in dialog.status.text()
    share = tmp_path / "share"
    share.mkdir()
    dialog.photo_edit.setText(str(share))
    with qtbot.waitSignal(dialog.accepted):
        dialog.accept()
    assert (dialog.target(), dialog.photo_folder()) == ("postgresql://inventar@server/inventar", str(share))


def test_settings_dialog_test_button_reports_unreachable_server(qtbot):
    dialog = DatabaseSettingsDialog("", "")
    qtbot.addWidget(dialog)
    dialog.shared.setChecked(True)
    dialog.url_edit.setText("postgresql://nobody@127.0.0.1:1/none")
    assert not dialog.test_connection()
    assert dialog.status.text().startswith("Ingen forbindelse")


@pytest.mark.postgres
def test_settings_dialog_switches_the_window_to_postgres(main_window, qtbot, pg_url, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    seen = {}

    def fill_in():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, DatabaseSettingsDialog):
            QTimer.singleShot(20, fill_in)
            return
        dialog.shared.setChecked(True)
        qtbot.keyClicks(dialog.url_edit, pg_url)
        qtbot.keyClicks(dialog.photo_edit, str(share))
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        seen["status"] = dialog.status.text()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill_in)
    main_window._open_store = lambda target: open_store(target, photo_dir=main_window.settings.get("photo_folder"))
    main_window.shared_mode.edit_settings()
    assert "Forbindelsen virker" in seen["status"] and "tom" in seen["status"]
    assert main_window.store.is_postgres and main_window.store.photo_dir == share
    assert main_window.settings.get("last_database") == pg_url
    assert Settings().get("photo_folder") == str(share)  # saved to disk
    assert main_window.model.total_count == 0


def test_bundle_import_from_the_menu_reports_and_refreshes(main_window, qtbot, tmp_path):
    laptop = open_store(tmp_path / "laptop.sqlite")
    ItemService(user="jens").create(ItemData(category="lamp", title="Le Klint"))
    export_bundle(laptop, tmp_path / "b.zip")
    laptop.close()
    db_proxy.initialize(main_window.store.db)
    before = main_window.model.total_count
    main_window.shared_mode.import_file(tmp_path / "b.zip")
    qtbot.waitUntil(lambda: getattr(main_window.shared_mode, "last_report", None) is not None, timeout=5000)
    report = main_window.shared_mode.last_report
    assert "1 nye" in report.summary.text()
    assert main_window.model.total_count == before + 1
    assert Item.select().where(Item.title == "Le Klint").count() == 1
    report.close()


def test_damaged_bundle_from_the_menu_says_nothing_was_written(main_window, qtbot, tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 broken")
    before = Item.select().count()
    messages = []

    def read_and_close():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, read_and_close)
            return
        messages.append(box.text())
        box.button(QMessageBox.StandardButton.Ok).click()

    QTimer.singleShot(0, read_and_close)
    main_window.shared_mode.import_file(bad)
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert "ikke et gyldigt bundt" in messages[0] and "Intet er skrevet" in messages[0]
    assert Item.select().count() == before


def _close_next_message_box(store_text):
    def poll():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, poll)
            return
        store_text.append(box.text())
        box.button(QMessageBox.StandardButton.Ok).click()
    QTimer.singleShot(0, poll)


def test_bundle_export_from_the_menu_writes_the_changes(main_window, qtbot, tmp_path):
    texts = []
    _close_next_message_box(texts)
    main_window.shared_mode.export_to(tmp_path / "fra-menuen.inventar-bundle")
    qtbot.waitUntil(lambda: bool(texts), timeout=10000)
    assert (tmp_path / "fra-menuen.inventar-bundle").exists()
    assert f"{main_window.model.total_count} genstande" in texts[0]
    assert main_window.shared_mode.last_export.counts["item"] == main_window.model.total_count


@pytest.mark.postgres
def test_server_gone_while_browsing_says_so_and_reconnects(qtbot, pg_url, tmp_path):
    from peewee import PostgresqlDatabase

    from inventar.session import Session
    from inventar.ui.app import build_main_window

    share = tmp_path / "share"
    store = open_store(pg_url, photo_dir=str(share))
    ItemService(user="anne").create(ItemData(category="chair", title="Stol"))
    window = build_main_window(Session.open(store, Settings()), open_store)  # with the connection guard
    qtbot.addWidget(window)
    window.show()
    live = window.shared_mode.live
    pid = store.db.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    admin = PostgresqlDatabase("test", host="127.0.0.1", port=5432, user="postgres")
    admin.connect()
    admin.execute_sql("SELECT pg_terminate_backend(%s)", (pid,))
    admin.close()
    with qtbot.waitSignal(live.connection_state, timeout=3000) as lost:
        QTimer.singleShot(0, window.reload)  # F5 while the server is gone: an uncaught error in a slot
    assert lost.args[0] is False and "Ingen forbindelse" in window.statusBar().currentMessage()
    assert live.offline and window.shared_mode.offline_label.isVisible()
    with qtbot.waitSignal(live.connection_state, timeout=3000) as back:
        live.check()
    assert back.args[0] is True and not live.offline and not window.shared_mode.offline_label.isVisible()
    window.reload()
    assert window.model.total_count == 1
