"""The first-run panel over the empty item list: no rooms yet, so add rooms or import the room list."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from inventar.i18n import _


class FirstRunPanel(QWidget):
    """Says the database has no rooms and offers *Tilføj rum …* and *Importér rumliste (CSV) …*."""

    add_rooms = Signal()
    import_rooms = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstRun")
        self.text = QLabel(_("Databasen har endnu ingen rum.\n\nTilføj rummene i den gamle bygning, eller importér "
                             "rumlisten (CSV: etage;nummer;navn) – derefter kan registreringen begynde (Ctrl+N).\n"
                             "Vil du bare prøve programmet: Filer ▸ Indlæs demodata åbner en separat demodatabase."))
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setStyleSheet("font-size: 13pt;")
        self.add_button = QPushButton(_("&Tilføj rum …"))
        self.add_button.setObjectName("firstRunAddRooms")
        self.import_button = QPushButton(_("&Importér rumliste (CSV) …"))
        self.import_button.setObjectName("firstRunImportRooms")
        self.add_button.clicked.connect(self.add_rooms)
        self.import_button.clicked.connect(self.import_rooms)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.addStretch(1)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.hide()
