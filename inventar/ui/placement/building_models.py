"""Editable table models for the floors, the centres and the collaboration matrix (through PlacementService)."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from inventar.i18n import _
from inventar.services.placement.service import PlacementError, PlacementService
from inventar.ui.roles import SORT_ROLE

Index = QModelIndex | QPersistentModelIndex


class _EditableModel(QAbstractTableModel):
    errorOccurred = Signal(str)
    edited = Signal()

    def __init__(self, service: PlacementService, parent=None) -> None:
        super().__init__(parent)
        self.service = service
        self.rows: list = []

    HEADERS: dict[int, str] = {}  # column -> Danish header (the matrix model overrides the two methods below)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and section in self.HEADERS:
            return _(self.HEADERS[section])
        return None

    def _save(self, fn, *args) -> bool:
        try:
            fn(*args)
        except (PlacementError, ValueError) as exc:
            self.errorOccurred.emit(str(exc))
            return False
        self.edited.emit()
        return True


class FloorColumn(IntEnum):
    LEVEL = 0
    NAME = 1
    CAPACITY = 2
    AREA = 3


class FloorTableModel(_EditableModel):
    HEADERS = {FloorColumn.LEVEL: "Niveau", FloorColumn.NAME: "Navn", FloorColumn.CAPACITY: "Arbejdspladser",
               FloorColumn.AREA: "Areal m²"}

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = [(f, self.service.floor_area(f.id)) for f in self.service.floors()]
        self.endResetModel()

    def floor_id(self, row: int) -> int:
        return self.rows[row][0].id

    def data(self, index: Index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        floor, area = self.rows[index.row()]
        column = FloorColumn(index.column())
        values = {FloorColumn.LEVEL: floor.level, FloorColumn.NAME: floor.name, FloorColumn.CAPACITY: floor.capacity,
                  FloorColumn.AREA: area}
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            value = values[column]
            if column == FloorColumn.AREA and role == Qt.ItemDataRole.DisplayRole:
                return "" if value is None else f"{value:g}"
            return value
        if role == SORT_ROLE:
            return values[column] if values[column] is not None else -1
        if role == Qt.ItemDataRole.TextAlignmentRole and column != FloorColumn.NAME:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index):
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable if index.isValid() else Qt.ItemFlag.NoItemFlags

    def setData(self, index: Index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        floor, area = self.rows[index.row()]
        fields = {"level": floor.level, "name": floor.name, "capacity": floor.capacity, "area": area}
        key = ["level", "name", "capacity", "area"][index.column()]
        try:
            if key == "area":
                fields[key] = None if str(value).strip() == "" else float(str(value).replace(",", "."))
            elif key == "name":
                fields[key] = str(value)
            else:
                fields[key] = int(value)
        except ValueError:
            self.errorOccurred.emit(_("»{value}« er ikke et tal", value=value))
            return False
        if not self._save(self.service.save_floor, floor.id, fields["level"], fields["name"], fields["capacity"],
                          fields["area"]):
            return False
        self.reload()
        return True


class CentreColumn(IntEnum):
    ABBREVIATION = 0
    NAME = 1
    WORKPLACES = 2
    CONTACT = 3
    COLOUR = 4


class CentreTableModel(_EditableModel):
    HEADERS = {CentreColumn.ABBREVIATION: "Forkortelse", CentreColumn.NAME: "Navn",
               CentreColumn.WORKPLACES: "Arbejdspladser", CentreColumn.CONTACT: "Borgerkontakt (0–5)",
               CentreColumn.COLOUR: "Farve"}

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = self.service.centres()
        self.endResetModel()

    def centre_id(self, row: int) -> int:
        return self.rows[row].id

    def data(self, index: Index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        c = self.rows[index.row()]
        column = CentreColumn(index.column())
        values = {CentreColumn.ABBREVIATION: c.abbreviation, CentreColumn.NAME: c.name,
                  CentreColumn.WORKPLACES: c.workplaces, CentreColumn.CONTACT: c.contact, CentreColumn.COLOUR: c.colour}
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, SORT_ROLE):
            return values[column]
        if role == Qt.ItemDataRole.DecorationRole and column == CentreColumn.COLOUR:
            return QColor(c.colour)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (CentreColumn.WORKPLACES, CentreColumn.CONTACT):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index):
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable if index.isValid() else Qt.ItemFlag.NoItemFlags

    def setData(self, index: Index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        c = self.rows[index.row()]
        fields = [c.abbreviation, c.name, c.workplaces, c.contact, c.colour]
        try:
            fields[index.column()] = int(value) if index.column() in (2, 3) else str(value)
        except ValueError:
            self.errorOccurred.emit(_("»{value}« er ikke et tal", value=value))
            return False
        if not self._save(self.service.save_centre, c.id, fields[1], fields[0], fields[2], fields[3], fields[4]):
            return False
        self.reload()
        return True


class MatrixModel(_EditableModel):
    """The symmetric collaboration matrix: one row and one column per centre; editing a cell sets its mirror."""

    def reload(self) -> None:
        self.beginResetModel()
        problem = self.service.problem()
        self.rows = problem.centres
        self.matrix = problem.matrix
        self.endResetModel()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.rows):
            return self.rows[section].abbreviation
        if role == Qt.ItemDataRole.ToolTipRole and 0 <= section < len(self.rows):
            return self.rows[section].name
        return None

    def value(self, row: int, column: int) -> int:
        a, b = self.rows[row].id, self.rows[column].id
        return self.matrix.get((min(a, b), max(a, b)), 0)

    def data(self, index: Index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        diagonal = index.row() == index.column()
        value = self.value(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return "—" if diagonal else (str(value) if value else "")
        if role in (Qt.ItemDataRole.EditRole, SORT_ROLE):
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and value and not diagonal:
            colour = QColor("#2980b9")
            colour.setAlpha(30 + value * 22)
            return colour
        return None

    def flags(self, index: Index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags if index.row() == index.column() else flags | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            number = int(str(value).strip() or 0)
        except ValueError:
            self.errorOccurred.emit(_("Samarbejde skal være et tal fra 0 til 9"))
            return False
        a, b = self.rows[index.row()].id, self.rows[index.column()].id
        if not self._save(self.service.set_collaboration, a, b, number):
            return False
        key = (min(a, b), max(a, b))
        if number:
            self.matrix[key] = number
        else:
            self.matrix.pop(key, None)
        mirror = self.index(index.column(), index.row())
        self.dataChanged.emit(index, index)
        self.dataChanged.emit(mirror, mirror)
        return True
