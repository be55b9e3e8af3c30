"""Deleting an item from the list or the edit form: ask (naming the item), delete, offer »Fortryd«.

An item with an approved decision is refused with the reason.  The last deletion
can be undone with »Fortryd sletning« (Ctrl+Z in the main window, or the
»Fortryd« button shown in the status bar for a while): the item comes back with
its id, photos, decisions and votes.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QPushButton, QWidget

from inventar.errors import UserError
from inventar.i18n import _
from inventar.services.items.deletion import DeletedItem, ItemDeletion, describe_item

UNDO_VISIBLE_MS = 30_000


class DeleteFlow(QObject):
    deleted = Signal(int)  # item id
    restored = Signal(int)

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.last: DeletedItem | None = None
        self.undo_button = QPushButton(_("Fortryd"))
        self.undo_button.setObjectName("undoDelete")
        self.undo_button.setAutoDefault(False)
        self.undo_button.clicked.connect(self.undo)
        self.undo_button.hide()
        window.statusBar().addPermanentWidget(self.undo_button)  # status messages do not hide it
        self._hide_timer = QTimer(self, singleShot=True, interval=UNDO_VISIBLE_MS)
        self._hide_timer.timeout.connect(self.undo_button.hide)

    def _service(self) -> ItemDeletion:
        return ItemDeletion(user=self.window.session.items.user)

    def delete(self, item_id: int, parent: QWidget | None = None) -> bool:
        """Ask, then delete; True when the item was deleted."""
        parent = parent or self.window
        name = describe_item(item_id)
        if self._service().has_approved_decision(item_id):
            QMessageBox.warning(parent, _("Kan ikke slettes"),
                                _("{item} har en godkendt beslutning og kan ikke slettes. Genåbn beslutningen under "
                                  "Gennemgang først.", item=name))
            return False
        box = QMessageBox(QMessageBox.Icon.Warning, _("Slet genstand"),
                          _("Slet {item}?\n\nFotos, beslutninger og stemmer for genstanden slettes med. Du kan "
                            "fortryde med Ctrl+Z lige bagefter.", item=name), parent=parent)
        yes = box.addButton(_("&Slet"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(_("Annullér"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(box.buttons()[-1])  # Enter (or a scanner's Enter) never deletes
        box.setObjectName("confirmDelete")
        box.exec()
        if box.clickedButton() is not yes:
            return False
        try:
            self.last = self._service().delete(item_id)
        except UserError as exc:
            QMessageBox.warning(parent, _("Kan ikke slettes"), str(exc))
            return False
        self.window.statusBar().showMessage(_("Slettet: {item}. Ctrl+Z fortryder.", item=self.last.name), UNDO_VISIBLE_MS)
        self.undo_button.show()
        self._hide_timer.start()
        self.deleted.emit(item_id)
        return True

    def undo(self) -> int | None:
        """Bring the last deleted item back; its id, or None when there is nothing to undo."""
        if self.last is None:
            self.window.statusBar().showMessage(_("Der er ingen sletning at fortryde"), 5000)
            return None
        deleted, self.last = self.last, None
        try:
            item_id = self._service().restore(deleted)
        except UserError as exc:
            QMessageBox.warning(self.window, _("Kan ikke fortrydes"), str(exc))
            return None
        self.undo_button.hide()
        self.window.statusBar().showMessage(_("Gendannet: {item}", item=deleted.name), 8000)
        self.restored.emit(item_id)
        return item_id
