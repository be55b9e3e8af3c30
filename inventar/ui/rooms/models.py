"""Table models for the rooms of the old building and the coverage per floor."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from inventar.domain.items import ValidationError
from inventar.domain.vocabulary import ROOM_STATUSES, floor_name
from inventar.i18n import _
from inventar.services.rooms.service import FloorCoverage, RoomRow, RoomService
from inventar.ui.roles import SORT_ROLE

STATUS_COLOURS = {"not_visited": "#f4cccc", "in_progress": "#fff2cc", "done": "#d9ead3"}


class RoomColumn(IntEnum):
    FLOOR = 0
    NUMBER = 1
    NAME = 2
    STATUS = 3
    ITEMS = 4
    QUANTITY = 5


ROOM_HEADERS = {RoomColumn.FLOOR: "Etage", RoomColumn.NUMBER: "Nummer", RoomColumn.NAME: "Navn",
                RoomColumn.STATUS: "Status", RoomColumn.ITEMS: "Genstande", RoomColumn.QUANTITY: "Stk."}


class RoomTableModel(QAbstractTableModel):
    """Rooms with status and item counts; number, name and status are editable (through the service)."""

    error = Signal(str)  # a refused edit, for the dialog's message line

    def __init__(self, service: RoomService, parent=None) -> None:
        super().__init__(parent)
        self.service = service
        self.rows: list[RoomRow] = []
        self.last_error = ""

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = self.service.list_rows()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(RoomColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(RoomColumn):
            return _(ROOM_HEADERS[RoomColumn(section)])
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in (RoomColumn.NUMBER, RoomColumn.NAME, RoomColumn.STATUS):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return {RoomColumn.FLOOR: floor_name(row.floor), RoomColumn.NUMBER: row.number,
                    RoomColumn.NAME: row.name, RoomColumn.STATUS: _(ROOM_STATUSES.get(row.status, row.status)),
                    RoomColumn.ITEMS: row.item_count, RoomColumn.QUANTITY: row.quantity}.get(column)
        if role == Qt.ItemDataRole.EditRole:
            return {RoomColumn.NUMBER: row.number, RoomColumn.NAME: row.name, RoomColumn.STATUS: row.status}.get(column)
        if role == SORT_ROLE:
            return {RoomColumn.FLOOR: row.floor, RoomColumn.NUMBER: row.number, RoomColumn.NAME: row.name.casefold(),
                    RoomColumn.STATUS: list(ROOM_STATUSES).index(row.status) if row.status in ROOM_STATUSES else 9,
                    RoomColumn.ITEMS: row.item_count, RoomColumn.QUANTITY: row.quantity}.get(column)
        if role == Qt.ItemDataRole.BackgroundRole and column == RoomColumn.STATUS:
            return QBrush(QColor(STATUS_COLOURS.get(row.status, "#ffffff")))
        if role == Qt.ItemDataRole.ForegroundRole and column == RoomColumn.STATUS:
            return QBrush(QColor("#202020"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (RoomColumn.ITEMS, RoomColumn.QUANTITY):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: QModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row = self.rows[index.row()]
        try:
            if index.column() == RoomColumn.STATUS:
                self.service.set_status(row.id, value)
            elif index.column() == RoomColumn.NUMBER:
                self.service.update(row.id, number=value)
            elif index.column() == RoomColumn.NAME:
                self.service.update(row.id, name=value)
            else:
                return False
        except ValidationError as exc:
            self.last_error = exc.message
            self.error.emit(exc.message)
            return False
        self.last_error = ""
        fresh = next((r for r in self.service.list_rows() if r.id == row.id), row)
        self.rows[index.row()] = fresh
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(RoomColumn) - 1))
        return True

    def room_id(self, row: int) -> int | None:
        return self.rows[row].id if 0 <= row < len(self.rows) else None


class RoomProxy(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.floor: int | None = None

    def set_floor(self, floor: int | None) -> None:
        self.beginFilterChange()
        self.floor = floor
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:  # noqa: N802
        if self.floor is None:
            return True
        return self.sourceModel().rows[source_row].floor == self.floor


class CoverageColumn(IntEnum):
    FLOOR = 0
    ROOMS = 1
    DONE = 2
    IN_PROGRESS = 3
    NOT_VISITED = 4
    SHARE = 5
    ITEMS = 6
    QUANTITY = 7


COVERAGE_HEADERS = {CoverageColumn.FLOOR: "Etage", CoverageColumn.ROOMS: "Rum", CoverageColumn.DONE: "Færdige",
                    CoverageColumn.IN_PROGRESS: "I gang", CoverageColumn.NOT_VISITED: "Ikke besøgt",
                    CoverageColumn.SHARE: "Færdig %", CoverageColumn.ITEMS: "Genstande",
                    CoverageColumn.QUANTITY: "Stk."}


class CoverageModel(QAbstractTableModel):
    """One row per floor: how many rooms are done and how many items are registered."""

    def __init__(self, service: RoomService, parent=None) -> None:
        super().__init__(parent)
        self.service = service
        self.rows: list[FloorCoverage] = []

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = self.service.coverage()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(CoverageColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(CoverageColumn):
            return _(COVERAGE_HEADERS[CoverageColumn(section)])
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        values = {CoverageColumn.FLOOR: row.floor, CoverageColumn.ROOMS: row.rooms, CoverageColumn.DONE: row.done,
                  CoverageColumn.IN_PROGRESS: row.in_progress, CoverageColumn.NOT_VISITED: row.not_visited,
                  CoverageColumn.SHARE: row.share_done, CoverageColumn.ITEMS: row.items,
                  CoverageColumn.QUANTITY: row.quantity}
        if role == Qt.ItemDataRole.DisplayRole:
            if column == CoverageColumn.FLOOR:
                return floor_name(row.floor)
            if column == CoverageColumn.SHARE:
                return f"{round(row.share_done * 100)} %"
            return values.get(column)
        if role == SORT_ROLE:
            return values.get(column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column != CoverageColumn.FLOOR:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and column == CoverageColumn.SHARE:
            share = row.share_done
            return QBrush(QColor("#d9ead3" if share >= 1 else "#fff2cc" if share > 0 else "#f4cccc"))
        if role == Qt.ItemDataRole.ForegroundRole and column == CoverageColumn.SHARE:
            return QBrush(QColor("#202020"))
        return None

    def totals(self) -> FloorCoverage:
        total = FloorCoverage(0, 0, 0, 0, 0, 0, 0)
        for row in self.rows:
            for name in ("rooms", "done", "in_progress", "not_visited", "items", "quantity"):
                setattr(total, name, getattr(total, name) + getattr(row, name))
        return total
