"""When the shared database goes away: a clear Danish message, the user's input kept, »Prøv igen«.

:func:`run_with_reconnect` runs one unit of work (a save in one transaction);
when the connection is lost it shows :class:`ConnectionLostDialog` and, on
»Prøv igen«, reconnects and runs the work again.  The caller's form is never
closed or cleared here: only a successful run returns ``(True, result)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from inventar.i18n import _
from inventar.services.sync.connection import ConnectionLostError, explain, guarded, reconnect


class ConnectionLostDialog(QMessageBox):
    def __init__(self, error: ConnectionLostError, parent: QWidget | None = None, reconnect_failed: bool = False):
        super().__init__(parent)
        self.setObjectName("connectionLostDialog")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(_("Ingen forbindelse til databasen"))
        text = str(error)
        if reconnect_failed:
            text += "\n\n" + _("Serveren svarer stadig ikke.")
        self.setText(text)
        reason = explain(error.detail)
        if reason:
            self.setInformativeText(_("Årsag: {reason}", reason=reason))
        self.retry_button = self.addButton(_("&Prøv igen"), QMessageBox.ButtonRole.AcceptRole)
        self.retry_button.setObjectName("retry")
        self.cancel_button = self.addButton(_("&Annullér"), QMessageBox.ButtonRole.RejectRole)
        self.cancel_button.setObjectName("cancel")
        self.setDefaultButton(self.retry_button)
        self.setEscapeButton(self.cancel_button)

    def wants_retry(self) -> bool:
        self.exec()
        return self.clickedButton() is self.retry_button


def run_with_reconnect(parent: QWidget | None, db, work: Callable[[], Any]) -> tuple[bool, Any]:
    """``(True, result)`` once ``work`` succeeded, ``(False, None)`` when the user gave up."""
    failed_reconnect = False
    while True:
        try:
            return True, guarded(db, work)
        except ConnectionLostError as error:
            lost = error
        while True:
            if not ConnectionLostDialog(lost, parent, failed_reconnect).wants_retry():
                return False, None
            try:
                reconnect(db)
                failed_reconnect = False
                break
            except ConnectionLostError as again:
                lost, failed_reconnect = again, True
