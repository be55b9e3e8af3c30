"""The big lists' cell painter draws exactly what Qt's own delegate draws, pixel for pixel.

:class:`~inventar.ui.row_delegate.RowDelegate` paints plain cells itself (cached text layouts) and
hands selected ones to Qt; both tables below show the same rows, one painted by Qt's delegate, one by
ours, and every pixel must agree: elided titles, numbers aligned right, empty cells, a selected row, a
changed font, in each style this machine has.
"""

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleFactory, QTableView

from inventar.services.items.service import ItemService
from inventar.services.review.rows import ReviewService
from inventar.ui.items.table_model import Column, ItemTableModel
from inventar.ui.review.table_model import ReviewTableModel
from inventar.ui.row_delegate import RowDelegate

WIDTHS = {Column.CODE: 115, Column.CATEGORY: 90, Column.TITLE: 60, Column.ROOM: 150, Column.QUANTITY: 50,
          Column.CONDITION: 40}  # narrow title and room columns: many texts are elided


def _table(qtbot, model, style: str, delegate: bool) -> QTableView:
    view = QTableView()
    qtbot.addWidget(view)
    view.setStyle(QStyleFactory.create(style))
    view.setModel(model)
    view.setItemDelegate(RowDelegate(model, view) if delegate else QStyledItemDelegate(view))
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.resize(900, 420)
    for column, width in WIDTHS.items():
        view.setColumnWidth(column, width)
    view.show()
    qtbot.waitExposed(view)
    return view


def _different_pixels(first: QTableView, second: QTableView) -> int:
    a, b = first.viewport().grab().toImage(), second.viewport().grab().toImage()
    assert a.size() == b.size()
    return sum(a.pixel(x, y) != b.pixel(x, y) for y in range(a.height()) for x in range(a.width()))


def _styles():
    return [pytest.param(name, id=name) for name in QStyleFactory.keys()]


@pytest.mark.parametrize("style", _styles())
def test_item_cells_look_as_qt_paints_them(qtbot, demo_store, style):
    model = ItemTableModel(ItemService())
    model.reload()
    qt_painted, ours = _table(qtbot, model, style, False), _table(qtbot, model, style, True)
    assert _different_pixels(qt_painted, ours) == 0
    for view in (qt_painted, ours):
        view.selectRow(2)  # Qt paints the selected row in both
        view.scrollTo(model.index(30, 0))
    assert _different_pixels(qt_painted, ours) == 0
    for view in (qt_painted, ours):
        view.setFont(QFont(view.font().family(), 13))  # the prepared texts are made again in the new size
    qtbot.wait(10)
    assert _different_pixels(qt_painted, ours) == 0


def test_review_cells_look_as_qt_paints_them(qtbot, demo_store):
    model = ReviewTableModel(ReviewService())
    model.reload()
    qt_painted, ours = _table(qtbot, model, "Fusion", False), _table(qtbot, model, "Fusion", True)
    assert _different_pixels(qt_painted, ours) == 0


def test_the_comparison_sees_a_difference(qtbot, demo_store):
    """A delegate drawing one pixel too far right is caught: the test above is not toothless."""

    class Shifted(RowDelegate):
        def paint(self, painter, option, index):
            option.rect = option.rect.translated(1, 0)
            super().paint(painter, option, index)

    model = ItemTableModel(ItemService())
    model.reload()
    qt_painted, ours = _table(qtbot, model, "Fusion", False), _table(qtbot, model, "Fusion", True)
    ours.setItemDelegate(Shifted(model, ours))
    qtbot.wait(10)
    ours.viewport().repaint()
    assert _different_pixels(qt_painted, ours) > 100
