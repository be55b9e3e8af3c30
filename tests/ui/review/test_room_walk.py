"""The room walk driven with qtbot: choose a room, type label codes with Enter, read the four lists."""

from PySide6.QtCore import Qt

from inventar.models import Item, Room

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _label_room(room, prefix):
    items = list(Item.select().where(Item.room == room.id).order_by(Item.id))
    for number, item in enumerate(items, start=1):
        item.label_code = f"{prefix}{number:03d}"
        item.save()
    return items


def _column(model, column=0):
    return [model.row_values(r)[column] for r in range(model.rowCount())]


def test_room_walk_lists_found_missing_unexpected_and_unknown(qtbot, review):
    rooms = [r for r in Room.select() if Item.select().where(Item.room == r.id).count() >= 2]
    here, elsewhere = rooms[0], rooms[1]
    here_items = _label_room(here, "HTK-A")
    other_items = _label_room(elsewhere, "HTK-B")

    qtbot.keyClick(review, Qt.Key.Key_R, CTRL_SHIFT)
    dialog = review.room_walk
    qtbot.waitExposed(dialog)
    dialog.choose_room(here.id)
    qtbot.waitUntil(dialog.scan.hasFocus)  # ready to scan as soon as the room is chosen
    scanned = [here_items[0].label_code, here_items[0].label_code.lower(), other_items[0].label_code, "HTK-ZZZ99"]
    for code in scanned:
        qtbot.keyClicks(dialog.scan, code)
        qtbot.keyClick(dialog.scan, Qt.Key.Key_Return)
    assert dialog.scan.text() == ""

    assert _column(dialog.models["found"]) == [here_items[0].label_code]
    assert _column(dialog.models["missing"]) == [i.label_code for i in here_items[1:]]
    unexpected = dialog.models["unexpected"]
    assert _column(unexpected) == [other_items[0].label_code]
    assert elsewhere.number in unexpected.row_values(0)[3], "shows where the item is registered"
    assert _column(dialog.models["unknown"]) == ["HTK-ZZZ99"]
    assert dialog.boxes["missing"].title() == f"Mangler ({len(here_items) - 1})"
    assert "3 scannet · 1 fundet" in dialog.summary.text()

    qtbot.mouseClick(dialog.restart_button, Qt.MouseButton.LeftButton)
    assert dialog.models["found"].rowCount() == 0
    assert dialog.models["missing"].rowCount() == len(here_items)


def test_scanning_before_choosing_a_room_asks_for_the_room(qtbot, review):
    review.open_room_walk()
    dialog = review.room_walk
    qtbot.keyClicks(dialog.scan, "HTK-A001")
    qtbot.keyClick(dialog.scan, Qt.Key.Key_Return)
    assert "Vælg først rummet" in dialog.summary.text()
    assert dialog.codes == []


def test_main_window_opens_the_review_with_ctrl_r(qtbot, main_window):
    qtbot.keyClick(main_window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    review = main_window.review.review_window()
    qtbot.waitExposed(review)
    assert review.isVisible()
    assert review.model.rowCount() == Item.select().count()
    menus = [a.text() for a in main_window.menuBar().actions()]
    assert menus[-1] == "&Hjælp" and "&Gennemgang" in menus
