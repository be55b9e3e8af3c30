"""First run (no rooms: the window offers rooms) and demo data only ever in the separate demo file."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from inventar.models import Item, Room, open_store
from inventar.services.demo.status import demo_database_path
from inventar.settings import Settings
from inventar.ui.rooms.banner import NEW_ROOM, RoomBanner
from inventar.ui.rooms.new_room import NewRoomDialog


def _window(qtbot, store):
    from inventar.ui.main_window import MainWindow

    window = MainWindow.open(store, Settings(), open_store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_an_empty_database_offers_to_add_or_import_rooms(qtbot, store, tmp_path, monkeypatch):
    window = _window(qtbot, store)
    panel = window.table.first_run
    assert panel.isVisible() and "ingen rum" in panel.text.text()
    panel.add_button.click()
    rooms = window.registration.open_rooms()
    assert rooms.isVisible()
    csv = tmp_path / "rum.csv"
    csv.write_text("etage;nummer;navn\n1;1.01;Kontor\n", encoding="utf-8")
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName", lambda *a, **k: (str(csv), ""))
    panel.import_button.click()
    assert Room.select().count() == 1
    assert not panel.isVisible(), "the panel goes once rooms exist"
    assert window.table.empty_label.isVisible() and "Ctrl+N" in window.table.empty_label.text()


def test_the_room_chooser_creates_a_new_room(qtbot, store, monkeypatch):
    from inventar.services.rooms.service import RoomService

    banner = RoomBanner(RoomService(user="test"))
    qtbot.addWidget(banner)
    banner.reload()

    def fill(dialog):
        dialog.floor.setValue(2)
        dialog.number.setText("2.17")
        dialog.name.setText("Depot")
        dialog.accept()
        return NewRoomDialog.DialogCode.Accepted

    monkeypatch.setattr(NewRoomDialog, "exec", fill)
    banner.combo.setCurrentIndex(banner.combo.findData(NEW_ROOM))
    room = Room.get(Room.number == "2.17")
    assert banner.room_id() == room.id and room.floor == 2 and "Depot" in banner.title.text()


def test_a_missing_room_says_how_to_create_one(store):
    from inventar.domain.items import ItemData, ValidationError
    from inventar.services.registration.service import RegistrationService

    service = RegistrationService.__new__(RegistrationService)
    try:
        service.check(ItemData(category="chair"), photo_count=1)
    except ValidationError as exc:
        assert "Nyt rum" in str(exc)
    else:
        raise AssertionError("no room must be refused")


def test_demo_data_goes_into_a_separate_file_never_among_real_items(qtbot, store, monkeypatch):
    store_target = store.target
    Room.create(floor=1, number="1.01")
    window = _window(qtbot, store)
    from inventar.domain.items import ItemData
    from inventar.services.items.service import ItemService

    ItemService(user="ulla").create(ItemData(category="chair", title="Rigtig stol", room_id=Room.get().id))
    asked = []

    def question(parent, title, text, buttons, default):
        asked.append(default)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    assert window.load_demo() is None
    assert asked == [QMessageBox.StandardButton.No], "No is the default"
    assert window.session.store.target == store_target and Item.select().count() == 1

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    job = window.load_demo()
    assert window.session.store.target == str(demo_database_path())
    assert window.session.store.photo_dir != store.photo_dir
    qtbot.waitUntil(lambda: not job.running, timeout=120_000)
    assert job.outcome == "done"
    assert Item.select().count() == 2000 and Item.select().where(Item.is_demo == False).count() == 0  # noqa: E712
    assert "DEMO" in window.windowTitle()
    assert Settings().get("last_database") != str(demo_database_path()), "the next start opens the real database"
    window.switch_database(store_target)
    assert Item.select().count() == 1 and "DEMO" not in window.windowTitle()
