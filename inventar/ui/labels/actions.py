"""The main window's label features: the Etiketter menu, the scan field in the toolbar, opening scanned items."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QToolBar

from inventar.i18n import _
from inventar.services.labels.codes import LabelCodeService
from inventar.services.labels.templates import LabelTemplateService
from inventar.ui.labels.scan import ScanController, ScanField
from inventar.ui.labels.sources import BLANK, SELECTED, UNPRINTED
from inventar.ui.menus import Menus

if TYPE_CHECKING:  # the dialog (print support, the PDF painter) loads when it is first opened
    from inventar.ui.labels.dialog import LabelDialog


class LabelActions(QObject):
    """The Etiketter menu and the scan field; label codes and templates come from the window's session."""

    def __init__(self, window: QMainWindow, menus: Menus) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: LabelDialog | None = None

        self.field = ScanField()
        toolbar = QToolBar(_("Scan"))
        toolbar.setObjectName("scanToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel("  " + _("Etiket:") + " "))
        toolbar.addWidget(self.field)
        window.addToolBar(toolbar)
        self.scan = ScanController(self.codes, self.field, window)
        self.scan.item_requested.connect(self.open_item)
        self.scan.message.connect(lambda text: window.statusBar().showMessage(text, 8000))
        window.session_changed.connect(self._use_session)

        self.print_selected = menus.add("labels/print", _("Udskriv etiketter for &valgte …"),
                                        lambda: self.open_dialog(SELECTED), QKeySequence.StandardKey.Print)
        self.print_unprinted = menus.add("labels/print", _("Udskriv alle &ikke-udskrevne …"),
                                         lambda: self.open_dialog(UNPRINTED), "Ctrl+Shift+P")
        self.print_blank = menus.add("labels/print", _("&Fortrykte etiketter (blanke koder) …"),
                                     lambda: self.open_dialog(BLANK))
        menus.add_action("labels/scan", self.scan.focus_action)

    def _use_session(self, session) -> None:
        self.scan.codes = session.label_codes  # scans resolve in the database opened now

    @property
    def codes(self) -> LabelCodeService:
        return self.window.session.label_codes

    @property
    def templates(self) -> LabelTemplateService:
        return self.window.session.label_templates

    def selected_ids(self) -> list[int]:
        rows = self.window.table.selectionModel().selectedRows()
        return [i for i in (self.window.model.item_id(r) for r in rows) if i is not None]

    def open_dialog(self, source: int) -> LabelDialog:
        from inventar.ui.labels.dialog import LabelDialog

        dialog = LabelDialog(self.codes, self.templates, self.window.session.settings, self.selected_ids(), source,
                             self.window)
        dialog.printed.connect(lambda _count: self.window.reload())
        dialog.finished.connect(lambda _result: self.window.reload())  # codes given while the dialog was open
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_item(self, item_id: int) -> None:
        window = self.window
        index = window.model.index_of_item(item_id)
        if not index.isValid() and window.search.text():
            window.search.clear()
            index = window.model.index_of_item(item_id)
        if not index.isValid():
            window.reload()
            index = window.model.index_of_item(item_id)
        if index.isValid():
            window.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            window.table.scrollTo(index)

