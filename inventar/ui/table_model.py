"""A small table model over a list of Python values, with declared columns (header, getter, numeric, editable).

Used by the Excel screens (rejected rows, norm, needs, procurement).  Sorting goes through a
``QSortFilterProxyModel`` on :data:`SORT_ROLE`, which gives the raw value (numbers sort as numbers).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from inventar.i18n import _
from inventar.ui.roles import SORT_ROLE

Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass
class ListColumn:
    header: str  # Danish; translated when shown
    value: Callable[[Any], Any]
    numeric: bool = False
    editable: bool = False


class ListTableModel(QAbstractTableModel):
    def __init__(self, columns: list[ListColumn], parent=None,
                 on_edit: Callable[[Any, int, Any], bool] | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.rows: list[Any] = []
        self.on_edit = on_edit

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_value(self, row: int) -> Any:
        return self.rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt naming)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 (Qt naming)
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, SORT_ROLE):
            value = column.value(self.rows[index.row()])
            if role == SORT_ROLE:
                return value if value is not None else (-1e9 if column.numeric else "")
            if value is None:
                return "" if role == Qt.ItemDataRole.DisplayRole else None
            if isinstance(value, float) and role == Qt.ItemDataRole.DisplayRole:
                return f"{value:g}".replace(".", ",")
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(_RIGHT.value)
        if role == Qt.ItemDataRole.ToolTipRole and column.editable:
            return _("Dobbeltklik eller F2 for at ændre")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt naming)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.columns):
            return _(self.columns[section].header)
        return super().headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.columns[index.column()].editable and self.on_edit is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self.on_edit is None:
            return False
        if not self.columns[index.column()].editable:
            return False
        changed = self.on_edit(self.rows[index.row()], index.column(), value)
        if changed:
            self.dataChanged.emit(index.siblingAtColumn(0), index.siblingAtColumn(len(self.columns) - 1))
        return bool(changed)


def sorted_proxy(model: ListTableModel, parent=None) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    return proxy
