"""Rooms and coverage: the rooms of the old building, their status, and how far each floor is."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inventar.domain.items import ValidationError
from inventar.domain.vocabulary import ROOM_STATUSES
from inventar.i18n import _
from inventar.services.rooms.service import RoomService
from inventar.ui.geometry import fit_to_screen
from inventar.ui.roles import SORT_ROLE
from inventar.ui.rooms.models import CoverageModel, RoomColumn, RoomProxy, RoomTableModel


class StatusDelegate(QStyledItemDelegate):
    """A drop-down of the three statuses for the status column."""

    def createEditor(self, parent, option, index):  # noqa: N802
        combo = QComboBox(parent)
        for code, name in ROOM_STATUSES.items():
            combo.addItem(_(name), code)
        return combo

    def setEditorData(self, editor, index):  # noqa: N802
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor, model, index):  # noqa: N802
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def _table(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class RoomsDialog(QDialog):
    changed = Signal()

    def __init__(self, service: RoomService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle(_("Rum og dækning"))
        self.setObjectName("roomsDialog")

        self.coverage = CoverageModel(service, self)
        self.coverage_proxy = _sorting_proxy(self.coverage, self)
        self.coverage_view = _table(self.coverage_proxy)
        self.coverage_view.setObjectName("coverageTable")
        self.coverage_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.coverage_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.coverage_view.selectionModel().currentRowChanged.connect(self._floor_chosen)
        self.total = QLabel()
        self.total.setObjectName("coverageTotal")
        self.total.setWordWrap(True)

        self.rooms = RoomTableModel(service, self)
        self.rooms_proxy = RoomProxy(self)
        self.rooms_proxy.setSourceModel(self.rooms)
        self.rooms_view = _table(self.rooms_proxy)
        self.rooms_view.setObjectName("roomTable")
        self.rooms_view.horizontalHeader().setStretchLastSection(False)
        self.rooms_view.horizontalHeader().setSectionResizeMode(RoomColumn.NAME, QHeaderView.ResizeMode.Stretch)
        self.rooms_view.setItemDelegateForColumn(RoomColumn.STATUS, StatusDelegate(self.rooms_view))
        self.rooms_view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                        | QAbstractItemView.EditTrigger.EditKeyPressed
                                        | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.rooms_view.sortByColumn(RoomColumn.FLOOR, Qt.SortOrder.AscendingOrder)
        self.empty = QLabel(_("Ingen rum endnu. Importér rumlisten (CSV: etage;nummer;navn) eller tilføj rum herunder."))
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(mid); padding: 12px;")

        self.show_all = QPushButton(_("Vis alle etager"))
        self.show_all.clicked.connect(self._show_all_floors)
        import_button = QPushButton(_("&Importér rumliste …"))
        import_button.clicked.connect(self.choose_import)

        self.new_floor = QSpinBox()
        self.new_floor.setObjectName("newFloor")
        self.new_floor.setRange(-3, 30)
        self.new_floor.setToolTip(_("Etage: -1 = kælder, 0 = stueetage"))
        self.new_number = QLineEdit()
        self.new_number.setObjectName("newNumber")
        self.new_number.setPlaceholderText(_("nummer, fx 2.14"))
        self.new_name = QLineEdit()
        self.new_name.setObjectName("newName")
        self.new_name.setPlaceholderText(_("navn, fx Mødelokale"))
        add_button = QPushButton(_("&Tilføj rum"))
        add_button.setObjectName("addRoom")
        add_button.clicked.connect(self.add_room)
        self.new_name.returnPressed.connect(self.add_room)
        self.new_number.returnPressed.connect(self.add_room)

        self.message = QLabel()
        self.message.setObjectName("roomsMessage")
        self.message.setWordWrap(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel(_("<b>Dækning pr. etage</b> – vælg en etage for at se dens rum")))
        left_layout.addWidget(self.coverage_view, 1)
        left_layout.addWidget(self.total)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        header = QHBoxLayout()
        header.addWidget(QLabel(_("<b>Rum</b> – dobbeltklik eller F2 for at rette; status vælges på listen")))
        header.addStretch(1)
        header.addWidget(self.show_all)
        header.addWidget(import_button)
        right_layout.addLayout(header)
        right_layout.addWidget(self.rooms_view, 1)
        right_layout.addWidget(self.empty)
        add_row = QHBoxLayout()
        add_row.addWidget(QLabel(_("Nyt rum: etage")))
        add_row.addWidget(self.new_floor)
        add_row.addWidget(self.new_number)
        add_row.addWidget(self.new_name, 1)
        add_row.addWidget(add_button)
        right_layout.addLayout(add_row)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([230, 470])
        close = QPushButton(_("Luk"))
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        QShortcut(QKeySequence("Ctrl+I"), self, activated=self.choose_import)
        for button in (self.show_all, import_button, add_button):
            button.setAutoDefault(False)
        self.rooms.dataChanged.connect(self._after_edit)
        self.rooms.error.connect(self._show_error)
        fit_to_screen(self, QSize(1000, 760))
        self.reload()

    def reload(self) -> None:
        self.rooms.reload()
        self.coverage.reload()
        self.reload_totals_only()
        self.empty.setVisible(not self.rooms.rows)

    def _after_edit(self, *_args) -> None:
        self.coverage.reload()
        self.reload_totals_only()
        self.changed.emit()

    def reload_totals_only(self) -> None:
        total = self.coverage.totals()
        share = round(100 * total.done / total.rooms) if total.rooms else 0
        self.total.setText(_("I alt: {done} af {rooms} rum færdige ({share} %), {progress} i gang, "
                             "{items} genstande ({quantity} stk.) registreret",
                             done=total.done, rooms=total.rooms, share=share, progress=total.in_progress,
                             items=total.items, quantity=total.quantity))

    def _floor_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        source = self.coverage_proxy.mapToSource(current)
        if source.isValid():
            self.rooms_proxy.set_floor(self.coverage.rows[source.row()].floor)

    def _show_all_floors(self) -> None:
        self.coverage_view.clearSelection()
        self.rooms_proxy.set_floor(None)

    def _show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020; font-weight: bold;")

    def add_room(self) -> None:
        try:
            self.service.create(self.new_floor.value(), self.new_number.text(), self.new_name.text())
        except ValidationError as exc:
            self._show_error(exc.message)
            self.new_number.setFocus()
            return
        self.message.setText(_("Rum {number} er tilføjet", number=self.new_number.text().strip()))
        self.message.setStyleSheet("color: #1e7b34;")
        self.new_number.clear()
        self.new_name.clear()
        self.new_number.setFocus()
        self.reload()
        self.changed.emit()

    def choose_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Importér rumliste"), "",
                                                    _("Rumliste (*.csv *.txt);;Alle filer (*)"))
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> bool:
        try:
            added, existing = self.service.import_csv(path)
        except ValidationError as exc:
            self._show_error(exc.message)
            return False
        self.message.setText(_("{added} rum importeret, {existing} fandtes i forvejen", added=added,
                               existing=existing))
        self.message.setStyleSheet("color: #1e7b34;")
        self.reload()
        self.changed.emit()
        return True


def _sorting_proxy(model, parent) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    return proxy
