"""The main window driven with qtbot: typing in the search, selecting rows, remembered layout."""

from peewee import fn
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase

from inventar.domain.items import ItemData
from inventar.models import Item, open_store
from inventar.services.items.service import ItemService
from inventar.settings import Settings
from inventar.ui.items.table_model import Column


def test_fonts_are_installed(qapp):
    assert QFontDatabase.families(), "without fonts Qt draws empty boxes: install fonts-dejavu-core"


def test_typing_filters_the_table_and_updates_the_status(qtbot, main_window):
    total = Item.select().count()
    assert main_window.model.rowCount() == total
    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert main_window.search.hasFocus()
    qtbot.keyClicks(main_window.search, "kontorstol")
    expected = Item.select().where(Item.category == "task_chair").count()
    assert 0 < expected < total
    assert main_window.model.rowCount() == expected
    categories = {main_window.model.index(r, Column.CATEGORY).data() for r in range(expected)}
    assert categories == {"Kontorstol"}
    assert f"{expected} vist" in main_window.count_label.text()
    qtbot.keyClick(main_window.search, Qt.Key.Key_Escape)
    assert main_window.search.text() == ""
    assert main_window.model.rowCount() == total


def test_a_keystroke_repaints_the_table_once(qtbot, main_window):
    """Its new rows are laid out with the search, not in a later turn that painted the whole table again."""
    from PySide6.QtCore import QEvent, QObject

    class PaintCounter(QObject):
        paints = 0

        def eventFilter(self, watched, event):  # noqa: N802 (Qt naming)
            if event.type() == QEvent.Type.Paint:
                self.paints += 1
            return False

    from inventar.ui.row_delegate import RowDelegate

    qtbot.waitUntil(lambda: isinstance(main_window.table.itemDelegate(), RowDelegate))  # the window has settled
    counter = PaintCounter()
    main_window.table.viewport().installEventFilter(counter)
    for text in ("stol", "sto", "st"):
        qtbot.wait(50)
        counter.paints = 0
        main_window.search.setText(text)
        qtbot.wait(100)
        assert counter.paints == 1, text
    main_window.table.viewport().removeEventFilter(counter)


def test_the_tables_own_viewport_is_the_one_qt_would_make(qtbot, main_window):
    """The item table makes its viewport itself (see ItemTableView); it looks and paints like Qt's own."""
    from PySide6.QtWidgets import QTableView

    plain = QTableView()
    qtbot.addWidget(plain)
    ours, qts = main_window.table.viewport(), plain.viewport()
    assert (ours.objectName(), ours.backgroundRole(), ours.autoFillBackground(), ours.focusPolicy()) == \
        (qts.objectName(), qts.backgroundRole(), qts.autoFillBackground(), qts.focusPolicy())
    assert ours.parent() is main_window.table and ours.focusProxy() is main_window.table


def test_no_match_shows_an_empty_state(qtbot, main_window):
    qtbot.keyClicks(main_window.search, "zzz-findes-ikke")
    assert main_window.model.rowCount() == 0
    assert main_window.table.empty_label.isVisible()
    assert "zzz-findes-ikke" in main_window.table.empty_label.text()


def test_selecting_a_row_shows_its_details_and_photo(qtbot, main_window):
    table = main_window.table
    rect = table.visualRect(main_window.model.index(3, Column.TITLE))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    item_id = main_window.model.item_id(main_window.model.index(3, 0))
    item = Item.get_by_id(item_id)
    assert main_window.detail.item_id == item_id
    assert main_window.detail.values["title"].text() == item.title
    assert main_window.detail.values["quantity"].text() == str(item.quantity)
    assert not main_window.detail.photo.pixmap().isNull()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert main_window.detail.item_id == main_window.model.item_id(main_window.model.index(4, 0))


def test_selection_survives_search_while_it_still_matches(qtbot, main_window):
    main_window.table.selectRow(0)
    item_id = main_window.detail.item_id
    title = Item.get_by_id(item_id).title
    qtbot.keyClicks(main_window.search, title.lower())
    assert main_window.detail.item_id == item_id


def test_empty_database_explains_what_to_do(qtbot, store):
    from inventar.ui.main_window import MainWindow

    window = MainWindow.open(store, Settings(), open_store)
    qtbot.addWidget(window)
    window.show()
    assert window.table.first_run.isVisible(), "no rooms yet: the first-run panel offers them"
    assert "Indlæs demodata" in window.table.first_run.text.text()
    assert window.detail.currentIndex() == 0, "the detail pane says to choose an item"


