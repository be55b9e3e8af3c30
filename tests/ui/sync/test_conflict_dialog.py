"""The conflict dialog on its own, and the save helper an edit form calls, against real databases."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QRadioButton

from inventar.domain.items import ItemData
from inventar.domain.sync import MINE, THEIRS, Conflict, compare
from inventar.models import Decision, Item, Room, open_store
from inventar.services.items.service import ItemService
from inventar.ui.sync.conflict_dialog import (
    ConflictDialog,
    save_decision_resolving_conflicts,
    save_item_resolving_conflicts,
)


def _conflict():
    mine = {"title": "Syveren", "material": "Teak", "quantity": 4, "hidden_gold": False}
    theirs = {"title": "Syveren", "material": "Eg", "quantity": 6, "hidden_gold": True}
    base = {"title": "Syveren", "material": "Teak", "quantity": 2, "hidden_gold": False}
    return Conflict("item", "HTK-1", "Syveren", mine, theirs, 3, compare(mine, theirs, list(mine), base),
                    theirs_by="anne")


def test_dialog_shows_each_differing_field_with_both_values_and_preselects(qtbot):
    dialog = ConflictDialog(_conflict())
    qtbot.addWidget(dialog)
    dialog.show()
    names = {b.objectName() for b in dialog.findChildren(QRadioButton)}
    assert names == {"material_mine", "material_theirs", "quantity_mine", "quantity_theirs",
                     "hidden_gold_mine", "hidden_gold_theirs"}
    assert dialog.findChild(QRadioButton, "material_theirs").text() == "Eg"
    assert dialog.findChild(QRadioButton, "hidden_gold_theirs").text() == "Ja"
    # I changed the quantity; they changed material and hidden gold: their side is preselected there.
    assert dialog.choices() == {"material": THEIRS, "quantity": MINE, "hidden_gold": THEIRS}
    intro = dialog.findChild(QLabel, "conflictIntro").text()
    assert "anne" in intro and "Syveren" in intro


def test_choosing_per_field_with_the_mouse_and_all_buttons(qtbot):
    dialog = ConflictDialog(_conflict())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    click_radio(qtbot, dialog, "quantity_theirs")
    click_radio(qtbot, dialog, "material_mine")
    assert dialog.choices() == {"material": MINE, "quantity": THEIRS, "hidden_gold": THEIRS}
    assert dialog.resolved() == {"title": "Syveren", "material": "Teak", "quantity": 6, "hidden_gold": True}
    qtbot.mouseClick(dialog.all_mine, Qt.MouseButton.LeftButton)
    assert set(dialog.choices().values()) == {MINE}
    qtbot.mouseClick(dialog.all_theirs, Qt.MouseButton.LeftButton)
    assert set(dialog.choices().values()) == {THEIRS}
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def click_radio(qtbot, dialog, name):
    button = dialog.findChild(QRadioButton, name)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))  # on the indicator


def _when_modal(qtbot, action):
    """Run ``action(widget)`` on the next modal dialog that opens."""
    def poll():
        widget = QApplication.activeModalWidget()
        if widget is None:
            QTimer.singleShot(20, poll)
            return
        action(widget)
    QTimer.singleShot(0, poll)


def _open_and_change_elsewhere(store, item_id, **changes):
    """Another user saves the item (a second connection in another thread)."""
    def other():
        with store.db.connection_context():
            service = ItemService(user="anne")
            detail = service.get(item_id)
            for name, value in changes.items():
                setattr(detail.data, name, value)
            service.update(item_id, detail.data, detail.row_version)
    thread = threading.Thread(target=other)
    thread.start()
    thread.join()


def test_edit_form_helper_lets_the_user_choose_and_saves_the_mix(qtbot, store):
    room = Room.create(floor=1, number="1.07", name="Byrådssal")
    service = ItemService(user="bent")
    item_id = service.create(ItemData(category="chair", title="Syveren", material="Teak", room_id=room.id))
    opened = service.get(item_id)
    _open_and_change_elsewhere(store, item_id, material="Eg", colour="Sort")
    mine = ItemData(**{**opened.data.as_dict(), "title": "Syveren 3107", "material": "Teak (olieret)"})

    def choose(dialog):
        assert isinstance(dialog, ConflictDialog)
        assert {f.name for f in dialog.conflict.fields} == {"title", "material", "colour"}
        click_radio(qtbot, dialog, "material_theirs")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    _when_modal(qtbot, choose)
    version = save_item_resolving_conflicts(None, service, store.db, item_id, mine, opened.row_version,
                                            base=opened.data)
    assert version == 3
    row = Item.get_by_id(item_id)
    assert (row.title, row.material, row.colour) == ("Syveren 3107", "Eg", "Sort")  # colour: only they changed it


def test_cancel_saves_nothing(qtbot, store):
    service = ItemService(user="bent")
    item_id = service.create(ItemData(category="chair", title="Syveren"))
    opened = service.get(item_id)
    _open_and_change_elsewhere(store, item_id, title="Anne var her")
    _when_modal(qtbot, lambda dialog: qtbot.mouseClick(dialog.findChild(type(dialog.save_button), "cancel"),
                                                       Qt.MouseButton.LeftButton))
    mine = ItemData(**{**opened.data.as_dict(), "title": "Bent var her"})
    assert save_item_resolving_conflicts(None, service, store.db, item_id, mine, opened.row_version) is None
    assert Item.get_by_id(item_id).title == "Anne var her"
    assert mine.title == "Bent var her"  # the form's input is untouched


def test_decisions_use_the_same_dialog(qtbot, store):
    service = ItemService(user="bent")
    item_id = service.create(ItemData(category="chair", title="Syveren"))
    decision = Decision.create(item=item_id, kind="pending", reason="")
    from inventar.services.sync.conflicts import update_decision

    update_decision(decision.id, {"kind": "dispose", "route": "sell"}, 1, "anne")

    def choose(dialog):
        assert {f.name for f in dialog.conflict.fields} == {"kind", "route", "reason"}
        click_radio(qtbot, dialog, "route_theirs")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    _when_modal(qtbot, choose)
    version = save_decision_resolving_conflicts(None, store.db, decision.id,
                                                {"kind": "reuse", "route": "", "reason": "Klassiker"}, 1, "bent")
    assert version == 3
    row = Decision.get_by_id(decision.id)
    assert (row.kind, row.route, row.reason) == ("reuse", "sell", "Klassiker")


@pytest.mark.postgres
def test_server_gone_while_saving_keeps_the_form_and_retry_saves(qtbot, pg_url, tmp_path):
    from peewee import PostgresqlDatabase

    from inventar.ui.sync.connection_guard import ConnectionLostDialog

    store = open_store(pg_url, photo_dir=str(tmp_path / "share"))
    try:
        service = ItemService(user="bent")
        item_id = service.create(ItemData(category="chair", title="Syveren"))
        opened = service.get(item_id)
        pid = store.db.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
        admin = PostgresqlDatabase("test", host="127.0.0.1", port=5432, user="postgres")
        admin.connect()
        admin.execute_sql("SELECT pg_terminate_backend(%s)", (pid,))
        admin.close()
        seen = []

        def retry(dialog):
            assert isinstance(dialog, ConnectionLostDialog)
            seen.append(dialog.text())
            dialog.retry_button.click()

        _when_modal(qtbot, retry)
        mine = ItemData(**{**opened.data.as_dict(), "title": "Syveren 3107"})
        assert save_item_resolving_conflicts(None, service, store.db, item_id, mine, opened.row_version) == 2
        assert "afbrudt" in seen[0] and "bevaret" in seen[0]
        assert Item.get_by_id(item_id).title == "Syveren 3107"
    finally:
        store.close()


def test_plain_save_without_conflict_opens_no_dialog(qtbot, store):
    service = ItemService(user="bent")
    item_id = service.create(ItemData(category="chair", title="A"))
    opened = service.get(item_id)
    assert save_item_resolving_conflicts(None, service, store.db, item_id, opened.data, 1) == 2
    assert QApplication.activeModalWidget() is None
