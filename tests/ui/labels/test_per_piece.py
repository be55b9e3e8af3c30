"""The label dialog's »Én etiket pr. stk.«: a selected set of N prints N labels; any piece's scan opens it."""

from PySide6.QtCore import Qt

from inventar.models import Item, ItemPiece
from inventar.ui.labels.dialog import SELECTED
from tests.support.pdf_codes import codes_in_pdf


def test_a_selected_set_prints_one_label_per_piece(qtbot, main_window, tmp_path):
    item = Item.select().where(Item.quantity > 1).order_by(Item.quantity.desc()).get()
    row = main_window.model.index_of_item(item.id)
    main_window.table.selectRow(row.row())
    assert main_window.labels.selected_ids() == [item.id]
    dialog = main_window.labels.open_dialog(SELECTED)
    qtbot.addWidget(dialog)
    assert len(dialog.labels) == 1
    dialog.per_piece.setChecked(True)
    assert len(dialog.labels) == item.quantity
    assert dialog.labels[-1].title.endswith(f"{item.quantity}/{item.quantity}")
    with qtbot.waitSignal(dialog.printed, timeout=20_000):
        dialog.save_pdf(tmp_path / "stk.pdf")
    printed = codes_in_pdf(tmp_path / "stk.pdf", tmp_path)
    assert len(set(printed)) == item.quantity
    assert ItemPiece.select().where(ItemPiece.item == item.id).count() == item.quantity - 1
    dialog.close()

    piece = ItemPiece.select().where(ItemPiece.item == item.id).order_by(ItemPiece.number.desc()).get()
    qtbot.keyClicks(main_window.search, "zzz-ingen")
    qtbot.keyClick(main_window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(main_window.labels.field, piece.label_code)
    qtbot.keyClick(main_window.labels.field, Qt.Key.Key_Return)
    assert main_window.labels.scan.last_result.kind == "item"
    assert main_window.detail.item_id == item.id, "scanning any piece's label opens the set"