def test_a_long_list_shows_its_first_rows_at_once_and_the_rest_after_the_first_paint(qtbot, demo_store,
                                                                                        monkeypatch):
    from inventar.ui import main_window as module

    monkeypatch.setattr(module, "FIRST_ROWS", 10)  # the demo's 60 items stand in for 10,000
    oldest = Item.select(fn.MIN(Item.id)).scalar()
    Item.update(label_code="HTK-ZZ0001-X").where(Item.id == oldest).execute()  # the list's first row
    no_code = ItemService(user="test").create(ItemData(category="chair", title="Uden kode"))  # its last row
    total, quantity = Item.select().count(), sum(i.quantity for i in Item.select())
    window = module.MainWindow.open(demo_store, Settings(), open_store)
    qtbot.addWidget(window)
    assert not window.model.complete and window.model.rowCount() == 10
    first_rows = window.model.visible_ids()
    assert first_rows[0] == oldest and no_code not in first_rows
    assert window.model.total_count == total  # the status bar counts every item already
    assert window.count_label.text() == f"{total} genstande ({quantity} stk.)"
    window.search.setText("kontorstol")  # typed before the rest arrived: it searches the rest too
    window.show()
    qtbot.waitUntil(lambda: window.model.complete)
    expected = Item.select().where(Item.category == "task_chair").count()
    assert window.model.rowCount() == expected and f"{expected} vist" in window.count_label.text()
    window.search.clear()
    assert window.model.rowCount() == total
    assert window.model.visible_ids()[:10] == first_rows  # the rows shown first are the list's first rows
    assert window.model.visible_ids()[-1] == no_code


def test_a_sorted_long_list_is_loaded_whole(qtbot, demo_store, monkeypatch):
    from inventar.ui import main_window as module

    monkeypatch.setattr(module, "FIRST_ROWS", 10)
    first = module.MainWindow.open(demo_store, Settings(), open_store)
    qtbot.addWidget(first)
    first.table.sortByColumn(Column.TITLE, Qt.SortOrder.AscendingOrder)
    first.close()  # the sort is remembered with the header
    second = module.MainWindow.open(demo_store, Settings(), open_store)
    qtbot.addWidget(second)
    assert second.model.complete and second.model.rowCount() == Item.select().count()
    titles = [second.model.index(r, Column.TITLE).data() for r in range(second.model.rowCount())]
    assert titles == sorted(titles, key=str.casefold)


def test_layout_is_remembered(qtbot, demo_store):
    from inventar.ui.main_window import MainWindow

    first = MainWindow.open(demo_store, Settings(), open_store)
    qtbot.addWidget(first)
    first.show()
    first.resize(700, 520)  # the offscreen screen is 800 x 600
    first.table.setColumnWidth(Column.TITLE, 333)
    first.table.horizontalHeader().moveSection(Column.ROOM, 0)
    first.close()

    second = MainWindow.open(demo_store, Settings(), open_store)
    qtbot.addWidget(second)
    second.show()
    assert second.table.columnWidth(Column.TITLE) == 333
    assert second.table.horizontalHeader().visualIndex(Column.ROOM) == 0
    assert (second.width(), second.height()) == (700, 520)


def test_switching_to_a_broken_database_keeps_the_current_one(qtbot, main_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_text("not a database")
    before = main_window.model.total_count
    assert main_window.switch_database(str(bogus)) is False
    assert "ikke en Inventar-database" in shown[0]
    assert main_window.model.total_count == before
    main_window.reload()
    assert main_window.model.total_count == before


def test_f1_lists_the_shortcuts_of_the_menus(qtbot, main_window, monkeypatch):
    from inventar.ui.shortcuts_dialog import ShortcutsDialog, collect

    groups = dict(collect(main_window))
    assert ("Ctrl+F", "Søg") in groups["Vis"]
    assert ("Ctrl+O", "Åbn database") in groups["Filer"]
    opened = []
    monkeypatch.setattr(ShortcutsDialog, "exec", lambda dialog: opened.append(dialog.browser.toPlainText()))
    qtbot.keyClick(main_window, Qt.Key.Key_F1)
    assert "Ctrl+Shift+O" in opened[0] and "Overblik" in opened[0]


def test_qt_standard_buttons_speak_danish(qapp):
    from PySide6.QtWidgets import QDialogButtonBox

    from inventar.ui.app import install_qt_translations

    install_qt_translations(qapp)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close | QDialogButtonBox.StandardButton.Cancel)
    texts = {button.text().replace("&", "") for button in box.buttons()}
    assert texts == {"Luk", "Annuller"}


def test_no_two_actions_share_a_shortcut(qtbot, main_window):
    from PySide6.QtGui import QAction

    seen: dict[str, str] = {}
    for action in main_window.findChildren(QAction):
        for sequence in action.shortcuts():
            key = sequence.toString()
            if not key or not action.isEnabled() and not action.isVisible():
                continue
            assert key not in seen or seen[key] == action.text(), \
                f"{key} is both »{seen[key]}« and »{action.text()}«"
            seen[key] = action.text()
    assert "Ctrl+F" in seen and "F1" in seen
