"""The main window's item list as a way into the registration form: open to correct, delete, scan.

* Enter or a double-click on a row, or »Redigér genstand …« (menu and context menu), opens
  the item in the form's edit mode;
* Delete in the list, or »Slet genstand …«, deletes it after asking; »Fortryd sletning«
  (Ctrl+Z) brings it back;
* a label code scanned while the window has focus (not only in the Ctrl+E field) opens the
  item or starts its registration (:class:`~inventar.ui.registration.scan_buffer.ScanBuffer`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QMenu

from inventar.i18n import _
from inventar.ui.menus import Menus
from inventar.ui.registration.deleting import DeleteFlow
from inventar.ui.registration.scan_buffer import ScanBuffer


class ItemListActions(QObject):
    def __init__(self, window: QMainWindow, menus: Menus, edit: Callable[[int], object]) -> None:
        super().__init__(window)
        self.window = window
        self._edit = edit
        table = window.table
        self.deletion = DeleteFlow(window)
        self.deletion.deleted.connect(lambda _item_id: window.reload())
        self.deletion.restored.connect(self._restored)
        self.edit_action = menus.add("registration/forms", _("Re&digér genstand …"), self.edit_current)
        self.delete_action = menus.add("registration/forms", _("S&let genstand …"), self.delete_current)
        self.undo_action = menus.add("registration/forms", _("&Fortryd sletning"), self.deletion.undo, "Ctrl+Z")
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), table, activated=self.delete_current,
                  context=Qt.ShortcutContext.WidgetShortcut)
        table.doubleClicked.connect(lambda index: self._open(window.model.item_id(index)))
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        table.installEventFilter(self)
        self.scans = ScanBuffer(window, self._scanned, search=window.search, watching=False)
        table.after_first_paint(self.scans.watch)  # no one scans before the window is there

    def current_item(self) -> int | None:
        return self.window.model.item_id(self.window.table.currentIndex())

    def _open(self, item_id: int | None) -> None:
        if item_id is not None:
            self._edit(item_id)

    def edit_current(self) -> None:
        item_id = self.current_item()
        if item_id is None:
            self.window.statusBar().showMessage(_("Vælg en genstand i listen først"), 5000)
        self._open(item_id)

    def delete_current(self) -> None:
        item_id = self.current_item()
        if item_id is None:
            self.window.statusBar().showMessage(_("Vælg en genstand i listen først"), 5000)
            return
        self.deletion.delete(item_id)

    def _restored(self, item_id: int) -> None:
        self.window.reload()
        self.window.labels.open_item(item_id)

    def _scanned(self, code: str) -> None:
        self.window.labels.scan.handle(code)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.window.table.indexAt(pos)
        if not index.isValid():
            return
        self.window.table.setCurrentIndex(index)
        menu = QMenu(self.window.table)
        menu.addAction(self.edit_action)
        menu.addAction(self.delete_action)
        menu.popup(self.window.table.viewport().mapToGlobal(pos))
        self.context_menu = menu

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.edit_current()  # (a scanner's Enter never gets here: the scan buffer took it)
            return True
        return False
