"""The big lists' table view paints its rows itself, pixel for pixel as Qt's view and delegate do.

:class:`~inventar.ui.row_view.RowTableView` paints every plain cell of a repaint in one Python call
(:mod:`inventar.ui.row_painter`) instead of one delegate call per cell.  Each test below shows the same rows in
Qt's ``QTableView`` with Qt's own delegate and in ours, changes both the same way and compares every pixel of
the viewport: alternating rows, grid lines, elided and right-aligned texts, a selection, the current cell with
the focus, the mouse over a cell, scrolled both ways, a hidden and a moved column, a dashed grid, no grid, a new
font, and a repaint of part of the viewport.
"""

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QFont, QHoverEvent, QImage, QPainter, QRegion
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QProxyStyle,
    QStyle,
    QStyledItemDelegate,
    QStyleFactory,
    QStyleOptionViewItem,
    QTableView,
)

from inventar.services.items.service import ItemService
from inventar.services.review.rows import ReviewService
from inventar.ui.items.table_model import Column, ItemTableModel
from inventar.ui.review.table_model import ReviewTableModel
from inventar.ui.row_delegate import RowDelegate
from inventar.ui.row_view import RowTableView

WIDTHS = {Column.CODE: 115, Column.CATEGORY: 90, Column.TITLE: 60, Column.ROOM: 150, Column.QUANTITY: 50,
          Column.CONDITION: 40}  # narrow title and room columns: many texts are elided


class CountingDelegate(RowDelegate):
    calls = 0

    def paint(self, painter, option, index):
        CountingDelegate.calls += 1
        super().paint(painter, option, index)


def _set_up(qtbot, view: QTableView, model, style: str) -> QTableView:
    qtbot.addWidget(view)
    view.setStyle(QStyleFactory.create(style))
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.resize(700, 420)  # narrower than the columns: a horizontal scroll bar
    for column, width in WIDTHS.items():
        view.setColumnWidth(column, width)
    view.show()
    qtbot.waitExposed(view)
    return view


def _pair(qtbot, model, style: str = "Fusion") -> tuple[QTableView, RowTableView]:
    qts = _set_up(qtbot, QTableView(), model, style)
    qts.setItemDelegate(QStyledItemDelegate(qts))
    ours = _set_up(qtbot, RowTableView(), model, style)
    ours.paint_rows_with(CountingDelegate(model, ours))
    assert ours.paints_rows_itself()
    return qts, ours


def _image(view: QTableView, region: QRegion | None = None) -> QImage:
    if region is None:
        return view.viewport().grab().toImage()
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.magenta)
    painter = QPainter(image)
    view.viewport().render(painter, QPoint(), region)  # a paint event for just this region
    painter.end()
    return image


def _different_pixels(first: QTableView, second: QTableView, region: QRegion | None = None, levels: int = 0) -> int:
    """Pixels whose colour differs in a channel by more than ``levels`` (of 255)."""
    a, b = _image(first, region), _image(second, region)
    assert a.size() == b.size()
    if levels == 0:
        return sum(a.pixel(x, y) != b.pixel(x, y) for y in range(a.height()) for x in range(a.width()))
    return sum(max(abs(p - q) for p, q in zip(a.pixelColor(x, y).getRgb(), b.pixelColor(x, y).getRgb())) > levels
               for y in range(a.height()) for x in range(a.width()))


def _both(views, change) -> None:
    for view in views:
        change(view)
    QApplication.processEvents()


@pytest.fixture
def items(demo_store):
    model = ItemTableModel(ItemService())
    model.reload()
    return model


@pytest.mark.parametrize("style", [pytest.param(name, id=name) for name in QStyleFactory.keys()])
def test_rows_look_as_qt_paints_them(qtbot, items, style):
    views = _pair(qtbot, items, style)
    assert _different_pixels(*views) == 0
    _both(views, lambda v: v.selectRow(2))
    _both(views, lambda v: v.scrollTo(items.index(30, Column.REGISTERED)))  # down and to the right
    assert views[0].horizontalScrollBar().value() > 0
    assert _different_pixels(*views) == 0
    _both(views, lambda v: v.setFont(QFont(v.font().family(), 13)))  # the prepared texts are made again
    assert _different_pixels(*views) == 0


def test_selection_focus_and_the_mouse_look_as_qt_paints_them(qtbot, items):
    views = _pair(qtbot, items)
    _both(views, lambda v: v.selectionModel().select(
        items.index(1, 0), v.selectionModel().SelectionFlag.Select | v.selectionModel().SelectionFlag.Rows))
    _both(views, lambda v: v.selectionModel().select(  # a second range of rows, part of it off the screen
        items.index(5, 0), v.selectionModel().SelectionFlag.Select | v.selectionModel().SelectionFlag.Rows))
    for view in views:  # only one widget has the focus at a time: each in turn, then compared
        view.setCurrentIndex(items.index(4, Column.TITLE))
    images = []
    for view in views:
        view.activateWindow()
        view.setFocus()
        qtbot.waitUntil(view.hasFocus)
        position = QPointF(view.visualRect(items.index(3, Column.ROOM)).center())
        QApplication.sendEvent(view.viewport(), QHoverEvent(QEvent.Type.HoverMove, position, position, QPointF(-1, -1)))
        images.append(_image(view))
    assert images[0] == images[1]


