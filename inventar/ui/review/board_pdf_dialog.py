"""Before the board paper is made: the meeting it is for (reference and date) and the PDF file.

The meeting reference starts as the one the proposals carry (a proposal sent back and proposed
again keeps its meeting), else empty; the user types or edits it (»Direktionsmøde 14-12-2026, pkt. 3«).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inventar.i18n import _
from inventar.ui.geometry import fit_to_screen


class BoardPdfDialog(QDialog):
    def __init__(self, meeting: str, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardPdfDialog")
        self.setWindowTitle(_("Indstilling som PDF"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("Mødebilaget med forslagene, der afventer direktionens godkendelse. Angiv mødet, det er "
                         "til; referencen står på forsiden."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.meeting = QLineEdit(meeting)
        self.meeting.setObjectName("boardMeetingRef")
        self.meeting.setPlaceholderText(_("fx Direktionsmøde 14-12-2026, pkt. 3"))
        self.meeting.setMinimumWidth(360)
        self.day = QDateEdit(QDate.currentDate())
        self.day.setObjectName("boardMeetingDate")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd-MM-yyyy")
        self.path = QLineEdit(str(folder / f"indstilling-direktionen-{date.today().isoformat()}.pdf"))
        self.path.setObjectName("boardPdfPath")
        browse = QPushButton(_("Vælg …"))
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        form.addRow(_("Møde:"), self.meeting)
        form.addRow(_("Mødedato:"), self.day)
        form.addRow(_("Fil:"), file_row)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Lav PDF"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Annullér"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.path.textChanged.connect(self._update)
        self._update()
        self.meeting.setFocus()
        fit_to_screen(self, self.sizeHint())

    def meeting_ref(self) -> str:
        return self.meeting.text().strip()

    def meeting_day(self) -> date:
        return self.day.date().toPython()

    def target(self) -> str:
        path = self.path.text().strip()
        return path if path.lower().endswith(".pdf") else path + ".pdf"

    def _browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Indstilling som PDF"), self.path.text(),
                                                    _("PDF-dokument (*.pdf)"))
        if path:
            self.path.setText(path)

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.path.text().strip()))
