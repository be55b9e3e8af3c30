"""The review list: a table model over :class:`ReviewRow` values (filtered and sorted in Python) and its proxy.

As in :mod:`inventar.ui.items.table_model`, filtering and sorting run as list
operations inside the source model; the proxy forwards to it so the view keeps
the standard header sort.  The photo grid shows the same rows in the same order
(:mod:`inventar.ui.review.grid_model`).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from inventar.domain.vocabulary import APPROVAL_STATES
from inventar.i18n import _
from inventar.services.review.rows import ReviewFilter, ReviewRow, ReviewService

SORT_ROLE = int(Qt.ItemDataRole.UserRole.value) + 1
ID_ROLE = int(Qt.ItemDataRole.UserRole.value) + 2
ROW_ROLE = int(Qt.ItemDataRole.UserRole.value) + 3

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    CODE = 0
    CATEGORY = 1
    TITLE = 2
    ROOM = 3
    QUANTITY = 4
    CONDITION = 5
    GOLD = 6
    DECISION = 7
    APPROVAL = 8
    VOTES = 9
    TARGET = 10
    REASON = 11
    REGISTRAR = 12


HEADERS = {
    Column.CODE: "Etiket", Column.CATEGORY: "Kategori", Column.TITLE: "Betegnelse", Column.ROOM: "Rum",
    Column.QUANTITY: "Antal", Column.CONDITION: "Stand", Column.GOLD: "Gemt guld", Column.DECISION: "Beslutning",
    Column.APPROVAL: "Godkendelse", Column.VOTES: "Stemmer", Column.TARGET: "Placering",
    Column.REASON: "Begrundelse", Column.REGISTRAR: "Registreret af",
}

_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole.value)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
_NUMERIC = {int(Column.QUANTITY), int(Column.CONDITION)}


def approval_text(row: ReviewRow) -> str:
    states = [s for s in dict.fromkeys(row.approvals) if s != "none"]
    return " + ".join(_(APPROVAL_STATES[s]) for s in states if s in APPROVAL_STATES)


def decision_text(row: ReviewRow) -> str:
    return row.decision_text or _("Afventer")


def _display(row: ReviewRow, column: int) -> Any:
    match column:
        case Column.CODE:
            return row.label_code or "—"
        case Column.CATEGORY:
            return row.category_name
        case Column.TITLE:
            return row.title
        case Column.ROOM:
            return row.room
        case Column.QUANTITY:
            return row.quantity
        case Column.CONDITION:
            return row.condition if row.condition is not None else ""
        case Column.GOLD:
            return "★" if row.hidden_gold else ""
        case Column.DECISION:
            return decision_text(row)
        case Column.APPROVAL:
            return approval_text(row) + (" " + _("(låst)") if row.locked else "")
        case Column.VOTES:
            return row.votes_text
        case Column.TARGET:
            return row.target
        case Column.REASON:
            return row.reason
        case Column.REGISTRAR:
            return row.registered_by
    return None


_SORT_KEYS = {
    Column.CODE: lambda r: r.label_code,
    Column.CATEGORY: lambda r: r.category_name.casefold(),
    Column.TITLE: lambda r: r.title.casefold(),
    Column.ROOM: lambda r: (r.floor if r.floor is not None else 99, r.room),
    Column.QUANTITY: lambda r: r.quantity,
    Column.CONDITION: lambda r: r.condition or 0,
    Column.GOLD: lambda r: r.hidden_gold,
    Column.DECISION: lambda r: decision_text(r),
    Column.APPROVAL: lambda r: approval_text(r),
    Column.VOTES: lambda r: r.votes_text,
    Column.TARGET: lambda r: r.target,
    Column.REASON: lambda r: r.reason.casefold(),
    Column.REGISTRAR: lambda r: r.registered_by.casefold(),
}


class ReviewTableModel(QAbstractTableModel):
    def __init__(self, service: ReviewService, parent=None) -> None:
        super().__init__(parent)
        self._service = service
        self._all: list[ReviewRow] = []
        self._rows: list[ReviewRow] = []
        self._row_of_id: dict[int, int] = {}
        self._filter = ReviewFilter()
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # -- loading, filtering, refreshing ---------------------------------------------------
    def reload(self) -> None:
        rows = self._service.rows()
        self.beginResetModel()
        self._all = rows
        self._sort_all()
        self._apply_filter()
        self.endResetModel()

    def set_filter(self, review_filter: ReviewFilter) -> None:
        if review_filter == self._filter:
            return
        self.beginResetModel()
        self._filter = review_filter
        self._apply_filter()
        self.endResetModel()

    def _apply_filter(self) -> None:
        accepts = self._filter.accepts
        self._rows = [row for row in self._all if accepts(row)]
        self._row_of_id = {row.id: index for index, row in enumerate(self._rows)}

    def refresh_items(self, item_ids: Iterable[int]) -> None:
        """Re-read changed items in place; rows stay visible until the filter changes (no jumping away)."""
        fresh = {row.id: row for row in self._service.rows(list(item_ids))}
        for index, row in enumerate(self._all):
            if row.id in fresh:
                self._all[index] = fresh[row.id]
        changed = []
        for index, row in enumerate(self._rows):
            if row.id in fresh:
                self._rows[index] = fresh[row.id]
                changed.append(index)
        if changed:
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), len(Column) - 1))

    # -- access ------------------------------------------------------------------------
    @property
    def total_count(self) -> int:
        return len(self._all)

    def row_for_id(self, item_id: int) -> int | None:
        return self._row_of_id.get(item_id)

    def item_at(self, row: int) -> ReviewRow:
        return self._rows[row]

    def visible_ids(self) -> list[int]:
        return [row.id for row in self._rows]

    # -- Qt interface ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY and 0 <= section < len(Column):
            return _(HEADERS[Column(section)])
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == _DISPLAY:
            return _display(row, index.column())
        if role == _ALIGN:
            return _RIGHT if index.column() in _NUMERIC else None
        if role == SORT_ROLE:
            return _SORT_KEYS[Column(index.column())](row)
        if role == ID_ROLE:
            return row.id
        if role == ROW_ROLE:
            return row
        return None

    def _sort_all(self) -> None:
        if self._sort is not None:
            column, order = self._sort
            self._all.sort(key=_SORT_KEYS[Column(column)], reverse=order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Column):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [(self._rows[i.row()].id, i.column()) for i in persistent]
        self._sort = (column, order)
        self._sort_all()
        self._apply_filter()
        self.changePersistentIndexList(persistent, [self.index(self._row_of_id[i], c) for i, c in ids])
        self.layoutChanged.emit()


class ReviewProxy(QSortFilterProxyModel):
    """The table view's model: sorting is forwarded to the source (see the module note)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def source(self) -> ReviewTableModel:
        return self.sourceModel()

    def item_id(self, index: QModelIndex) -> int | None:
        return index.data(ID_ROLE) if index.isValid() else None

    def index_of_item(self, item_id: int) -> QModelIndex:
        row = self.source().row_for_id(item_id)
        return QModelIndex() if row is None else self.mapFromSource(self.source().index(row, 0))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source().sort(column, order)
