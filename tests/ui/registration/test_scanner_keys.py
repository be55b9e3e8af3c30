"""Scanner-safe keyboard: scans anywhere in the main window, Enter never presses a button, Alt+G, old messages."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton

from inventar.models import Item
from inventar.services.labels.codes import LabelCodeService
from tests.ui.registration.test_dialog import dialog  # noqa: F401 - fixtures


def _focus_table(qtbot, window, row: int = 0) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: window.registration.item_list.scans.watching)  # from the window's first paint on
    index = window.model.index(row, 0)
    window.table.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus)


def test_a_code_scanned_into_the_item_table_opens_that_item(qtbot, main_window):
    target = Item.select().where(Item.label_code.is_null(False)).order_by(Item.id.desc()).first()
    _focus_table(qtbot, main_window)
    qtbot.keyClicks(main_window.table, target.label_code)
    qtbot.keyClick(main_window.table, Qt.Key.Key_Return)
    assert main_window.model.item_id(main_window.table.currentIndex()) == target.id
    form = main_window.registration.dialog  # the scan's Enter did not open the edit form of the old row
    assert form is None or not form.isVisible()


def test_a_slow_scanner_still_opens_the_scanned_item_not_the_type_ahead_row(qtbot, main_window):
    """A Bluetooth scanner or a busy laptop: 80 ms between keys. The table's type-ahead jumps around while
    the code arrives; Enter must open the scanned item, not edit whatever row it landed on."""
    target = Item.select().where(Item.label_code.is_null(False)).order_by(Item.id).first()
    _focus_table(qtbot, main_window, row=3)
    for char in target.label_code:
        if char.isupper():  # a scanner (and xdotool) press Shift for every capital
            qtbot.keyPress(main_window.table, Qt.Key.Key_Shift)
        qtbot.keyClick(main_window.table, char)
        qtbot.wait(80)
    qtbot.keyClick(main_window.table, Qt.Key.Key_Return)
    assert main_window.model.item_id(main_window.table.currentIndex()) == target.id
    form = main_window.registration.dialog
    assert form is None or not form.isVisible()


def test_a_free_preprinted_code_scanned_into_the_table_starts_a_registration(qtbot, main_window):
    code = LabelCodeService(user="pedel").reserve_batch(1)[0].code
    _focus_table(qtbot, main_window)
    qtbot.keyClicks(main_window.table, code)
    qtbot.keyClick(main_window.table, Qt.Key.Key_Return)
    form = main_window.registration.dialog
    assert form is not None and form.isVisible() and not form.edit.active
    assert form.label_code.text() == code


def test_a_scan_into_the_search_field_is_taken_out_again(qtbot, main_window):
    target = Item.select().where(Item.label_code.is_null(False)).order_by(Item.id).first()
    _focus_table(qtbot, main_window, row=3)
    main_window.search.setFocus()
    qtbot.waitUntil(main_window.search.hasFocus)
    qtbot.keyClicks(main_window.search, target.label_code)
    qtbot.keyClick(main_window.search, Qt.Key.Key_Return)
    assert main_window.search.text() == ""
    assert main_window.model.item_id(main_window.table.currentIndex()) == target.id


def test_enter_in_text_fields_never_presses_a_button(qtbot, dialog, monkeypatch):  # noqa: F811
    opened = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: opened.append(a) or ([], ""))
    assert not any(b.autoDefault() or b.isDefault() for b in dialog.findChildren(QPushButton))
    dialog.fields["title"].setFocus()
    qtbot.waitUntil(dialog.fields["title"].hasFocus)
    qtbot.keyClicks(dialog.fields["title"], "Syveren")
    qtbot.keyClick(dialog.fields["title"], Qt.Key.Key_Return)
    assert opened == [] and dialog.isVisible()


def test_enter_in_the_label_code_field_takes_the_code_and_moves_on(qtbot, dialog):  # noqa: F811
    owner = Item.select().where(Item.label_code.is_null(False)).order_by(Item.id).first()
    dialog.label_code.setFocus()
    qtbot.waitUntil(dialog.label_code.hasFocus)
    qtbot.keyClicks(dialog.label_code, owner.label_code)
    qtbot.keyClick(dialog.label_code, Qt.Key.Key_Return)
    assert "tilhører allerede" in dialog.message.text() and dialog.label_code.hasFocus()
    dialog.label_code.clear()
    qtbot.keyClicks(dialog.label_code, "GL-1234")
    qtbot.keyClick(dialog.label_code, Qt.Key.Key_Return)
    assert dialog.description.hasFocus() and dialog.label_code.text() == "GL-1234"


def test_alt_g_reaches_gemt_guld_and_its_reason(qtbot, dialog):  # noqa: F811
    dialog.category_list.setFocus()
    qtbot.keyClicks(dialog.category_list, "And")  # »Andet«: outside the strategy, gemt guld is required
    assert dialog.gold.isChecked() and dialog.gold.isEnabled()
    dialog.fields["title"].setFocus()
    qtbot.keyClicks(dialog.fields["title"], "Byvåben")
    qtbot.keyClick(dialog.fields["title"], Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.gold_reason.hasFocus)
    assert dialog.fields["title"].text() == "Byvåben" and dialog.gold.isChecked()


def test_criteria_are_tickable_by_keyboard_first(qtbot, dialog):  # noqa: F811
    dialog.category_list.setFocus()
    qtbot.keyClicks(dialog.category_list, "Sof")
    assert dialog.gold.isChecked()
    first = next(iter(dialog.criteria.values()))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(first.isChecked)
    assert not dialog.gold.isChecked()


def test_an_old_error_is_gone_when_the_form_is_reopened(qtbot, main_window, dialog):  # noqa: F811
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "Kategori" in dialog.message.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and dialog.message.text() == ""


def test_a_scan_begun_before_the_window_was_first_painted_still_opens_the_item(qtbot, demo_store, app_settings,
                                                                                 forget_unsaved):
    """The scan buffer starts watching after the window's first paint; a scanner fired at the app's very start
    types the first part of its code into the search field before that, the rest and Enter after it."""
    from inventar.ui.main_window import MainWindow

    target = Item.select().where(Item.label_code.is_null(False)).order_by(Item.id).first()
    window = MainWindow.open(demo_store, app_settings, lambda location: None)
    qtbot.addWidget(window, before_close_func=forget_unsaved)
    window.show()
    scans = window.registration.item_list.scans
    early, late = target.label_code[:5], target.label_code[5:]
    qtbot.keyClicks(window.search, early)  # no event loop turn yet: nothing has been painted
    assert not scans.watching
    qtbot.waitUntil(lambda: scans.watching)
    window.activateWindow()
    window.search.setFocus()
    qtbot.waitUntil(window.search.hasFocus)
    qtbot.keyClicks(window.search, late)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.search.text() == ""
    assert window.model.item_id(window.table.currentIndex()) == target.id
