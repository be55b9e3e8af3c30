"""The review screen driven with qtbot: keyboard filtering and deciding, bulk undo, split, lock, history."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from inventar.domain.items import ItemData
from inventar.models import AuditEntry, Centre, Decision, Item, Vote
from inventar.services.demo.data import create_demo
from inventar.services.items.service import ItemService
from inventar.services.photos.store import PhotoStore
from inventar.services.review.rows import ReviewFilter, ReviewService
from inventar.ui.review.grid_model import PhotoGridModel, ThumbnailCache
from inventar.ui.review.table_model import ReviewTableModel

CTRL = Qt.KeyboardModifier.ControlModifier


def decisions(item_id):
    return [(d.kind, d.route, d.quantity, d.approval)
            for d in Decision.select().where(Decision.item == item_id).order_by(Decision.id)]


def _table_model():
    table = ReviewTableModel(ReviewService())
    table.reload()
    return table


def _exercise(table):
    table.set_filter(ReviewFilter(category="chair"))
    table.sort(2, Qt.SortOrder.DescendingOrder)
    table.refresh_items(table.visible_ids()[:3])
    table.set_filter(ReviewFilter())
    table.reload()


def test_table_models_pass_the_model_tester(qtbot, qtmodeltester, demo_store):
    table = _table_model()
    qtmodeltester.check(table, force_py=True)
    _exercise(table)


def test_grid_model_passes_the_model_tester(qtbot, qtmodeltester, demo_store):
    table = _table_model()
    grid = PhotoGridModel(table, ThumbnailCache(PhotoStore(demo_store.photo_dir)))
    qtmodeltester.check(grid, force_py=True)
    _exercise(table)


def test_thumbnails_load_lazily_and_show_the_decision(qtbot, review):
    cache = review.thumbnails
    placeholder = review.grid_model._placeholder.cacheKey()
    index = review.grid_model.index(0)
    assert index.data(Qt.ItemDataRole.DecorationRole).cacheKey() == placeholder, "first paint: placeholder"
    qtbot.waitUntil(lambda: cache.pending() == 0)
    assert index.data(Qt.ItemDataRole.DecorationRole).cacheKey() != placeholder
    assert len(cache._cache) < review.model.rowCount(), "only photos of visible rows are read (demo shares some)"


def test_filter_and_decide_with_the_keyboard(qtbot, review):
    combo = review.filters.combos["category"]
    qtbot.keyClick(review, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # the label's mnemonic: &Kategori
    assert combo.hasFocus()
    qtbot.keyClicks(combo, "Kontorstol")
    chairs = [i.id for i in Item.select().where(Item.category == "task_chair")]
    assert 0 < review.model.rowCount() == len(chairs) < Item.select().count()

    qtbot.keyClick(review, Qt.Key.Key_1, CTRL)
    assert review.grid.hasFocus()
    qtbot.keyClick(review.grid, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(review.grid, Qt.Key.Key_G)
    assert all(decisions(i) == [("reuse", "", None, "none")] for i in chairs)
    assert Decision.select().count() == len(chairs), "only the filtered items were decided"

    first = review.current_id()
    qtbot.keyClick(review.grid, Qt.Key.Key_Right)  # arrow keys move through the items and the preview
    second = review.current_id()
    assert second != first and review.selected_ids() == [second]
    qtbot.waitUntil(lambda: Item.get_by_id(second).title in review.panel.caption.text())
    qtbot.keyClick(review.grid, Qt.Key.Key_K)
    assert review.panel.route.hasFocus()
    qtbot.keyClicks(review.panel.route, "Don")
    qtbot.keyClick(review.panel.route, Qt.Key.Key_Return, CTRL)
    assert decisions(second) == [("dispose", "donate", None, "none")]
    assert decisions(first) == [("reuse", "", None, "none")]
    assert review.grid.hasFocus(), "back in the grid for the next item"

    decision = review.filters.combos["decision"]
    qtbot.keyClick(review, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # Beslutni&ng
    assert decision.hasFocus()
    qtbot.keyClicks(decision, "Kass")  # QTest types ASCII only; the combo matches by prefix
    assert review.model.visible_ids() == [second]


def test_bulk_decision_on_100_items_is_one_undo_step(qtbot, review, demo_store):
    create_demo(PhotoStore(demo_store.photo_dir), items=60, seed=8)
    review.reload()
    centre = Centre.get(Centre.abbreviation == "BAC")
    ids = review.model.visible_ids()[:100]
    assert len(ids) == 100
    qtbot.keyClick(review, Qt.Key.Key_2, CTRL)
    review.select_ids(ids)
    assert len(review.selected_ids()) == 100
    panel = review.panel
    panel.choose_kind("dispose")
    panel.route.setCurrentIndex(panel.route.findData("recycle"))
    qtbot.keyClicks(panel.reason, "Slidt og ikke i strategien")
    panel.centre.setCurrentIndex(panel.centre.findData(centre.id))
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)

    assert Decision.select().where(Decision.kind == "dispose", Decision.route == "recycle").count() == 100
    assert Item.select().where(Item.target_centre == centre.id).count() == 100
    assert review.undo_stack.count() == 1
    assert review.model.item_at(review.model.row_for_id(ids[0])).decision_text == "Kassér (genanvendes)"

    qtbot.keyClick(review, Qt.Key.Key_Z, CTRL)
    assert Decision.select().count() == 0
    assert Item.select().where(Item.target_centre.is_null(False)).count() == 0
    assert review.model.item_at(review.model.row_for_id(ids[0])).decision_text == ""
    assert AuditEntry.select().where(AuditEntry.action == "undo").count() >= 100

    qtbot.keyClick(review, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert Decision.select().where(Decision.reason == "Slidt og ikke i strategien").count() == 100
    assert Item.select().where(Item.target_centre == centre.id).count() == 100


def test_quantity_split_parts_sum_to_the_original(qtbot, review):
    item_id = ItemService(user="jens").create(ItemData(category="chair", title="Syveren", quantity=40),
                                              label_code="HTK-0040")
    review.reload()
    review.select_ids([item_id])
    qtbot.mouseClick(review.panel.split_button, Qt.MouseButton.LeftButton)
    dialog = review.split_dialog
    qtbot.waitExposed(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    first, second = dialog.parts[0][0], dialog.parts[1][0]
    for spin, value in ((first, "30"), (second, "5")):
        spin.selectAll()
        qtbot.keyClicks(spin, value)
    assert not ok.isEnabled() and "35 af 40" in dialog.sum_label.text()
    second.selectAll()
    qtbot.keyClicks(second, "10")
    assert not ok.isEnabled(), "the disposed part still needs a route"
    dialog.parts[1][2].setCurrentIndex(dialog.parts[1][2].findData("sell"))
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    parts = list(Decision.select().where(Decision.item == item_id).order_by(Decision.id))
    assert [(p.kind, p.route, p.quantity) for p in parts] == [("reuse", "", 30), ("dispose", "sell", 10)]
    assert sum(p.quantity for p in parts) == Item.get_by_id(item_id).quantity == 40
    assert parts[1].split_from == parts[0].id
    assert Item.get_by_id(item_id).label_code == "HTK-0040", "the parts keep the item's label"
    row = review.model.item_at(review.model.row_for_id(item_id))
    assert row.decision_text == "30 × Genbrug + 10 × Kassér (sælges)"


def test_approved_decision_is_locked_until_reopened(qtbot, review):
    item_id = review.model.visible_ids()[0]
    review.select_ids([item_id])
    review.grid.setFocus()
    qtbot.keyClick(review.grid, Qt.Key.Key_G)
    panel = review.panel
    qtbot.mouseClick(panel.propose_button, Qt.MouseButton.LeftButton)
    assert decisions(item_id) == [("reuse", "", None, "proposed")]
    qtbot.mouseClick(panel.approve_button, Qt.MouseButton.LeftButton)
    assert "mødereferencen" in panel.message.text()
    qtbot.keyClicks(panel.meeting_ref, "Direktionsmøde 23-08-2021, pkt. 4")
    qtbot.mouseClick(panel.approve_button, Qt.MouseButton.LeftButton)
    assert decisions(item_id) == [("reuse", "", None, "approved")]
    assert "Låst" in panel.approval_state.text()

    review.grid.setFocus()
    qtbot.keyClick(review.grid, Qt.Key.Key_B)
    assert "låst" in panel.message.text()
    assert decisions(item_id) == [("reuse", "", None, "approved")], "the edit was refused"

    qtbot.mouseClick(panel.reopen_button, Qt.MouseButton.LeftButton)
    assert "begrundelse" in panel.message.text()
    qtbot.keyClicks(panel.reopen_reason, "Centret har fået andre møbler")
    qtbot.mouseClick(panel.reopen_button, Qt.MouseButton.LeftButton)
    assert decisions(item_id) == [("reuse", "", None, "none")]
    review.grid.setFocus()
    qtbot.keyClick(review.grid, Qt.Key.Key_B)
    assert decisions(item_id) == [("inspect", "", None, "none")]
    fields = {line.field for line in review.review.history(item_id)}
    assert "Begrundelse for genåbning" in fields


def test_votes_show_the_tally_and_history_lists_changes(qtbot, review):
    item_id = review.model.visible_ids()[1]
    review.select_ids([item_id])
    panel = review.panel
    qtbot.keyClicks(panel.vote_comment, "Flot stel")
    qtbot.mouseClick(panel.vote_button, Qt.MouseButton.LeftButton)
    assert Vote.get(Vote.item == item_id).comment == "Flot stel"
    assert "Genbrug 1" in panel.tally.text()
    assert panel.votes_model.rowCount() == 1
    review.grid.setFocus()
    qtbot.keyClick(review.grid, Qt.Key.Key_A)
    qtbot.keyClick(review, Qt.Key.Key_Z, CTRL)
    history = [panel.history_model.payload(r) for r in range(panel.history_model.rowCount())]
    assert history[0][1] == "anna" and history[0][2] == "Fortrudt"
    assert any(row[2] == "Stemme" and row[5] == "Genbrug: Flot stel" for row in history)
    shown = panel.history_model.row_values(0)
    assert shown[0].endswith("anna") and shown[1].startswith("Fortrudt: Beslutning #")


def test_undo_after_someone_else_changed_the_item_is_refused(qtbot, review):
    from inventar.services.review.decisions import DecisionService

    item_id = review.model.visible_ids()[0]
    review.select_ids([item_id])
    review.grid.setFocus()
    qtbot.keyClick(review.grid, Qt.Key.Key_G)
    DecisionService(user="bo").decide([item_id], "dispose", "scrap")  # another laptop
    qtbot.keyClick(review, Qt.Key.Key_Z, CTRL)
    assert "kan ikke fortrydes" in review.panel.message.text()
    assert decisions(item_id) == [("dispose", "scrap", None, "none")], "bo's decision stays"
    assert review.undo_stack.count() == 0, "the step that cannot be replayed is dropped"


def test_ctrl_w_closes_the_review_window(qtbot, review):
    review.activateWindow()
    qtbot.waitUntil(review.isActiveWindow)
    review.focus_search()  # from any widget of the window: here the search field
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not review.isVisible())
