"""Correcting and deleting a saved item from the main window's list, driven with qtbot on the real widgets."""

from __future__ import annotations

from functools import partial

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from inventar.domain.items import ItemData
from inventar.domain.registration import load_strategy
from inventar.domain.sync import MINE
from inventar.models import Decision, Item, Photo
from inventar.paths import asset_path
from inventar.services.items.service import ItemService
from inventar.services.registration.service import RegistrationService
from inventar.ui.sync.conflict_dialog import save_item_resolving_conflicts
from tests.support.photofiles import plain_jpeg

_made: dict[str, Item] = {}


def _item_with_photos() -> Item:
    """A chair »Syveren« with two photos (the second primary) and a label code, saved through the services."""
    return _made["item"]


def _select(window, item_id: int) -> None:
    index = window.model.index_of_item(item_id)
    window.table.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    window.table.setFocus()


def _answer_box(button_text: str) -> list[str]:
    """Click ``button_text`` in the message box that opens next; the box's text is appended to the list."""
    seen: list[str] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        for button in box.buttons():
            if button_text in button.text():
                button.click()
                return
        box.reject()

    QTimer.singleShot(0, click)
    return seen


@pytest.fixture
def window(qtbot, main_window, tmp_path):
    session = main_window.session
    photos = [session.photos.import_file(plain_jpeg(tmp_path / f"{c}.jpg", c)) for c in ("red", "blue")]
    room = Item.select(Item.room).where(Item.room.is_null(False)).scalar()
    registration = RegistrationService(session.items, session.photo_service,
                                       load_strategy(asset_path("strategy.json")))
    item_id = registration.register(ItemData(category="chair", room_id=room, strategy_criteria=["period"],
                                             title="Syveren"), photos, primary=1, label_code="GL-4711")
    _made["item"] = Item.get_by_id(item_id)
    main_window.reload()
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    return main_window


def _open_by_enter(qtbot, window, item: Item):
    _select(window, item.id)
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    dialog = window.registration.dialog
    assert dialog is not None and dialog.isVisible() and dialog.edit.item_id == item.id
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_enter_opens_the_item_for_editing_and_saving_writes_fields_and_photos(qtbot, window):
    item = _item_with_photos()
    dialog = _open_by_enter(qtbot, window, item)
    assert "Redigér genstand" in dialog.windowTitle()
    assert dialog.fields["title"].text() == item.title and dialog.label_code.text() == item.label_code
    assert dialog.room_id() == item.room_id and dialog.category() == item.category
    assert len(dialog.photo_strip.photos()) == item.photos.count()
    assert dialog.delete_button.isVisible() and not dialog.is_dirty()

    dialog.fields["title"].selectAll()
    qtbot.keyClicks(dialog.fields["title"], "Rettet titel")
    dialog.photo_strip.view.setFocus()
    qtbot.waitUntil(dialog.photo_strip.view.hasFocus)
    dialog.photo_strip.view.setCurrentIndex(dialog.photo_strip.model.index(0))
    qtbot.keyClick(dialog.photo_strip.view, Qt.Key.Key_Delete)
    kept = [p.file_hash for p in dialog.photo_strip.photos()]
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    saved = Item.get_by_id(item.id)
    assert saved.title == "Rettet titel" and saved.row_version > item.row_version
    rows = list(Photo.select().where(Photo.item == item.id).order_by(Photo.position))
    assert [p.file_hash for p in rows] == kept and rows[0].is_primary
    assert window.registration.dialog.windowTitle() == "Registrér inventar"
    qtbot.waitUntil(lambda: window.detail.item_id == item.id)
    assert "Rettet titel" in [label.text() for label in window.detail.findChildren(QLabel)], \
        "the detail pane shows the corrected item"


def test_double_click_and_a_conflict_go_through_the_conflict_helper(qtbot, window):
    item = _item_with_photos()
    index = window.model.index_of_item(item.id)
    window.table.doubleClicked.emit(index)
    dialog = window.registration.dialog
    assert dialog.edit.item_id == item.id
    asked = []

    def ask(_parent, conflict):
        asked.append([f.name for f in conflict.fields])
        return {f.name: MINE for f in conflict.fields}

    dialog.edit.versioned_save = partial(save_item_resolving_conflicts, ask=ask)
    other = ItemService(user="kollega")
    theirs = other.get(item.id).data
    theirs.title = "Kollegas titel"
    other.update(item.id, theirs, item.row_version)
    dialog.fields["title"].setText("Min titel")
    assert dialog.save() == item.id
    assert asked == [["title"]] and Item.get_by_id(item.id).title == "Min titel"


def test_delete_key_asks_deletes_and_ctrl_z_restores(qtbot, window):
    item = _item_with_photos()
    photos = item.photos.count()
    _select(window, item.id)
    seen = _answer_box("Slet")
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert seen and (item.title in seen[0] or str(item.label_code) in seen[0] or "Slet" in seen[0])
    assert not Item.select().where(Item.id == item.id).exists()
    assert window.model.index_of_item(item.id).isValid() is False
    assert window.registration.item_list.deletion.undo_button.isVisible()
    window.activateWindow()  # (offscreen, the closed question box does not hand activation back)
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert Item.get_by_id(item.id).photos.count() == photos
    assert window.model.index_of_item(item.id).isValid()


def test_cancel_keeps_the_item_and_an_approved_decision_refuses(qtbot, window):
    item = _item_with_photos()
    _select(window, item.id)
    _answer_box("Annullér")
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert Item.select().where(Item.id == item.id).exists()
    Decision.create(item=item.id, kind="reuse", approval="approved", decided_by="direktionen")
    seen = _answer_box("OK")
    window.registration.item_list.delete_action.trigger()
    assert "godkendt beslutning" in seen[0]
    assert Item.select().where(Item.id == item.id).exists()


def test_delete_button_in_the_edit_form(qtbot, window):
    item = _item_with_photos()
    dialog = _open_by_enter(qtbot, window, item)
    _answer_box("Slet")
    dialog.delete_button.click()
    assert not Item.select().where(Item.id == item.id).exists()
    assert not dialog.isVisible() and not dialog.edit.active


def test_an_item_saved_outside_the_strategy_is_corrected_without_forcing_gemt_guld(qtbot, window):
    """An item from an imported list (an office chair, no criterion, no photo) opens with a warning, not with
    *gemt guld* ticked; a correction saves; a change to its criteria asks for the strategy again."""
    room = Item.select(Item.room).where(Item.room.is_null(False)).scalar()
    listed = window.session.items.create(ItemData(category="task_chair", room_id=room, title="Kontorstol"))
    window.reload()
    dialog = _open_by_enter(qtbot, window, Item.get_by_id(listed))
    panel = dialog.strategy
    assert not panel.gold.isChecked() and "Sådan er genstanden gemt" in panel.note.text()

    qtbot.keyClicks(dialog.fields["title"], " med armlæn")
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    saved = Item.get_by_id(listed)
    assert (saved.title, saved.hidden_gold, saved.strategy_criteria) == ("Kontorstol med armlæn", False, "")

    dialog = _open_by_enter(qtbot, window, saved)
    panel = dialog.strategy
    box = panel.criteria["period"]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)  # a criterion, but the category stays outside: gemt guld is asked for
    assert panel.gold.isChecked() and "uden for strategien" in panel.note.text()
    qtbot.keyClick(box, Qt.Key.Key_Space)  # back as saved: no longer forced
    assert not panel.gold.isChecked() and "Sådan er genstanden gemt" in panel.note.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
