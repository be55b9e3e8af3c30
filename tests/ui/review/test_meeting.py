"""Issue 16, the reviewers' meeting: no stale reason, locked items skipped, enough in view."""

from PySide6.QtCore import Qt

from inventar.models import Centre, Decision, Item, Vote
from inventar.services.review.decisions import BulkEdit, DecisionService
from inventar.ui.review.table_model import Column

CTRL = Qt.KeyboardModifier.ControlModifier


def _lock(item_id):
    service = DecisionService(user="bo")
    service.decide([item_id], "reuse")
    service.propose([item_id])
    service.approve([item_id], "Direktionsmøde 1")


def test_a_refused_reason_does_not_land_on_the_next_quick_decision(qtbot, review):
    locked, open_one, other = review.model.visible_ids()[:3]
    _lock(locked)
    review.reload()
    qtbot.keyClick(review, Qt.Key.Key_2, CTRL)
    review.select_ids([locked, open_one])
    review.table.setFocus()
    qtbot.keyClick(review.table, Qt.Key.Key_K)
    panel = review.panel
    panel.route.setCurrentIndex(panel.route.findData("scrap"))
    qtbot.keyClicks(panel.reason, "Gammel grund")
    qtbot.keyClick(panel.reason, Qt.Key.Key_Return, CTRL)
    assert [d.kind for d in Decision.select().where(Decision.item == locked)] == ["reuse"]

    review.select_ids([other])
    review.table.setFocus()
    qtbot.keyClick(review.table, Qt.Key.Key_G)
    decision = Decision.get(Decision.item == other)
    assert (decision.kind, decision.reason) == ("reuse", "")
    shown = [panel.history_model.row_values(r)[2] for r in range(panel.history_model.rowCount())]
    assert "– → Genbrug" in shown and not any("Gammel grund" in text for text in shown)


def test_one_locked_item_does_not_block_a_bulk_action(qtbot, review):
    locked, *others = review.model.visible_ids()[:4]
    _lock(locked)
    review.reload()
    qtbot.keyClick(review, Qt.Key.Key_2, CTRL)
    review.select_ids([locked, *others])
    review.table.setFocus()
    qtbot.keyClick(review.table, Qt.Key.Key_K)
    panel = review.panel
    panel.route.setCurrentIndex(panel.route.findData("recycle"))
    qtbot.keyClick(panel.route, Qt.Key.Key_Return, CTRL)
    assert all(Decision.get(Decision.item == i).kind == "dispose" for i in others)
    assert Decision.get(Decision.item == locked).kind == "reuse"
    name = Item.get_by_id(locked).label_code or Item.get_by_id(locked).title
    assert name in panel.message.text() and "låst" in panel.message.text()

    qtbot.keyClick(review, Qt.Key.Key_Z, CTRL)
    assert Decision.select().where(Decision.item.in_(others)).count() == 0
    assert Decision.get(Decision.item == locked).approval == "approved"


def test_the_form_tiles_and_table_show_what_the_meeting_needs(qtbot, review):
    first, second = review.model.visible_ids()[:2]
    centre = Centre.select().first()
    DecisionService(user="bo").bulk([first], BulkEdit(kind="dispose", route="sell", reason="Slidt",
                                                       target_centre_id=centre.id))
    review.reload()
    review.select_ids([first])
    panel = review.panel
    assert (panel.kind.currentData(), panel.route.currentData(), panel.reason.text(), panel.centre.currentData()) \
        == ("dispose", "sell", "Slidt", centre.id)
    review.select_ids([first, second])
    assert panel.kind.currentData() is None and panel.reason.text() == ""

    row = review.model.item_at(review.model.row_for_id(first))
    tile = review.grid_model.index(review.model.row_for_id(first)).data(Qt.ItemDataRole.DisplayRole)
    assert row.title in tile and centre.abbreviation in tile and f"{row.quantity} stk." in tile
    assert tile.splitlines()[-1] == "Kassér (sælges)"
    target = review.model.index(review.model.index_of_item(first).row(), Column.TARGET)
    assert target.data() == centre.abbreviation and not review.table.isColumnHidden(Column.TARGET)

    review.select_ids([second])
    qtbot.keyClicks(panel.vote_comment, "Flot")
    qtbot.keyClick(panel.vote_comment, Qt.Key.Key_Return)
    assert Vote.get(Vote.item == second).comment == "Flot"


def test_the_meeting_reference_is_cleared_after_an_approval(qtbot, review):
    item_id = review.model.visible_ids()[0]
    service = DecisionService(user="bo")
    service.decide([item_id], "reuse")
    service.propose([item_id])
    review.reload()
    review.select_ids([item_id])
    panel = review.panel
    qtbot.keyClicks(panel.meeting_ref, "Direktionsmøde 2")
    qtbot.mouseClick(panel.approve_button, Qt.MouseButton.LeftButton)
    assert Decision.get(Decision.item == item_id).approval == "approved"
    assert panel.meeting_ref.text() == ""


def test_f1_in_the_review_window_lists_its_keys(qtbot, review, monkeypatch):
    from inventar.ui.shortcuts_dialog import ShortcutsDialog

    opened = []
    monkeypatch.setattr(ShortcutsDialog, "exec", lambda dialog: opened.append(dialog.browser.toPlainText()))
    review.activateWindow()
    qtbot.waitUntil(review.isActiveWindow)
    qtbot.keyClick(review, Qt.Key.Key_F1)
    assert opened, "F1 works in the review window"
    for key, text in (("G", "Genbrug"), ("K", "Kassér"), ("Ctrl+Z", "Fortryd")):
        assert key in opened[0] and text in opened[0]
