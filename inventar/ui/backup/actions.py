"""Filer ▸ Sikkerhedskopi … and Gendan sikkerhedskopi …: the backup service from the menu, off the GUI thread."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from inventar.domain.times import format_number
from inventar.errors import UserError
from inventar.i18n import _
from inventar.ui.jobs import Job, run_job, show_user_error
from inventar.ui.menus import Menus

SUFFIX = ".inventar-backup"


class BackupActions:
    """Filer ▸ Sikkerhedskopi … (Ctrl+Shift+K) and Gendan sikkerhedskopi … of the session's database."""

    def __init__(self, window: QMainWindow, menus: Menus) -> None:
        self.window = window
        menus.add("file/backup", _("&Sikkerhedskopi …"), self.choose_backup, "Ctrl+Shift+K")
        menus.add("file/backup", _("&Gendan sikkerhedskopi …"), self.choose_restore)
        self.last_message = ""

    def choose_backup(self) -> None:
        suggested = f"inventar-{date.today().isoformat()}{SUFFIX}"
        path, _filter = QFileDialog.getSaveFileName(self.window, _("Gem sikkerhedskopi"), suggested,
                                                    _("Inventar-sikkerhedskopi (*{suffix})", suffix=SUFFIX))
        if path:
            self.backup_to(path if path.endswith(SUFFIX) else path + SUFFIX)

    def backup_to(self, path: str) -> Job:
        from inventar.services.backup.archive import create_backup  # loads when used, not with the main window

        store = self.window.session.store
        return run_job(self.window, _("Skriver sikkerhedskopi …"),
                       lambda job: create_backup(store, Path(path), job.progress), self._done,
                       title=_("Sikkerhedskopi"), store=store, on_error=self._failed)

    def _done(self, info) -> None:
        self.last_message = _("Sikkerhedskopi gemt: {path} ({items} genstande, {photos} fotofiler)",
                              path=info.path, items=format_number(info.items, 0), photos=format_number(info.photos, 0))
        self.window.statusBar().showMessage(self.last_message, 15_000)
        if info.missing:  # the backup is written, but it cannot hold photos whose files are gone
            self.last_message += "\n\n" + info.missing_message()
            QMessageBox.warning(self.window, _("Sikkerhedskopi"), self.last_message)

    def _failed(self, error: UserError) -> None:
        self.last_message = str(error)
        show_user_error(self.window, _("Sikkerhedskopi"), error)

    def choose_restore(self) -> None:
        source, _filter = QFileDialog.getOpenFileName(self.window, _("Vælg sikkerhedskopi"), "",
                                                      _("Inventar-sikkerhedskopi (*{suffix})", suffix=SUFFIX))
        if not source:
            return
        target, _filter = QFileDialog.getSaveFileName(self.window, _("Gendan til ny databasefil"),
                                                      "gendannet.sqlite", _("Inventar-database (*.sqlite)"))
        if target:
            self.restore_to(source, target)

    def restore_to(self, source: str, target: str, without_missing_photos: bool = False) -> Job | None:
        """Restore into a NEW file (never over the open database), then offer to open it.  A backup lacking
        photos its database needs is restored only when the user says so (default: no)."""
        from inventar.services.backup.archive import MissingPhotosError, restore_backup

        if Path(target).resolve() == Path(self.window.session.store.target).resolve():
            QMessageBox.warning(self.window, _("Gendan"), _("Vælg en ny fil; den åbne database overskrives ikke."))
            return None

        def done(info) -> None:
            self.last_message = _("Gendannet til {path}: {items} genstande, {photos} fotofiler",
                                  path=info.path, items=format_number(info.items, 0), photos=format_number(info.photos, 0))
            if info.missing:
                self.last_message += "\n\n" + info.missing_message(restored=True)
            answer = QMessageBox.question(self.window, _("Gendan"), self.last_message + "\n\n" +
                                          _("Åbn den gendannede database nu?"))
            if answer == QMessageBox.StandardButton.Yes:
                self.window.switch_database(str(target))

        def failed(error: UserError) -> None:
            if not isinstance(error, MissingPhotosError):
                self._failed(error)
                return
            self.last_message = str(error)
            answer = QMessageBox.question(
                self.window, _("Gendan"), str(error) + "\n\n" + _("Intet er gendannet. Gendan alt andet uden "
                                                                   "disse fotos?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer == QMessageBox.StandardButton.Yes:
                self.restore_to(source, target, without_missing_photos=True)

        return run_job(self.window, _("Gendanner sikkerhedskopi …"),
                       lambda job: restore_backup(Path(source), Path(target), progress=job.progress,
                                                  without_missing_photos=without_missing_photos), done,
                       title=_("Gendan"), on_error=failed)



