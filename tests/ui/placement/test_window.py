"""The floor placement window driven with qtbot: drag in the stack diagram, pins, weights, editors."""

import dataclasses

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from inventar.models import Collaboration, Floor, Item
from inventar.services.items.service import ItemService
from inventar.services.placement.optimiser import optimise
from inventar.services.placement.service import PlacementService
from inventar.ui.items.table_model import Column, ItemTableModel
from inventar.ui.placement.building_models import CentreTableModel, FloorTableModel, MatrixModel
from inventar.ui.placement.window import PlacementWindow


@pytest.fixture
def plan(store):
    service = PlacementService("test")
    floors = [service.save_floor(None, level, name, 60) for level, name in ((0, "Stueetage"), (1, "1. sal"),
                                                                          (2, "2. sal"))]
    centres = [service.save_centre(None, name, abbr, n, contact, colour) for name, abbr, n, contact, colour in
               (("Borgerservice", "BAC", 40, 5, "#e67e22"), ("IT", "IT", 20, 0, "#2c3e50"),
                ("HR-Centret", "HRC", 30, 1, "#8e44ad"))]
    service.set_collaboration(centres[1], centres[2], 6)
    scenario = service.active_scenario()
    service.save_plan(scenario.id, {centres[0]: {floors[2]: 40}, centres[1]: {floors[0]: 20},
                                    centres[2]: {floors[1]: 30}})
    return service, floors, centres


@pytest.fixture
def window(qtbot, plan):
    service, floors, centres = plan
    win = PlacementWindow(service)
    qtbot.addWidget(win)
    win.resize(1300, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


def drag(qtbot, widget, start: QPoint, end: QPoint, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, modifier, start)
    qtbot.mouseMove(widget, (start + end) / 2)
    qtbot.mouseMove(widget, end)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, modifier, end)


def test_dragging_a_centre_to_another_floor_changes_and_saves_the_plan(qtbot, window, plan):
    service, (f0, f1, f2), (bac, it, hr) = plan
    chairs = Item.create(category="chair", title="Syveren", target_centre=bac)
    service.sync_item_floors()
    diagram = window.diagram
    before = window.score_panel.title.text()
    start = diagram.block_centre(bac, f2).toPoint()
    end = diagram.row_point(f0).toPoint()
    with qtbot.waitSignal(diagram.planChanged):
        drag(qtbot, diagram, start, end)
    assert service.shares(window.scenario.id)[bac] == {f0: 40}
    assert Item.get_by_id(chairs.id).target_floor_id == f0  # the items followed their centre
    items = ItemTableModel(ItemService())
    items.reload()
    assert items.index(0, Column.TARGET).data() == "Stueetage · BAC"  # and the item list shows it
    assert window.score_panel.title.text() != before
    assert "genstande fik ny måletage" in window.statusBar().currentMessage()


def test_shift_drag_moves_half_and_capacity_limits_the_move(qtbot, window, plan):
    service, (f0, f1, f2), (bac, it, hr) = plan
    diagram = window.diagram
    drag(qtbot, diagram, diagram.block_centre(hr, f1).toPoint(), diagram.row_point(f0).toPoint(),
         Qt.KeyboardModifier.ShiftModifier)
    assert service.shares(window.scenario.id)[hr] == {f1: 15, f0: 15}
    # the ground floor has 60 - 20 - 15 = 25 free: only 25 of BAC's 40 fit
    drag(qtbot, diagram, diagram.block_centre(bac, f2).toPoint(), diagram.row_point(f0).toPoint())
    assert service.shares(window.scenario.id)[bac] == {f2: 15, f0: 25}
    assert window.score_panel.status.text().startswith("Lavere er bedre")


