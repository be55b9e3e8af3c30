"""One repaint of a :class:`~inventar.ui.row_view.RowTableView`: what ``QTableView::paintEvent`` does, with the
plain cells painted here rather than by one delegate call each (see :mod:`inventar.ui.row_view`).

Loaded with the first such repaint, not with the window: its Qt classes would cost the start.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTableView

from inventar.ui.row_delegate import RowDelegate
from inventar.ui.row_table import RowTableModel

_State = QStyle.StateFlag
_ALTERNATE = QStyleOptionViewItem.ViewItemFeature.Alternate
_ROW_PANEL = QStyle.PrimitiveElement.PE_PanelItemViewRow
# Styles whose row panel is QCommonStyle's: the alternate colour on alternate rows, the highlight on selected ones
# (the selected cells go through the style anyway).  tests/ui/test_row_view.py compares the pixels in both.
_COMMON_PANELS = frozenset({"fusion", "windows"})


def draws_extra_grid_lines(view: QTableView) -> bool:
    """Whether the view's style draws grid lines where the headers are hidden (macOS; none here to compare with)."""
    return bool(view.style().styleHint(QStyle.StyleHint.SH_Table_AlwaysDrawLeftTopGridLines, None, view))


def paint_rows(view: QTableView, hover: QPersistentModelIndex, delegate: RowDelegate, event: QPaintEvent) -> None:
    """The view's paint event: its cells and grid lines, painted here with ``delegate``."""
    painter = QPainter(view.viewport())
    try:
        RowPainter(view, hover, delegate, painter).paint(event)
    finally:
        painter.end()


