"""The main window's share of the multi-laptop work: menu actions, live refresh, bundles.

:class:`SharedMode` adds to the »Filer« menu *Database og fotomappe …* (Ctrl+Shift+D),
*Eksportér bundt …* (Ctrl+Shift+E) and *Indlæs bundt …* (Ctrl+Shift+I), and
starts the :class:`~inventar.ui.sync.live_refresh.LiveRefresh` watcher that reloads
the item list when others changed something.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QMainWindow, QMessageBox

from inventar.domain.times import format_number
from inventar.errors import UserError
from inventar.i18n import _
from inventar.models.database import is_url, photo_dir_for
from inventar.ui.jobs import Job, run_job
from inventar.ui.menus import Menus
from inventar.ui.sync.live_refresh import DEFAULT_INTERVAL_MS, LiveRefresh

# The bundle code and the dialogs load when first used, not with the main window.


class SharedMode:
    """The sync feature's menu entries and the live refresh of the main window's item list."""

    def __init__(self, window: QMainWindow, menus: Menus, interval_ms: int = DEFAULT_INTERVAL_MS) -> None:
        self.window = window
        self.settings_action = menus.add("file/sync", _("&Database og fotomappe …"), self.edit_settings, "Ctrl+Shift+D")
        self.export_action = menus.add("file/sync", _("&Eksportér bundt …"), self.export, "Ctrl+Shift+E")
        self.import_action = menus.add("file/sync", _("&Indlæs bundt …"), self.import_, "Ctrl+Shift+I")
        self.live = LiveRefresh(lambda: window.session.store.db, interval_ms, window)
        self.live.changed.connect(self._reload_keeping_place)
        self.offline_label = QLabel(_("● Ingen forbindelse"))
        self.offline_label.setObjectName("offlineIndicator")
        self.offline_label.setStyleSheet("color: #b00020; font-weight: bold; padding: 0 8px;")
        self.offline_label.setToolTip(_("Den fælles database kan ikke nås. Inventar prøver igen af sig selv; "
                                        "intet, du gemmer, bliver gemt halvt."))
        self.offline_label.hide()
        window.statusBar().addPermanentWidget(self.offline_label)
        self.live.connection_state.connect(self._on_connection_state)  # started by the window with its list
        store = window.session.store
        if store.is_postgres and store.photo_dir == photo_dir_for(store.target):
            window.statusBar().showMessage(_("Ingen delt fotomappe valgt: fotos gemmes kun på denne computer "
                                             "(Filer ▸ Database og fotomappe)"))

    def _on_connection_state(self, ok: bool, text: str) -> None:
        self.offline_label.setVisible(not ok)
        self.window.statusBar().showMessage(text, 5000 if ok else 0)

    def _reload_keeping_place(self) -> None:
        bar = self.window.table.verticalScrollBar()
        position = bar.value()
        self.window.reload()
        bar.setValue(position)
        self.window.statusBar().showMessage(_("Listen er opdateret med andres ændringer"), 4000)

    # -- settings ------------------------------------------------------------------------
    def edit_settings(self) -> None:
        from inventar.ui.sync.database_settings import DatabaseSettingsDialog

        window = self.window
        store, settings = window.session.store, window.session.settings
        current, remembered = store.target, settings.get("last_database")
        if remembered and (remembered == current or (store.is_postgres and is_url(remembered))):
            current = remembered  # the full address (the title shows it without a password)
        dialog = DatabaseSettingsDialog(current, settings.get("photo_folder"), window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        settings.set("photo_folder", dialog.photo_folder())
        settings.save()
        if window.switch_database(dialog.target()):
            settings.save()
            self.live.remember()

    # -- bundles -----------------------------------------------------------------------------
    def export(self) -> None:
        window = self.window
        path, _filter = QFileDialog.getSaveFileName(window, _("Eksportér bundt"), "ændringer.inventar-bundle",
                                                    _("Inventar-bundt (*.inventar-bundle *.zip);;Alle filer (*)"))
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> Job:
        from inventar.services.sync.bundle import export_bundle

        window = self.window
        store = window.session.store

        def done(result) -> None:
            self.last_export = result
            text = _("{path}\n\n{items} genstande, {decisions} beslutninger og {photos} fotos, registreret eller "
                     "ændret siden sidste bundt.", path=result.path, items=format_number(result.counts.get("item", 0), 0),
                     decisions=format_number(result.counts.get("decision", 0), 0),
                     photos=format_number(result.counts.get("photo", 0), 0))
            if result.missing_photos:  # written, but without the photos whose files are gone here
                QMessageBox.warning(window, _("Bundt skrevet"), text + "\n\n" + result.missing_message())
            else:
                QMessageBox.information(window, _("Bundt skrevet"), text)

        return run_job(window, _("Skriver bundt …"), lambda job: export_bundle(store, path, progress=job.progress),
                       done, title=_("Bundtet kunne ikke skrives"), store=store)

    def import_(self) -> None:
        window = self.window
        path, _filter = QFileDialog.getOpenFileName(
            window, _("Indlæs bundt"), "", _("Inventar-bundt (*.inventar-bundle *.zip);;Alle filer (*)"))
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> Job:
        from inventar.services.sync.bundle import import_bundle
        from inventar.ui.sync.bundle_report import BundleReportDialog

        window = self.window
        store = window.session.store

        def done(result) -> None:
            window.reload()
            self.live.remember()
            report = BundleReportDialog(result, store, window.session.user, window)
            report.finished.connect(lambda _code: (window.reload(), self.live.remember()))
            report.open()
            self.last_report = report

        def failed(error: UserError) -> None:
            QMessageBox.warning(window, _("Bundtet kan ikke indlæses"), str(error) + "\n\n" + _("Intet er skrevet."))

        return run_job(window, _("Indlæser bundt …"), lambda job: import_bundle(store, path, progress=job.progress),
                       done, title=_("Bundtet kan ikke indlæses"), store=store, on_error=failed)

