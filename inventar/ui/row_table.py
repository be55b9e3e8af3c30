"""The base of the big lists (items, review): a table model over row values with declared columns.

A subclass declares its :class:`RowColumn` list (the header is a field's one name from
:mod:`inventar.domain.fields`, plus how to show and how to sort a row) and, if it filters, a
:meth:`RowTableModel._select`.  Filtering and sorting run as Python list operations inside the
model: measured on 10,000 items a ``filterAcceptsRow`` override costs one Python call per row per
keystroke (~15 ms) and a C++ sort calls ``data()`` ~250,000 times (~90 ms), while a list
comprehension and ``list.sort`` take a few milliseconds.  The view talks to the model itself, with
no ``QSortFilterProxyModel`` between them: a proxy turns every ``data()`` call of a repaint into
two more Python calls (the source index's ``rowCount`` and ``columnCount``) and made the repaint
after a keystroke half as fast again.  A header click reaches :meth:`RowTableModel.sort` directly;
the chosen sort is kept across reloads.  :class:`~inventar.ui.row_delegate.RowDelegate` paints
the cells.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from inventar.domain.fields import field_label
from inventar.ui.roles import ID_ROLE, ROW_ROLE, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex

_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_USER = int(Qt.ItemDataRole.UserRole.value)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)


@dataclass(frozen=True)
class RowColumn:
    field: str  # the field whose one Danish name heads the column
    display: Callable[[Any], Any]
    sort_key: Callable[[Any], Any]
    numeric: bool = False
    tooltip: Callable[[Any], str] | None = None


class RowTableModel(QAbstractTableModel):
    """Rows with an ``id``; ``_all`` holds every row in sort order, ``_rows`` the ones shown."""

    COLUMNS: ClassVar[Sequence[RowColumn]] = ()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: list[Any] = []
        self._rows: list[Any] = []
        self._row_of_id: dict[int, int] | None = None  # made when first asked, not on every keystroke
        self._cells: dict[int, tuple] = {}  # row id -> its display values; kept while filtering and sorting
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- for subclasses ---------------------------------------------------------------------
    def _select(self, candidates: list[Any]) -> list[Any]:
        """The rows of ``candidates`` (in their order) that the current filter shows."""
        return list(candidates)

    def _set_all(self, rows: Iterable[Any]) -> None:
        """Replace every row (sorted as chosen, then filtered); the model resets."""
        self.beginResetModel()
        self._all = list(rows)
        self._cells.clear()
        self._sort_all()
        self._show(self._select(self._all))
        self.endResetModel()

    def _refilter(self, candidates: list[Any] | None = None) -> None:
        """Apply a changed filter to ``candidates`` (default: every row); the model resets."""
        self.beginResetModel()
        self._show(self._select(self._all if candidates is None else candidates))
        self.endResetModel()

    def _replace_rows(self, fresh: dict[int, Any]) -> None:
        """Swap changed rows in place (they stay where they are until the filter or sort changes)."""
        for index, row in enumerate(self._all):
            if row.id in fresh:
                self._all[index] = fresh[row.id]
        for row_id in fresh:
            self._cells.pop(row_id, None)
        changed = []
        for index, row in enumerate(self._rows):
            if row.id in fresh:
                self._rows[index] = fresh[row.id]
                changed.append(index)
        if changed:
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), len(self.COLUMNS) - 1))

    def _show(self, rows: list[Any]) -> None:
        self._rows = rows
        self._row_of_id = None

    # -- access ---------------------------------------------------------------------------
    @property
    def total_count(self) -> int:
        return len(self._all)

    def row_for_id(self, item_id: int) -> int | None:
        if self._row_of_id is None:
            self._row_of_id = {row.id: index for index, row in enumerate(self._rows)}
        return self._row_of_id.get(item_id)

    def item_at(self, row: int) -> Any:
        return self._rows[row]

    def visible_ids(self) -> list[int]:
        return [row.id for row in self._rows]

    def item_id(self, index: QModelIndex | QPersistentModelIndex) -> int | None:
        """The id of the row at ``index`` (None for no index)."""
        return self._rows[index.row()].id if index.isValid() and index.row() < len(self._rows) else None

    def index_of_item(self, item_id: int) -> QModelIndex:
        """The index of the item's row (its first column); invalid when the item is not shown."""
        row = self.row_for_id(item_id)
        return QModelIndex() if row is None else self.index(row, 0)

    def cells(self, row: int) -> tuple:
        """The display values of shown row ``row`` (computed once per row and kept until it changes)."""
        item = self._rows[row]
        cells = self._cells.get(item.id)
        if cells is None:
            cells = self._cells[item.id] = tuple(c.display(item) for c in self.COLUMNS)
        return cells

    # -- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt naming)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY and 0 <= section < len(self.COLUMNS):
            return field_label(self.COLUMNS[section].field)
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # Called for every painted cell and role: keep it cheap (int roles, cached display values).
        row = index.row()
        if row < 0 or row >= len(self._rows):  # an invalid index has row -1
            return None
        if role == _DISPLAY:
            return self.cells(row)[index.column()]
        if role < _USER and role not in (_ALIGN, _TOOLTIP):  # font, colours, check state, icon ...: not used
            return None
        column = self.COLUMNS[index.column()]
        if role == _ALIGN:
            return _RIGHT if column.numeric else None
        if role == SORT_ROLE:
            return column.sort_key(self._rows[row])
        if role == ID_ROLE:
            return self._rows[row].id
        if role == ROW_ROLE:
            return self._rows[row]
        if role == _TOOLTIP and column.tooltip is not None:
            return column.tooltip(self._rows[row])
        return None

    def _sort_all(self) -> None:
        if self._sort is not None:
            column, order = self._sort
            self._all.sort(key=self.COLUMNS[column].sort_key, reverse=order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [(self._rows[i.row()].id, i.column()) for i in persistent]
        self._sort = (column, order)
        self._sort_all()
        # The shown rows keep the order of all rows (stable sort of a subsequence by the same key).
        self._rows.sort(key=self.COLUMNS[column].sort_key, reverse=order == Qt.SortOrder.DescendingOrder)
        self._show(self._rows)
        self.changePersistentIndexList(persistent, [self.index(self.row_for_id(i), c) for i, c in ids])
        self.layoutChanged.emit()