class RowPainter:
    """Paints the cells and grid lines of ``event``'s region, as ``QTableView::paintEvent`` does."""

    def __init__(self, view: QTableView, hover: QPersistentModelIndex, delegate: RowDelegate, painter: QPainter) -> None:
        self.view, self.hover, self.delegate, self.painter = view, hover, delegate, painter
        self.model: RowTableModel = view.model()
        self.style = view.style()
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        if option.state & _State.State_Enabled:  # as Qt's cells: enabled items use the normal colour group
            palette = QPalette(option.palette)
            palette.setCurrentColorGroup(QPalette.ColorGroup.Normal)
            option.palette = palette
        self.option = option
        self.state = option.state.value
        self.plain = QStyleOptionViewItem(option)  # a plain cell's row panel, without and with the alternate colour
        self.alternate = QStyleOptionViewItem(option)
        self.alternate.features = option.features | _ALTERNATE
        self.alternating = view.alternatingRowColors()
        self.alternate_brush = self._common_alternate_brush()

    def _common_alternate_brush(self) -> QBrush | None:
        """The brush a plain cell's row panel is filled with on alternate rows, when the view's style draws that panel
        as Qt's common style does (Fusion, Windows: nothing on other rows); None for any other style, whose own
        ``drawPrimitive`` then paints every panel."""
        if self.style.name().casefold() not in _COMMON_PANELS:
            return None
        group = QPalette.ColorGroup.Normal if self.view.isEnabled() else QPalette.ColorGroup.Disabled
        if group == QPalette.ColorGroup.Normal and not self.state & int(_State.State_Active.value):
            group = QPalette.ColorGroup.Inactive
        return self.option.palette.brush(group, QPalette.ColorRole.AlternateBase)

    def paint(self, event: QPaintEvent) -> None:
        view = self.view
        columns, rows = view.horizontalHeader(), view.verticalHeader()
        if columns.count() == 0 or rows.count() == 0:
            return
        grid = view.showGrid()
        right_edge = columns.length() - columns.offset() - 1
        bottom_edge = rows.length() - rows.offset() - 1
        # The region's bounding rectangle: the painter is clipped to the region, so cells and grid lines outside
        # it leave no trace (Qt goes through the region's rectangles one by one, with the same pixels).
        dirty = QRect(event.rect())
        dirty.setBottom(min(dirty.bottom(), bottom_edge))
        dirty.setRight(min(dirty.right(), right_edge))
        if not dirty.isValid():
            return
        left = columns.visualIndexAt(dirty.left())
        right = columns.visualIndexAt(dirty.right())
        left = 0 if left == -1 else left
        right = columns.count() - 1 if right == -1 else right
        bottom = rows.visualIndexAt(dirty.bottom())
        bottom = rows.count() - 1 if bottom == -1 else bottom
        bottom = min(bottom, self.model.rowCount() - 1)  # as Qt skips a row its model no longer has
        top = rows.visualIndexAt(dirty.top())
        if top == -1 or top > bottom:
            return
        gap = 1 if grid else 0  # a grid line takes the last pixel column and row of every cell
        cells = [(c, view.columnViewportPosition(c), view.columnWidth(c) - gap)
                 for c in (columns.logicalIndex(v) for v in range(left, right + 1)) if not columns.isSectionHidden(c)]
        lines = [(row, view.rowViewportPosition(row), view.rowHeight(row) - gap) for row in range(top, bottom + 1)]
        self._cells(lines, cells)
        if grid:
            self._grid(dirty, lines, cells)

    def _cells(self, lines, cells) -> None:
        view, painter, delegate, style, model = self.view, self.painter, self.delegate, self.style, self.model
        special = self._special_cells(lines[0][0], lines[-1][0], {column for column, _x, _w in cells})
        pen = delegate.text_pen(self.state, self.option.palette)
        font, metrics = self.option.font, self.option.fontMetrics
        panels = (self.plain, self.alternate)
        alternating, brush = self.alternating, self.alternate_brush
        for row, y, height in lines:
            alternate = alternating and row & 1
            panel = panels[alternate]
            qt_cells = special.get(row)
            plain = cells if qt_cells is None else [cell for cell in cells if cell[0] not in qt_cells]
            if brush is None:  # the style's row panel, as Qt draws each cell's
                for _column, x, width in plain:
                    panel.rect = QRect(x, y, width, height)
                    style.drawPrimitive(_ROW_PANEL, panel, painter, view)
            elif alternate:  # what the common style's panel draws, without a call through the style per cell
                for _column, x, width in plain:
                    painter.fillRect(x, y, width, height, brush)
            if qt_cells is not None:
                for column, x, width in cells:
                    if column in qt_cells:
                        self._qt_cell(row, column, QRect(x, y, width, height), alternate, qt_cells[column])
            painter.setPen(pen)
            delegate.draw_texts(painter, model.cells(row), plain, y, height, font, metrics)

    def _special_cells(self, first: int, last: int, columns: set[int]) -> dict[int, dict[int, int]]:
        """row -> column -> the state bits Qt adds to the cell (selected, under the mouse, current with focus),
        for the rows ``first`` to ``last`` and the given columns."""
        view, model = self.view, self.model
        special: dict[int, dict[int, int]] = {}

        def add(row: int, column: int, bits: int) -> None:
            if first <= row <= last and column in columns:
                cells = special.setdefault(row, {})
                cells[column] = cells.get(column, 0) | bits

        selection = view.selectionModel()
        if selection is not None:
            selected = int(_State.State_Selected.value)
            for part in selection.selection():
                if part.bottom() < first or part.top() > last or part.parent().isValid():
                    continue
                for row in range(max(first, part.top()), min(last, part.bottom()) + 1):
                    for column in range(part.left(), part.right() + 1):
                        add(row, column, selected)
        hover = self.hover
        if hover.isValid() and hover.model() is model:
            add(hover.row(), hover.column(), int(_State.State_MouseOver.value))
        current = view.currentIndex()
        if current.isValid() and (view.hasFocus() or view.viewport().hasFocus()):
            add(current.row(), current.column(), int(_State.State_HasFocus.value))
        return special

    def _qt_cell(self, row: int, column: int, rect: QRect, alternate: bool, extra: int) -> None:
        """A cell the style paints its own way: the option Qt's view would give the delegate."""
        option = QStyleOptionViewItem(self.alternate if alternate else self.option)
        option.rect = rect
        option.state = _State(self.state | extra)
        self.style.drawPrimitive(_ROW_PANEL, option, self.painter, self.view)
        self.delegate.paint(self.painter, option, self.model.index(row, column))

    def _grid(self, dirty: QRect, lines, cells) -> None:
        """The grid lines along the bottom of each row and the right of each column (``cells`` and ``lines`` hold
        the sizes without them), across ``dirty``."""
        painter, view = self.painter, self.view
        colour = QColor.fromRgba(self.style.styleHint(QStyle.StyleHint.SH_Table_GridLineColor, self.option, view)
                                 & 0xFFFFFFFF)
        if view.gridStyle() == Qt.PenStyle.SolidLine:
            # The same pixels as Qt's one-pixel lines, filled as rectangles: a line across the table took the raster
            # engine some 90,000 instructions, an eighth of a keystroke's repaint.
            left, top, width, height = dirty.getRect()
            for _row, y, row_height in lines:
                painter.fillRect(left, y + row_height, width, 1, colour)
            for _column, x, column_width in cells:
                painter.fillRect(x + column_width, top, 1, height, colour)
            return
        previous = painter.pen()
        painter.setPen(QPen(colour, 1, view.gridStyle()))
        for _row, y, row_height in lines:
            painter.drawLine(QLineF(dirty.left(), y + row_height, dirty.right(), y + row_height).translated(0.5, 0.5))
        for _column, x, column_width in cells:
            edge = x + column_width
            painter.drawLine(QLineF(edge, dirty.top(), edge, dirty.bottom()).translated(0.5, 0.5))
        painter.setPen(previous)
