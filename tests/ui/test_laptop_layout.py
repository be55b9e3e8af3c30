"""At 1366×768 the review window's vote box shows whole beside the photo, and the dashboard's floor names are
not cut (»Stueetage«, not »Stue…«)."""

from __future__ import annotations

from PySide6.QtCore import QRect

from inventar.models import Floor, Photo, Room
from inventar.services.photos.store import PhotoStore
from inventar.ui import geometry

LAPTOP = QRect(0, 0, 1366, 768 - 40)


def _visible_in(widget, area) -> bool:
    top_left = widget.mapTo(area.viewport(), widget.rect().topLeft())
    bottom_right = widget.mapTo(area.viewport(), widget.rect().bottomRight())
    return area.viewport().rect().contains(top_left) and area.viewport().rect().contains(bottom_right)


def test_the_vote_box_needs_no_scrolling_on_a_laptop(qtbot, demo_store, monkeypatch):
    from inventar.ui.review.window import ReviewWindow

    monkeypatch.setattr(geometry, "available_geometry", lambda widget=None: QRect(LAPTOP))
    window = ReviewWindow(PhotoStore(demo_store.photo_dir), "anna")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.height() <= LAPTOP.height()
    item = Photo.select().where(Photo.is_primary == True).first().item_id  # noqa: E712 - with its big photo
    window.select_ids([item])
    panel = window.panel
    qtbot.waitUntil(lambda: panel.decision_area.verticalScrollBar().maximum() == 0)
    for widget in (panel.kind, panel.apply_button, panel.votes, panel.vote_kind, panel.vote_comment,
                   panel.vote_button):
        assert _visible_in(widget, panel.decision_area), widget.objectName()
    photo = panel.splitter.sizes()[0]
    assert photo >= panel.preview.minimumHeight(), "the photo gives way, but stays"

    panel.splitter.moveSplitter(photo + 120, 1)  # the user wants a bigger photo: kept on the next resize
    kept = panel.splitter.sizes()[0]
    window.resize(window.width() - 10, window.height() - 10)
    qtbot.wait(50)
    assert abs(panel.splitter.sizes()[0] - kept) <= 12


def test_floor_names_under_the_bars_are_whole(qtbot, store):
    from inventar.ui.dashboard.window import FLOORS_UPRIGHT, DashboardDialog

    for floor in range(-1, 4):
        Room.create(floor=floor, number=f"{floor}.01", status="done")
    dialog = DashboardDialog()
    qtbot.addWidget(dialog)
    dialog.resize(1246, 672)  # as on a 1366×768 screen
    dialog.show()
    qtbot.waitExposed(dialog)
    chart = dialog.views[1].chart()
    axis = chart.axes()[0]
    assert "Stueetage" in axis.categories()
    assert not axis.truncateLabels() and axis.labelsAngle() == 0
    qtbot.waitUntil(lambda: not axis.labelsTruncated())

    for floor in range(4, 4 + FLOORS_UPRIGHT):  # many floors: the names slant instead of being cut
        Room.create(floor=floor, number=f"{floor}.01")
    dialog.refresh()
    assert dialog.views[1].chart().axes()[0].labelsAngle() == -40
    assert Floor.select().count() == 0  # the old building's floors are rooms' floors, not new floors
