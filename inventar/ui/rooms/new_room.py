"""*Nyt rum …* from the registration form's room chooser: floor, number and name of a room not yet listed."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

from inventar.domain.items import ValidationError
from inventar.i18n import _
from inventar.services.rooms.service import RoomService


class NewRoomDialog(QDialog):
    """Creates the room on OK (through :class:`RoomService`); :attr:`room_id` is the new room's id."""

    def __init__(self, rooms: RoomService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rooms = rooms
        self.room_id: int | None = None
        self.setWindowTitle(_("Nyt rum"))
        self.floor = QSpinBox()
        self.floor.setRange(-5, 30)
        self.floor.setToolTip(_("Kælder = -1, stue = 0"))
        self.number = QLineEdit()
        self.number.setObjectName("newRoomNumber")
        self.number.setMaxLength(40)
        self.name = QLineEdit()
        self.name.setMaxLength(200)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b03a2e;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(_("&Etage:"), self.floor)
        form.addRow(_("Rum&nummer:"), self.number)
        form.addRow(_("&Navn:"), self.name)
        form.addRow(self.error)
        form.addRow(buttons)
        self.number.setFocus()

    def accept(self) -> None:
        try:
            self.room_id = self.rooms.create(self.floor.value(), self.number.text(), self.name.text())
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        super().accept()
