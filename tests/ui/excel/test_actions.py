"""The Excel menu, the import preview and the needs window, driven with qtbot on a demo database."""

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QSpinBox

from inventar.models import Centre, Decision, Floor, FurnishingNorm, Item, Need
from inventar.services.excel.importer import Rejection
from inventar.ui.table_model import ListColumn, ListTableModel


def _menu_action(window, *path):
    actions = window.menuBar().actions()
    for name in path:
        action = next(a for a in actions if a.text().replace("&", "") == name)
        actions = action.menu().actions() if action.menu() else []
    return action


def test_list_model_passes_the_model_tester(qtmodeltester):
    edits = []
    model = ListTableModel([ListColumn("Række", lambda r: r.row, numeric=True),
                            ListColumn("Årsag", lambda r: r.reason, editable=True)],
                           on_edit=lambda row, column, value: edits.append(value) or True)
    model.set_rows([Rejection("Ark", 3, "A »Kategori«", "ukendt"), Rejection("Ark", 7, "C »Bredde«", "for bred")])
    qtmodeltester.check(model)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Årsag"
    assert model.setData(model.index(0, 1), "ny") and edits == ["ny"]
    assert not model.setData(model.index(0, 0), 9)


def test_export_register_from_the_menu_runs_off_the_gui_thread(qtbot, main_window, tmp_path):
    target = tmp_path / "register.xlsx"
    main_window.excel.ask_path = lambda title, stem: str(target)
    action = _menu_action(main_window, "Excel", "Eksportér", "Register …")
    assert action.shortcut().toString() == "Ctrl+Shift+X"
    action.trigger()
    qtbot.waitUntil(lambda: main_window.excel.last_result is not None, timeout=15_000)
    book = openpyxl.load_workbook(target)
    assert book["Genstande"].max_row == 1 + Item.select().count()
    assert "register.xlsx" in main_window.statusBar().currentMessage()


def test_board_export_with_photos_from_the_menu(qtbot, main_window, tmp_path):
    for item in Item.select().limit(3):
        Decision.create(item=item, kind="reuse", approval="proposed")
    target = tmp_path / "direktion.xlsx"
    main_window.excel.ask_path = lambda title, stem: str(target)
    _menu_action(main_window, "Excel", "Eksportér", "Indstilling til direktionen …").trigger()
    qtbot.waitUntil(lambda: main_window.excel.last_result is not None, timeout=15_000)
    ws = openpyxl.load_workbook(target)["Indstilling"]
    assert ws.max_row == 4
    assert len(ws._images) == 3  # every demo item has a photo


def _wait_for_preview(qtbot, dialog):
    qtbot.waitUntil(lambda: dialog.plan is not None or dialog.error is not None, timeout=15_000)


def test_import_preview_lists_rejected_rows_and_writes_only_after_confirming(qtbot, main_window, tmp_path):
    path = tmp_path / "liste.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Genstande"
    for row in (["Kategori", "Betegnelse", "Bredde", "Antal"], ["Sofa", "Chesterfield", "ca. 210", 1],
                ["Rumskib", "Ukendt", None, 1], ["Stol", "Myren", "80,5", "mange"], ["Lampe", "PH 5", "50 cm", 2]):
        ws.append(row)
    book.save(path)
    before = Item.select().count()
    dialog = main_window.excel.import_file(str(path))
    qtbot.addWidget(dialog)
    _wait_for_preview(qtbot, dialog)
    assert dialog.error is None
    assert dialog.proxy.rowCount() == 2
    rows = [(dialog.model.rows[i].row, dialog.model.rows[i].column) for i in range(2)]
    assert rows == [(3, "A »Kategori«"), (4, "D »Antal«")]
    assert "2 gyldige og 2 afviste" in dialog.heading.text()
    assert dialog.import_button.text() == "Importér 2 rækker"
    assert Item.select().count() == before  # nothing written by the preview

    dialog.copy_button.click()
    assert "Rumskib" in QApplication.clipboard().text()

    with qtbot.waitSignal(dialog.imported, timeout=15_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert Item.select().count() == before + 2
    assert Item.get(Item.title == "Chesterfield").width_cm == 210.0
    qtbot.waitUntil(lambda: main_window.model.total_count == before + 2)


def test_import_of_a_bad_file_says_why_and_offers_nothing(qtbot, main_window, tmp_path):
    path = tmp_path / "noter.xlsx"
    path.write_text("Kategori;Antal")
    before = Item.select().count()
    dialog = main_window.excel.import_file(str(path))
    qtbot.addWidget(dialog)
    _wait_for_preview(qtbot, dialog)
    assert "ikke en Excel-projektmappe" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    assert dialog.table.isHidden()
    assert Item.select().count() == before


def test_needs_window_norm_needs_and_procurement(qtbot, main_window, monkeypatch):
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: pytest.fail(f"unexpected warning {args[2]}"))
    dialog = main_window.needs.show_needs()
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    bac = Centre.get(Centre.abbreviation == "BAC")

    # the norm: 1 meeting table per 10 workplaces becomes 1 per 5, typed into the table
    dialog.tabs.setCurrentIndex(1)
    view = dialog.norm_table
    row = next(i for i, r in enumerate(dialog.norm_model.rows) if r["category"] == "meeting_table")
    index = view.model().mapFromSource(dialog.norm_model.index(row, 2))
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.viewport().findChild(QSpinBox)
    assert editor is not None and editor.value() == 10
    editor.selectAll()
    qtbot.keyClicks(editor, "5")
    assert editor.value() == 5
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)  # the delegate commits queued
    assert FurnishingNorm.get(FurnishingNorm.category == "meeting_table").per_workplaces == 5
    needs = {(n.centre, n.category): n.quantity for n in dialog.need_model.rows}
    assert needs[("BAC", "meeting_table")] == -(-bac.headcount // 5)

    # an entered need for BAC's desks on a floor
    dialog.tabs.setCurrentIndex(0)
    floor = Floor.get(Floor.level == 1)
    dialog.centre_box.setCurrentIndex(dialog.centre_box.findData(bac.id))
    dialog.floor_box.setCurrentIndex(dialog.floor_box.findData(floor.id))
    dialog.category_box.setCurrentIndex(dialog.category_box.findData("desk"))
    dialog.quantity_box.setValue(25)
    qtbot.mouseClick(dialog.findChild(type(dialog.clear_button), "addNeed"), Qt.MouseButton.LeftButton)
    need = Need.get((Need.centre == bac.id) & (Need.category == "desk"))
    assert (need.quantity, need.floor_id) == (25, floor.id)
    assert not any(n.centre == "BAC" and n.category == "desk" and n.source == "norm" for n in dialog.need_model.rows)

    # the purchase list follows, and the basis can be switched
    dialog.tabs.setCurrentIndex(2)
    lines = {(l.centre, l.category): l for l in dialog.procurement_model.rows}  # one line per centre and category
    assert lines[("BAC", "desk")].needed == 25
    dialog.basis_box.setCurrentIndex(dialog.basis_box.findData("proposed"))
    assert "købes" in dialog.totals.text()