def test_drag_to_holding_area_and_live_preview(qtbot, window, plan):
    service, (f0, f1, f2), (bac, it, hr) = plan
    diagram = window.diagram
    start = diagram.block_centre(it, f0).toPoint()
    previews = []
    diagram.previewChanged.connect(previews.append)
    qtbot.mousePress(diagram, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    qtbot.mouseMove(diagram, diagram.row_point(f1).toPoint())
    assert window.score_panel.title.text().startswith("Point ved slip")
    qtbot.mouseMove(diagram, diagram.row_point(None).toPoint())
    qtbot.mouseRelease(diagram, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       diagram.row_point(None).toPoint())
    assert previews[0][it] == {f1: 20}
    assert previews[-1] is None
    assert service.shares(window.scenario.id)[it] == {}
    assert "20 arbejdspladser er ikke placeret" in window.score_panel.status.text()
    assert diagram.unplaced() == {it: 20}


def test_double_click_pins_and_pinned_blocks_do_not_move(qtbot, window, plan):
    service, (f0, f1, f2), (bac, it, hr) = plan
    diagram = window.diagram
    qtbot.mouseDClick(diagram, Qt.MouseButton.LeftButton, pos=diagram.block_centre(bac, f2).toPoint())
    assert service.pins(window.scenario.id) == {(bac, f2): 40}
    drag(qtbot, diagram, diagram.block_centre(bac, f2).toPoint(), diagram.row_point(f0).toPoint())
    assert service.shares(window.scenario.id)[bac] == {f2: 40}
    assert "fastlåst" in window.statusBar().currentMessage()


def test_weights_change_the_score_and_are_stored(qtbot, window, plan):
    service, floors, centres = plan
    spin = window.score_panel.spins[0]
    spin.setValue(10)
    assert service.active_scenario().weights.contact == 10
    # contact (average centre 30): BAC 5 × floor 2 × 40/30 + HRC 1 × floor 1 × 30/30, × 10;
    # collaboration IT–HRC 6 × 1 floor, × 1
    # shown with a decimal comma
    assert window.score_panel.title.text() == "Point: " + f"{(5 * 2 * 40 / 30 + 1) * 10 + 6:.1f}".replace(".", ",")


def test_optimum_side_by_side_and_adopted(qtbot, window, plan, monkeypatch):
    service, (f0, f1, f2), (bac, it, hr) = plan
    result = optimise(window.problem, window.scenario.weights, time_limit=10)
    window.show_optimum(result)
    assert window.tabs.currentIndex() == 1
    assert "Bevist optimal" in window.compare_title.text()
    assert window.compare_best.shares == result.shares
    before = service.shares(window.scenario.id)
    asked = []

    def answer(choice):
        def question(parent, title, text, buttons, default):
            asked.append(default)
            return default if choice is None else choice
        return question

    monkeypatch.setattr(QMessageBox, "question", answer(None))  # Enter on the question: the default
    qtbot.mouseClick(window.adopt_button, Qt.MouseButton.LeftButton)
    assert asked == [QMessageBox.StandardButton.No]
    assert service.shares(window.scenario.id) == before, "the plan is replaced only after a yes"
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    qtbot.mouseClick(window.adopt_button, Qt.MouseButton.LeftButton)
    assert service.shares(window.scenario.id)[bac] == {f0: 40}


def test_the_optimum_note_writes_danish_numbers(qtbot, window, plan):
    """Stopped by Annullér, the note said "bevist nedre grænse 245.2 (højst 6% fra optimum)" beside "Point: 260,1"."""
    found = optimise(window.problem, window.scenario.weights, time_limit=10)
    window.show_optimum(found)
    assert window.compare_title.text() == f"Bevist optimal ({found.seconds:.1f} s).".replace(".", ",", 1)
    stopped = dataclasses.replace(found, status="feasible", bound=found.objective - 1.25, seconds=1.26)
    window.show_optimum(stopped)
    bound, gap = f"{stopped.bound:.1f}".replace(".", ","), f"{100 * stopped.gap:.0f} %"  # 31 % here
    assert window.compare_title.text() == f"Bedste fundne på 1 s; bevist nedre grænse {bound} (højst {gap} fra optimum)."
    # a gap under a tenth keeps a decimal: a stop at 0,09 % read "højst 0 % fra optimum", as if proven
    close = dataclasses.replace(stopped, bound=found.objective * (1 - 0.0009))
    window.show_optimum(close)
    assert "(højst 0,1 % fra optimum)" in window.compare_title.text()
    far = dataclasses.replace(stopped, bound=found.objective * 0.75)
    window.show_optimum(far)
    assert "(højst 25 % fra optimum)" in window.compare_title.text()


def test_run_optimiser_in_the_background(qtbot, window, plan):
    service, (f0, f1, f2), (bac, it, hr) = plan
    window.run_optimiser()
    qtbot.waitUntil(lambda: window.optimum is not None, timeout=20000)
    assert window.optimum.optimal and window.adopt_button.isEnabled()


def test_scenarios_from_the_toolbar(qtbot, window, plan):
    service, (f0, f1, f2), (bac, it, hr) = plan
    assert window.save_scenario_named("Forslag B")
    assert window.scenario.name == "Forslag B"
    drag(qtbot, window.diagram, window.diagram.block_centre(bac, f2).toPoint(), window.diagram.row_point(None).toPoint())
    window.scenario_box.setCurrentIndex(window.scenario_box.findText("Aktuel plan"))
    window.scenario_box.activated.emit(window.scenario_box.currentIndex())
    assert window.scenario.name == "Aktuel plan"
    assert window.diagram.shares[bac] == {f2: 40}


def test_bad_edit_shows_a_danish_error_and_writes_nothing(qtbot, window, plan, monkeypatch):
    service, (f0, f1, f2), centres = plan
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    model = window.floor_model
    assert not model.setData(model.index(0, 0), 1)  # level 1 exists
    assert shown == ["Niveau 1 bruges allerede af 1. sal"]
    assert Floor.get_by_id(f0).level == 0
    assert model.setData(model.index(0, 2), 75)
    assert Floor.get_by_id(f0).capacity == 75
    matrix = window.matrix_model
    assert matrix.setData(matrix.index(0, 2), 8)  # rows are sorted by abbreviation: BAC, HRC, IT
    assert matrix.data(matrix.index(2, 0)) == "8"
    assert Collaboration.select().count() == 2
    assert not matrix.setData(matrix.index(0, 1), 12)
    assert shown[-1] == "Samarbejde skal være et tal fra 0 til 9"


def test_tab_shortcuts(qtbot, window):
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 3
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 0


def test_models_pass_the_model_tester(qtmodeltester, plan):
    service = plan[0]
    for cls in (FloorTableModel, CentreTableModel, MatrixModel):
        model = cls(service)
        model.reload()
        qtmodeltester.check(model)


def test_main_window_opens_the_placement_window(qtbot, main_window):
    main_window.placement.open_placement()
    placement = main_window.placement.placement_window
    assert placement.isVisible()
    assert len(placement.problem.centres) == 10
    assert placement.problem.matrix  # the demo collaboration matrix
    placement.close()


def test_template_export_and_import_from_the_window(qtbot, window, plan, tmp_path, monkeypatch):
    service, (f0, f1, f2), centres = plan
    path = str(tmp_path / "bygning.xlsx")
    window.export_to(path)
    assert "Gemt" in window.statusBar().currentMessage()
    Floor.update(capacity=1).execute()
    assert window.import_from(path)
    assert Floor.get_by_id(f0).capacity == 60
    assert window.diagram.problem.floor(f0).capacity == 60
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    (tmp_path / "bad.xlsx").write_text("no")
    assert not window.import_from(str(tmp_path / "bad.xlsx"))
    assert shown[0].startswith("Intet er indlæst.")


def test_drags_pins_and_clearing_are_undone_and_redone_with_the_keyboard(qtbot, window, plan):
    service, (f0, f1, f2), (bac, it, hr) = plan
    diagram = window.diagram
    start = service.shares(window.scenario.id)
    drag(qtbot, diagram, diagram.block_centre(bac, f2).toPoint(), diagram.row_point(f0).toPoint())
    qtbot.mouseDClick(diagram, Qt.MouseButton.LeftButton, pos=diagram.block_centre(it, f0).toPoint())
    assert service.pins(window.scenario.id) == {(it, f0): 20}
    before_clear = service.shares(window.scenario.id)
    window.clear_plan()
    assert service.shares(window.scenario.id)[bac] == {}
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the plan is back, pin and all
    assert service.shares(window.scenario.id) == before_clear
    assert service.pins(window.scenario.id) == {(it, f0): 20}
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the pin
    assert service.pins(window.scenario.id) == {}
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the drag
    assert service.shares(window.scenario.id) == start
    assert diagram.load(f2) == 40  # the diagram shows the saved plan
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert service.shares(window.scenario.id)[bac] != start[bac]  # redo: the drag again


def test_every_block_says_what_it_is_even_when_too_small_for_a_label(qtbot, window, plan):
    service, (f0, f1, f2), (bac, it, hr) = plan
    diagram = window.diagram
    block = next(b for b in diagram.blocks if b.centre_id == it)
    assert diagram.block_text(block) == "IT – IT: 20 arbejdspladser, Stueetage"
