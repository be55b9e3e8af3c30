"""The split dialog gives each reused part a target centre of its own; tiles, table and history show it."""

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialogButtonBox

from inventar.domain.items import ItemData
from inventar.models import Centre, Decision
from inventar.services.items.service import ItemService
from inventar.services.review.decisions import BulkEdit, DecisionService
from inventar.ui.review.grid_model import tile_text
from inventar.ui.review.table_model import Column


def _choose(combo, data):
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def test_each_reused_part_gets_its_own_centre(qtbot, review):
    ok_centre, bu = Centre.create(name="Økonomi", abbreviation="ØKX"), Centre.create(name="Børn", abbreviation="BUX")
    item_id = ItemService(user="jens").create(ItemData(category="chair", title="Syveren", quantity=40),
                                              label_code="HTK-0041")
    DecisionService(user="anna").bulk([item_id], BulkEdit(kind="reuse", target_centre_id=ok_centre.id))
    review.reload()
    review.select_ids([item_id])
    qtbot.mouseClick(review.panel.split_button, Qt.MouseButton.LeftButton)
    dialog = review.split_dialog
    qtbot.waitExposed(dialog)
    assert dialog.parts[0][4].currentText() == "som genstanden: ØKX – Økonomi"
    assert not dialog.parts[1][4].isEnabled(), "a disposed part has no target centre"
    _choose(dialog.parts[1][1], "reuse")
    assert dialog.parts[1][4].isEnabled()
    _choose(dialog.parts[1][4], bu.id)
    dialog.add_part(0, "dispose")
    dialog.parts[1][0].setValue(6)
    dialog.parts[2][0].setValue(4)
    _choose(dialog.parts[2][2], "sell")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isEnabled(), dialog.sum_label.text()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    parts = [(d.kind, d.quantity, d.target_centre_id) for d in
             Decision.select().where(Decision.item == item_id).order_by(Decision.id)]
    assert parts == [("reuse", 30, None), ("reuse", 6, bu.id), ("dispose", 4, None)]
    row = review.model.item_at(review.model.row_for_id(item_id))
    assert row.decision_text == "30 × Genbrug + 6 × Genbrug → BUX + 4 × Kassér (sælges)"
    assert "→ ØKX; BUX (6 stk.)" in tile_text(row)
    source = review.model.index(review.model.row_for_id(item_id), Column.TARGET, QModelIndex())
    assert review.model.data(source) == "ØKX; BUX (6 stk.)"
    review.panel.tabs.setCurrentIndex(2)
    texts = [review.panel.history_model.index(r, 2).data() for r in range(review.panel.history_model.rowCount())]
    assert any("6 stk. · → BUX" in t for t in texts), texts

    # splitting again starts from the parts as they are, centres included; Ctrl+Z undoes the split
    qtbot.mouseClick(review.panel.split_button, Qt.MouseButton.LeftButton)
    again = review.split_dialog
    assert [p[0].value() for p in again.parts] == [30, 6, 4]
    assert again.parts[1][4].currentData() == bu.id
    again.reject()
    review.grid.setFocus()
    qtbot.keyClick(review, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [(d.kind, d.quantity, d.target_centre_id) for d in Decision.select().where(Decision.item == item_id)] \
        == [("reuse", None, None)]
