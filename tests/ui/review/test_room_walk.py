"""The room walk driven with qtbot: choose a room, type label codes with Enter, read the four lists."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

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


def _room(number):
    room = Room.get_or_none(Room.number == number)
    return room or Room.create(floor=int(number.split(".")[0]), number=number, name="Kontor")


def test_typing_a_room_number_selects_that_room_and_scans_read_like_the_form(qtbot, review):
    from inventar.domain.labels.codes import make_code

    first, wanted = _room("0.01"), _room("0.07")
    item = Item.select().where(Item.room == first.id).first() or Item.select().first()
    item.label_code = make_code("WV", 1991)
    item.room = wanted.id
    item.save()
    review.open_room_walk()
    dialog = review.room_walk
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.room.setFocus()
    qtbot.waitUntil(dialog.room.hasFocus)
    for character in "0.07":  # as a keyboard types: each key to the widget with the focus
        qtbot.keyClicks(QApplication.focusWidget(), character)
    assert dialog.room.hasFocus(), "browsing the rooms by typing keeps the focus in the room box"
    assert dialog.room.currentData() == wanted.id
    assert dialog.scan.text() == ""
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)
    assert dialog.room.hasFocus() and dialog.room.currentData() == wanted.id
    qtbot.keyClick(dialog.room, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.scan.hasFocus)

    us_layout = item.label_code.lower().replace("-", "+")
    qtbot.keyClicks(dialog.scan, us_layout)
    qtbot.keyClick(dialog.scan, Qt.Key.Key_Return)
    assert _column(dialog.models["found"]) == [item.label_code]

    wrong = item.label_code[:-1] + ("A" if item.label_code[-1] != "A" else "B")
    qtbot.keyClicks(dialog.scan, wrong)
    qtbot.keyClick(dialog.scan, Qt.Key.Key_Return)
    assert "kontroltegnet passer ikke" in dialog.hint.text() and dialog.hint.isVisible()
    assert dialog.models["unknown"].rowCount() == 0
