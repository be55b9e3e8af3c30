"""Settings dialog: this laptop's own database file, or the shared PostgreSQL database + shared photo folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from inventar.i18n import _
from inventar.models.database import is_url
from inventar.services.sync.connection import ConnectionLostError, explain, probe


def _with_button(edit: QLineEdit, button: QPushButton) -> QWidget:
    host = QWidget()
    row = QHBoxLayout(host)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(edit, 1)
    row.addWidget(button)
    return host


class DatabaseSettingsDialog(QDialog):
    def __init__(self, current_target: str, photo_folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("databaseSettings")
        self.setWindowTitle(_("Database og fotomappe"))
        self.setMinimumWidth(620)

        self.local = QRadioButton(_("Kun &denne computer (en databasefil, intet at sætte op)"))
        self.local.setObjectName("localMode")
        self.shared = QRadioButton(_("&Fælles database på en server (PostgreSQL) – flere bærbare på én gang"))
        self.shared.setObjectName("sharedMode")
        group = QButtonGroup(self)
        group.addButton(self.local)
        group.addButton(self.shared)

        self.file_edit = QLineEdit()
        self.file_edit.setObjectName("fileEdit")
        browse_file = QPushButton(_("Vælg …"))
        browse_file.clicked.connect(self._browse_file)
        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("urlEdit")
        self.url_edit.setPlaceholderText("postgresql://bruger@server:5432/inventar")
        self.test_button = QPushButton(_("&Test forbindelse"))
        self.test_button.setObjectName("testConnection")
        self.test_button.clicked.connect(self.test_connection)
        self.photo_edit = QLineEdit()
        self.photo_edit.setObjectName("photoEdit")
        self.photo_edit.setPlaceholderText(_("fx \\\\server\\inventar-fotos eller /mnt/inventar-fotos"))
        browse_photos = QPushButton(_("Vælg …"))
        browse_photos.clicked.connect(self._browse_photos)

        self.local_form = QWidget()
        local_form = QFormLayout(self.local_form)
        local_form.setContentsMargins(24, 0, 0, 8)
        local_form.addRow(_("Databasefil:"), _with_button(self.file_edit, browse_file))
        local_hint = QLabel(_("Fotos ligger i en mappe ved siden af filen. Arbejd uden net og tag ændringerne "
                              "med til den fælles database som et bundt (Filer ▸ Eksportér bundt)."))
        local_hint.setWordWrap(True)
        local_hint.setStyleSheet("color: palette(mid);")
        local_form.addRow(local_hint)

        self.shared_form = QWidget()
        shared_form = QFormLayout(self.shared_form)
        shared_form.setContentsMargins(24, 0, 0, 0)
        shared_form.addRow(_("Serveradresse:"), _with_button(self.url_edit, self.test_button))
        shared_form.addRow(_("Delt fotomappe:"), _with_button(self.photo_edit, browse_photos))
        shared_hint = QLabel(_("Adressen og den delte mappe får du af IT. Fotos gemmes under deres indhold "
                               "(kontrolsum), så to bærbare aldrig overskriver hinandens fotos. Adgangskoden "
                               "skrives bedst i pgpass-filen, ikke i adressen."))
        shared_hint.setWordWrap(True)
        shared_hint.setStyleSheet("color: palette(mid);")
        shared_form.addRow(shared_hint)

        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Brug denne database"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Annullér"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.local)
        layout.addWidget(self.local_form)
        layout.addWidget(self.shared)
        layout.addWidget(self.shared_form)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(buttons)

        if is_url(current_target):
            self.shared.setChecked(True)
            self.url_edit.setText(current_target)
            self.photo_edit.setText(photo_folder)
        else:
            self.local.setChecked(True)
            self.file_edit.setText(current_target)
        self.local.toggled.connect(self._update_enabled)
        self._update_enabled()

    # -- state -----------------------------------------------------------------------
    def _update_enabled(self) -> None:
        self.local_form.setEnabled(self.local.isChecked())
        self.shared_form.setEnabled(self.shared.isChecked())
        self._say("")

    def _say(self, text: str, ok: bool = False) -> None:
        self.status.setStyleSheet("" if ok or not text else "color: #b00020;")
        self.status.setText(text)

    def target(self) -> str:
        return self.url_edit.text().strip() if self.shared.isChecked() else self.file_edit.text().strip()

    def photo_folder(self) -> str:
        return self.photo_edit.text().strip() if self.shared.isChecked() else ""

    def problem(self) -> str | None:
        """What is wrong with the input, in Danish; None when it can be used."""
        if self.local.isChecked():
            path = self.file_edit.text().strip()
            if not path:
                return _("Databasefil: vælg eller skriv en fil")
            if Path(path).is_dir():
                return _("Databasefil: »{path}« er en mappe", path=path)
            return None
        url = self.url_edit.text().strip()
        if not url:
            return _("Serveradresse: skriv adressen, fx postgresql://bruger@server/inventar")
        if not is_url(url):
            return _("Serveradresse: skal begynde med postgresql://")
        folder = self.photo_edit.text().strip()
        if not folder:
            return _("Delt fotomappe: vælg den mappe på netværksdrevet, som alle bærbare bruger")
        if not Path(folder).is_dir():
            return _("Delt fotomappe: »{folder}« findes ikke eller kan ikke nås (er netværksdrevet tilsluttet?)",
                     folder=folder)
        return None

    # -- actions -----------------------------------------------------------------------
    def test_connection(self) -> bool:
        url = self.url_edit.text().strip()
        if not is_url(url):
            self._say(_("Serveradresse: skal begynde med postgresql://"))
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            message = probe(url)
        except ConnectionLostError as error:
            self._say(_("Ingen forbindelse: {reason}", reason=explain(error.detail) or error))
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._say(message, ok=True)
        return True

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self._say(problem)
            return
        super().accept()

    def _browse_file(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Databasefil"), self.file_edit.text(), _("Inventar-database (*.sqlite *.db)"),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.file_edit.setText(path)

    def _browse_photos(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Delt fotomappe"), self.photo_edit.text())
        if folder:
            self.photo_edit.setText(folder)
