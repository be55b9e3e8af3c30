"""Rooms and coverage: models checked with the model tester, the dialog driven with qtbot."""

from PySide6.QtCore import Qt

from inventar.models import Room
from inventar.services.rooms.service import RoomService
from inventar.ui.rooms.models import CoverageColumn, CoverageModel, RoomColumn, RoomTableModel


def test_models_pass_the_model_tester(qtmodeltester, demo_store):
    service = RoomService(user="test")
    rooms = RoomTableModel(service)
    rooms.reload()
    qtmodeltester.check(rooms)
    coverage = CoverageModel(service)
    coverage.reload()
    qtmodeltester.check(coverage)
    assert coverage.totals().rooms == Room.select().count()


def test_status_edit_updates_coverage(qtbot, demo_store):
    from inventar.ui.rooms.dialog import RoomsDialog

    Room.update(status="not_visited").execute()
    dialog = RoomsDialog(RoomService(user="test"))
    qtbot.addWidget(dialog)
    dialog.show()
    proxy = dialog.rooms_proxy
    first = proxy.index(0, RoomColumn.STATUS)
    room_id = dialog.rooms.room_id(proxy.mapToSource(first).row())
    assert proxy.setData(first, "done")
    assert Room.get_by_id(room_id).status == "done"
    assert first.data() == "Færdig"
    floor = Room.get_by_id(room_id).floor
    row = next(r for r in dialog.coverage.rows if r.floor == floor)
    assert row.done == 1
    assert "I alt: 1 af" in dialog.total.text()


def test_refused_edit_shows_why(qtbot, demo_store):
    from inventar.ui.rooms.dialog import RoomsDialog

    dialog = RoomsDialog(RoomService(user="test"))
    qtbot.addWidget(dialog)
    first, second = dialog.rooms.rows[0], dialog.rooms.rows[1]
    assert not dialog.rooms.setData(dialog.rooms.index(1, RoomColumn.NUMBER), first.number) or \
        first.floor != second.floor
    dialog.rooms.setData(dialog.rooms.index(0, RoomColumn.NUMBER), "")
    assert "Rumnummer: må ikke være tomt" in dialog.message.text()
    assert Room.get_by_id(first.id).number == first.number


def test_add_room_by_keyboard_and_import(qtbot, store, tmp_path):
    from inventar.ui.rooms.dialog import RoomsDialog

    dialog = RoomsDialog(RoomService(user="test"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.empty.isVisible()
    dialog.new_floor.setValue(2)
    qtbot.keyClicks(dialog.new_number, "2.14")
    qtbot.keyClicks(dialog.new_name, "Mødelokale")
    qtbot.keyClick(dialog.new_name, Qt.Key.Key_Return)
    assert Room.get(Room.number == "2.14").name == "Mødelokale"
    assert not dialog.empty.isVisible()
    qtbot.keyClicks(dialog.new_number, "2.14")
    qtbot.keyClick(dialog.new_number, Qt.Key.Key_Return)
    assert "findes allerede" in dialog.message.text()
    csv = tmp_path / "rum.csv"
    csv.write_text("etage;nummer;navn\n0;0.01;Reception\n2;2.14;Mødelokale\n", encoding="utf-8")
    assert dialog.import_file(str(csv))
    assert "1 rum importeret, 1 fandtes i forvejen" in dialog.message.text()
    assert dialog.coverage.rowCount() == 2
    assert dialog.coverage.index(0, CoverageColumn.FLOOR).data() == "Stueetage"
    bad = tmp_path / "bad.csv"
    bad.write_text("0;;Kontor\n", encoding="utf-8")
    assert not dialog.import_file(str(bad))
    assert "linje 1" in dialog.message.text()


def test_rooms_dialog_from_the_main_window(qtbot, main_window):
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    dialogs = []
    original = main_window.registration.open_rooms
    main_window.registration.open_rooms = lambda: dialogs.append(original())
    main_window.registration.rooms_action.trigger()
    assert dialogs and dialogs[0].isVisible()
    dialog = dialogs[0]
    assert dialog.rooms.rowCount() == Room.select().count()
    floor = dialog.coverage.rows[1].floor
    dialog.coverage_view.selectRow(1)  # choosing a floor shows its rooms only
    assert dialog.rooms_proxy.rowCount() == Room.select().where(Room.floor == floor).count()
    qtbot.mouseClick(dialog.show_all, Qt.MouseButton.LeftButton)
    assert dialog.rooms_proxy.rowCount() == Room.select().count()
    dialog.close()
