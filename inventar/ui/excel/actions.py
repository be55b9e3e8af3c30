"""The Excel menu of the main window: the exports, the import with its preview, the template.

Exports run through :func:`inventar.ui.jobs.run_job` on the worker's own database
connection; the window only chooses the file and shows the result.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from inventar.i18n import _
from inventar.models.database import Store

# openpyxl (and numpy under it) cost a third of the start-up: the Excel services load on first use.
if TYPE_CHECKING:
    from inventar.services.excel.exports import ExportResult
from inventar.errors import UserError
from inventar.ui.jobs import Job, run_job
from inventar.ui.menus import Menus

EXPORTS = [  # kind, menu text, file name stem, shortcut, options
    ("register", "&Register …", "inventarregister", "Ctrl+Shift+X", {}),
    ("register", "Register med &fotos …", "inventarregister-fotos", None, {"thumbnails": True}),
    ("reuse", "&Genbrugsliste …", "genbrugsliste", None, {}),
    ("disposal", "&Bortskaffelsesliste …", "bortskaffelsesliste", None, {}),
    ("procurement", "&Indkøbsliste (godkendt genbrug) …", "indkobsliste", None, {"basis": "approved"}),
    ("board", "Indstilling til &direktionen …", "indstilling-direktionen", None, {}),
]


def save_file_name(parent, title: str, stem: str) -> str:
    suggested = f"{stem}-{date.today().isoformat()}.xlsx"
    path, _filter = QFileDialog.getSaveFileName(parent, title, suggested, _("Excel-projektmappe (*.xlsx)"))
    if path and not path.lower().endswith(".xlsx"):
        path += ".xlsx"
    return path


class ExcelActions:
    """The Excel menu on ``window``; the current session's store is read on each use (it changes on Åbn database)."""

    def __init__(self, window: QMainWindow, menus: Menus) -> None:
        self.window = window
        self.store: Callable[[], Store] = lambda: window.session.store
        self.reload: Callable[[], None] = window.reload
        self.ask_path: Callable[[str, str], str] = lambda title, stem: save_file_name(window, title, stem)
        self.ask_open: Callable[[], str] = self._ask_open
        self.last_result: ExportResult | None = None
        self.last_error: str | None = None
        export_menu = menus.submenu("excel/export", _("&Eksportér"))
        for kind, text, stem, shortcut, options in EXPORTS:
            action = export_menu.addAction(_(text))
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda _checked=False, k=kind, s=stem, o=options, t=text:
                                     self.export_to_file(k, _(t).replace("&", "").rstrip(" …"), s, **o))
        self.import_action = menus.add("excel/import", _("&Importér fra Excel …"), self.import_file, "Ctrl+I")
        menus.add("excel/import", _("Gem import&skabelon …"), self.save_template)

    # -- export ---------------------------------------------------------------------------
    def export_to_file(self, kind: str, title: str, stem: str, path: str | None = None, **options) -> Job | None:
        path = path or self.ask_path(_("Eksportér {title}", title=title.lower()), stem)
        if not path:
            return None
        store = self.store()
        photos = self.window.session.photos

        def job(job):
            from inventar.services.excel.exports import export

            return export(kind, path, photos=photos, source=store.target, progress=job.progress, **options)

        return run_job(self.window, _("Skriver {name} …", name=Path(path).name), job, self._exported,
                       title=_("Eksport"), store=store, on_error=self._failed, on_cancelled=self._cancelled)

    def _exported(self, result: ExportResult) -> None:
        self.last_result = result
        self.window.statusBar().showMessage(_("Gemt {path} ({rows} rækker)", path=result.path, rows=result.rows),
                                            10_000)

    def _cancelled(self) -> None:
        self.window.statusBar().showMessage(_("Eksporten er annulleret; der er ikke skrevet nogen fil"), 8000)

    def _failed(self, error: UserError) -> None:
        self.last_error = str(error)
        QMessageBox.warning(self.window, _("Eksport"), _("Filen kunne ikke skrives.\n\n{error}", error=error))

    def save_template(self) -> None:
        path = self.ask_path(_("Gem importskabelon"), "inventar-importskabelon")
        if not path:
            return
        from inventar.services.excel.template import write_template
        from inventar.services.excel.writer import ExportError

        try:
            write_template(path)
        except ExportError as exc:
            QMessageBox.warning(self.window, _("Skabelon"), str(exc))
            return
        self.window.statusBar().showMessage(_("Skabelon gemt: {path}", path=path), 10_000)

    # -- import ---------------------------------------------------------------------------
    def _ask_open(self) -> str:
        path, _filter = QFileDialog.getOpenFileName(self.window, _("Importér fra Excel"), "",
                                                    _("Excel-projektmappe (*.xlsx *.xlsm);;Alle filer (*)"))
        return path

    def import_file(self, path: str | None = None):
        from inventar.ui.excel.import_dialog import ImportDialog

        path = path or self.ask_open()
        if not path:
            return None
        dialog = ImportDialog(self.store(), path, self.window, user=self.window.session.user)
        dialog.imported.connect(lambda _counts: self.reload())
        dialog.open()
        dialog.start()
        return dialog
