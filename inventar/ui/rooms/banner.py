"""The sticky room at the top of the registration form: big name, room choice, room status.

The chooser's last entry, *Nyt rum …*, creates a room on the spot (:class:`NewRoomDialog`) and selects it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QWidget

from inventar.domain.vocabulary import ROOM_STATUSES
from inventar.i18n import _
from inventar.services.rooms.service import RoomService
from inventar.ui.rooms.new_room import NewRoomDialog

NEW_ROOM = -1  # the combo's data for *Nyt rum …* (room ids are positive)


class RoomBanner(QFrame):
    status_set = Signal(str)  # the status's name, after the janitor changed it

    def __init__(self, rooms: RoomService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rooms = rooms
        self.setObjectName("roomBanner")
        self.setStyleSheet("#roomBanner { background: #1f6f78; border-radius: 6px; } "
                           "#roomBanner QLabel { color: white; }")
        self.title = QLabel()
        self.title.setObjectName("roomTitle")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        self.title.setFont(font)
        self.combo = QComboBox()
        self.combo.setObjectName("roomCombo")
        self.combo.setMinimumWidth(240)
        self.combo.setToolTip(_("Rummet, du registrerer i (Ctrl+R). Det bliver stående til næste genstand."))
        self.status = QComboBox()
        self.status.setObjectName("roomStatus")
        self.status.setToolTip(_("Rummets status (Ctrl+T): sæt Færdig, når alt i rummet er registreret"))
        for code, name in ROOM_STATUSES.items():
            self.status.addItem(_(name), code)
        room_label = QLabel(_("&Rum:"))
        room_label.setBuddy(self.combo)
        status_label = QLabel(_("S&tatus:"))
        status_label.setBuddy(self.status)
        self.count = QLabel()
        layout = QHBoxLayout(self)
        layout.addWidget(self.title, 1)
        layout.addWidget(self.count)
        layout.addWidget(room_label)
        layout.addWidget(self.combo)
        layout.addWidget(status_label)
        layout.addWidget(self.status)
        self.combo.currentIndexChanged.connect(self.refresh)
        self.status.activated.connect(self._status_chosen)

    def room_id(self) -> int | None:
        data = self.combo.currentData()
        return None if data == NEW_ROOM else data

    def new_room(self) -> int | None:
        """Ask for a new room, create it and select it; its id, or ``None`` when cancelled."""
        dialog = NewRoomDialog(self.rooms, self)
        if dialog.exec() != NewRoomDialog.DialogCode.Accepted or dialog.room_id is None:
            return None
        self.reload(dialog.room_id)
        return dialog.room_id

    def reload(self, select_id: int | None = None) -> None:
        select_id = select_id if select_id is not None else self.room_id()
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(_("(vælg rum)"), None)
        for row in self.rooms.list_rows():
            self.combo.addItem(row.display, row.id)
        self.combo.addItem(_("Nyt rum …"), NEW_ROOM)
        index = self.combo.findData(select_id) if select_id is not None else 0
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)
        self.refresh()

    def refresh(self, *_args) -> None:
        if self.combo.currentData() == NEW_ROOM:
            self.combo.setCurrentIndex(0)  # back to »(vælg rum)« while the dialog is open; reload selects the new one
            self.new_room()
            return
        room_id = self.room_id()
        row = next((r for r in self.rooms.list_rows() if r.id == room_id), None) if room_id else None
        self.title.setText(row.display if row else _("Vælg rummet, du står i (Ctrl+R)"))
        self.count.setText(_("{count} registreret her", count=row.item_count) if row else "")
        self.status.setEnabled(row is not None)
        if row is not None:
            self.status.setCurrentIndex(max(self.status.findData(row.status), 0))

    def _status_chosen(self, _index: int) -> None:
        room_id = self.room_id()
        if room_id is not None:
            self.rooms.set_status(room_id, self.status.currentData())
            self.status_set.emit(self.status.currentText())
