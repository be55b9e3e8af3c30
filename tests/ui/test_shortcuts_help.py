"""F1 lists the shortcuts of the window it is pressed in; headings and menu mnemonics read right."""

from PySide6.QtCore import Qt

from inventar.ui.shortcuts_dialog import ShortcutsDialog, collect


def _opened(monkeypatch):
    opened = []
    monkeypatch.setattr(ShortcutsDialog, "exec", lambda dialog: opened.append(dialog))
    return opened


def test_submenu_headings_name_their_menu_and_mnemonics_are_unique(qtbot, main_window):
    titles = [title for title, _rows in collect(main_window)]
    assert "Eksportér ▸ Eksportér" not in titles and all(t.count("▸") <= 1 for t in titles)
    mnemonics = []
    for action in main_window.menuBar().actions():
        text = action.text()
        if "&" in text:
            mnemonics.append(text[text.index("&") + 1].lower())
    assert len(mnemonics) == len(set(mnemonics)), mnemonics


def test_f1_in_the_registration_form_lists_the_form_keys(qtbot, main_window, monkeypatch):
    opened = _opened(monkeypatch)
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = main_window.registration.dialog
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_F1)
    assert len(opened) == 1 and opened[0].parent() is dialog
    text = opened[0].browser.toPlainText()
    assert "Ctrl+D" in text and "Kopiér forrige" in text and "Ctrl+Ret" in text  # Return, or Retur with Qt's Danish
    dialog._clean_state = dialog.form_state()
