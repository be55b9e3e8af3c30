"""The main window's label features: the Etiketter menu, the scan field in the toolbar, opening scanned items.

:func:`install` is the one call the main window makes; everything else stays here.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QToolBar

from inventar.i18n import _
from inventar.services.labels.codes import LabelCodeService
from inventar.services.labels.templates import LabelTemplateService
from inventar.ui.labels.dialog import BLANK, SELECTED, UNPRINTED, LabelDialog
from inventar.ui.labels.scan import ScanController, ScanField


class LabelActions(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.codes = LabelCodeService(user=window.settings.get("user_name") or "")
        self.templates = LabelTemplateService()
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

        menu = window.menuBar().addMenu(_("&Etiketter"))
        self.print_selected = window._action(_("Udskriv etiketter for &valgte …"), lambda: self.open_dialog(SELECTED),
                                             QKeySequence.StandardKey.Print)
        self.print_unprinted = window._action(_("Udskriv alle &ikke-udskrevne …"),
                                              lambda: self.open_dialog(UNPRINTED), "Ctrl+Shift+P")
        self.print_blank = window._action(_("&Fortrykte etiketter (blanke koder) …"), lambda: self.open_dialog(BLANK))
        for action in (self.print_selected, self.print_unprinted, self.print_blank):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.scan.focus_action)
        help_menu = window.menuBar().actions()[-2] if len(window.menuBar().actions()) > 1 else None
        if help_menu is not None and help_menu.text() == _("&Hjælp"):  # keep Hjælp the last menu
            window.menuBar().removeAction(help_menu)
            window.menuBar().addAction(help_menu)

    def selected_ids(self) -> list[int]:
        rows = self.window.table.selectionModel().selectedRows()
        return [i for i in (self.window.proxy.item_id(r) for r in rows) if i is not None]

    def open_dialog(self, source: int) -> LabelDialog:
        dialog = LabelDialog(self.codes, self.templates, self.window.settings, self.selected_ids(), source,
                             self.window)
        dialog.printed.connect(lambda _count: self.window.reload())
        dialog.finished.connect(lambda _result: self.window.reload())  # codes given while the dialog was open
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_item(self, item_id: int) -> None:
        window = self.window
        index = window.proxy.index_of_item(item_id)
        if not index.isValid() and window.search.text():
            window.search.clear()
            index = window.proxy.index_of_item(item_id)
        if not index.isValid():
            window.reload()
            index = window.proxy.index_of_item(item_id)
        if index.isValid():
            window.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            window.table.scrollTo(index)


def install(window: QMainWindow) -> LabelActions:
    return LabelActions(window)
