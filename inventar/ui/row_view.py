"""The table view of the big lists (items, review): every plain cell of a repaint painted in one Python call.

``QTableView`` paints a cell by building a style option and calling the delegate, so a Python delegate costs
one call into Python per visible cell (some 250 on a 1366x768 screen), each with a style option converted for
it; after a keystroke in the search field that was half of the repaint.  Once :meth:`RowTableView.paint_rows_with`
has given it a :class:`~inventar.ui.row_delegate.RowDelegate`, the view paints its rows itself
(:mod:`inventar.ui.row_painter`), as ``QTableView::paintEvent`` does: the same rectangles, row panels, grid
lines and order; plain cells get the style's row panel and the delegate's prepared text, and the few selected,
hovered or focused cells go to the delegate the way Qt hands them (the style's own look).  What it does not
paint itself (spans, a right-to-left layout, hidden or moved rows, drag and drop, another delegate for a
column, a model with its own item flags, a style that draws extra grid lines) it leaves to Qt's own ``paintEvent``.
tests/ui/test_row_view.py compares the pixels with Qt's view and delegate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QAbstractItemView, QTableView

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent

_HOVER_EVENTS = (QEvent.Type.HoverEnter, QEvent.Type.HoverMove, QEvent.Type.HoverLeave, QEvent.Type.Leave)
_INSIDE = (QEvent.Type.HoverEnter, QEvent.Type.HoverMove)


class RowTableView(QTableView):
    """A table over a :class:`~inventar.ui.row_table.RowTableModel`; see the module's description."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._row_delegate = None  # the RowDelegate the view paints rows with (None: Qt paints them)
        self._hover = QPersistentModelIndex()  # the cell under the mouse, as Qt's view tracks it for the style
        self._spans = False

    def paint_rows_with(self, delegate) -> None:
        """Make ``delegate`` (a :class:`~inventar.ui.row_delegate.RowDelegate` of the view's model) the view's
        delegate and paint the rows with it from now on."""
        self.setItemDelegate(delegate)
        self._row_delegate = delegate

    def setSpan(self, row: int, column: int, rows: int, columns: int) -> None:  # noqa: N802 (Qt naming)
        self._spans = True  # spanned cells are Qt's to paint from now on
        super().setSpan(row, column, rows, columns)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if event.type() in _HOVER_EVENTS:
            inside = event.type() in _INSIDE
            self._hover = QPersistentModelIndex(self.indexAt(event.position().toPoint()) if inside else QModelIndex())
        return super().viewportEvent(event)

    def paints_rows_itself(self) -> bool:
        """Whether the next repaint paints the rows here, not through Qt's per-cell delegate calls."""
        delegate = self._row_delegate
        if delegate is None or self.itemDelegate() is not delegate:
            return False
        rows = self.verticalHeader()
        if (self._spans or self.isRightToLeft() or rows.sectionsHidden() or rows.sectionsMoved()
                or self.dragDropMode() != QAbstractItemView.DragDropMode.NoDragDrop):
            return False
        model = self.model()
        if type(model).flags is not QAbstractTableModel.flags:  # items a model may disable are painted as Qt does
            return False
        if any(self.itemDelegateForColumn(c) is not None for c in range(model.columnCount())):
            return False
        from inventar.ui.row_painter import draws_extra_grid_lines  # (its Qt classes would cost the start)

        return not draws_extra_grid_lines(self)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt naming)
        if not self.paints_rows_itself():
            super().paintEvent(event)
            return
        from inventar.ui.row_painter import paint_rows

        paint_rows(self, self._hover, self._row_delegate, event)