def test_column_changes_look_as_qt_paints_them(qtbot, items):
    views = _pair(qtbot, items)
    _both(views, lambda v: v.setColumnHidden(Column.CATEGORY, True))
    _both(views, lambda v: v.horizontalHeader().moveSection(Column.QUANTITY, 0))
    assert _different_pixels(*views) == 0
    _both(views, lambda v: v.setGridStyle(Qt.PenStyle.DashLine))
    assert _different_pixels(*views) == 0
    _both(views, lambda v: v.setShowGrid(False))
    _both(views, lambda v: v.setAlternatingRowColors(False))
    assert _different_pixels(*views) == 0


def test_part_of_the_viewport_repainted_looks_as_qt_paints_it(qtbot, items):
    views = _pair(qtbot, items)
    part = QRegion(QRect(40, 30, 200, 45))  # cells and grid lines cut at its edges
    assert _different_pixels(*views, region=part) == 0
    # Two rectangles: Qt paints each on its own, the view their bounding rectangle, both clipped to the region.
    # Clipped to a region of several rectangles, Qt's text layouts and the view's prepared texts blend a few
    # glyph pixels one level (of 255) apart; anything drawn in the wrong place differs by far more.
    region = part + QRegion(QRect(300, 200, 120, 90))
    assert _different_pixels(*views, region=region, levels=2) == 0
    image = _image(views[1], region)  # the region's bounding rectangle drawn at the image's top left corner
    assert image.pixelColor(image.width() - 1, image.height() - 1) == Qt.GlobalColor.magenta  # outside: left alone


class PanelStyle(QProxyStyle):
    """A style with row panels of its own (a tint on every row, a line on alternate ones): the view must call it."""

    def drawPrimitive(self, element, option, painter, widget=None):  # noqa: N802 (Qt naming)
        if element == QStyle.PrimitiveElement.PE_PanelItemViewRow:
            painter.fillRect(option.rect, QColor(250, 240, 220))
            if option.features & QStyleOptionViewItem.ViewItemFeature.Alternate:
                painter.fillRect(option.rect.adjusted(0, 0, 0, -option.rect.height() + 2), QColor(200, 120, 40))
            return
        super().drawPrimitive(element, option, painter, widget)


def test_a_style_with_its_own_row_panels_looks_as_qt_paints_it(qtbot, items):
    views = _pair(qtbot, items)
    for view in views:
        view.setStyle(PanelStyle(QStyleFactory.create("Fusion")))
    views[1].paint_rows_with(CountingDelegate(items, views[1]))
    _both(views, lambda v: v.selectRow(3))
    assert _different_pixels(*views) == 0
    assert _image(views[1]).pixelColor(20, 2) == QColor(250, 240, 220)  # the style's panel, not the base colour


def test_review_rows_look_as_qt_paints_them(qtbot, demo_store):
    model = ReviewTableModel(ReviewService())
    model.reload()
    assert _different_pixels(*_pair(qtbot, model)) == 0


def test_plain_cells_need_no_delegate_call(qtbot, items):
    """What the view is for: a repaint calls the delegate only for the cells the style paints its own way."""
    _qts, ours = _pair(qtbot, items)
    CountingDelegate.calls = 0
    ours.viewport().grab()  # one repaint of the whole viewport
    assert CountingDelegate.calls == 0
    ours.selectRow(1)
    visible = sum(not ours.isColumnHidden(c) and ours.columnViewportPosition(c) < ours.viewport().width()
                  for c in range(items.columnCount()))
    CountingDelegate.calls = 0
    ours.viewport().grab()
    assert CountingDelegate.calls == visible  # the selected row's cells on the screen


def test_spans_are_left_to_qt(qtbot, items):
    views = _pair(qtbot, items)
    _both(views, lambda v: v.setSpan(2, Column.TITLE, 2, 2))
    assert not views[1].paints_rows_itself()
    assert _different_pixels(*views) == 0


def test_the_comparison_sees_a_difference(qtbot, items):
    """A grid line one pixel off is caught: the comparisons above are not toothless."""
    views = _pair(qtbot, items)
    views[0].setColumnWidth(Column.TITLE, WIDTHS[Column.TITLE] + 1)
    QApplication.processEvents()
    assert _different_pixels(*views) > 100


def test_a_model_that_disables_items_is_left_to_qt(qtbot, demo_store):
    class SomeDisabled(ItemTableModel):
        def flags(self, index):
            enabled = super().flags(index)
            return enabled & ~Qt.ItemFlag.ItemIsEnabled if index.row() % 3 == 0 else enabled

    model = SomeDisabled(ItemService())
    model.reload()
    qts = _set_up(qtbot, QTableView(), model, "Fusion")
    qts.setItemDelegate(QStyledItemDelegate(qts))
    ours = _set_up(qtbot, RowTableView(), model, "Fusion")
    ours.paint_rows_with(CountingDelegate(model, ours))
    assert not ours.paints_rows_itself()
    assert _different_pixels(qts, ours) == 0
