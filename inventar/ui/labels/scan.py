"""Scan-to-open: a field that takes what a USB/Bluetooth scanner types (the code + Enter).

A known code opens the item, a free pre-printed code starts a registration
with it, anything else is said in the status bar and under the field's tooltip.

The registration form (its own module) plugs in through :attr:`ScanController.registration_hook`,
a callable taking the code (``window.scan.registration_hook = form.start_with_code``);
:attr:`ScanController.registration_requested` is emitted too.  While no hook is set, a
message explains what the code is.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QMessageBox, QWidget

from inventar.i18n import _
from inventar.services.labels.codes import LabelCodeService, ScanResult

SCAN_SHORTCUT = "Ctrl+E"
_ERROR_STYLE = "QLineEdit { border: 2px solid #c0392b; border-radius: 3px; }"


class ScanField(QLineEdit):
    """The scan field; Enter hands its text to the controller and empties it for the next scan."""

    scanned = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanField")
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(_("Scan eller skriv etiketkode  ({shortcut})", shortcut=SCAN_SHORTCUT))
        self.setMinimumWidth(230)
        self.setMaximumWidth(360)
        self.setToolTip(_("Scan en etiket (eller skriv koden og tryk Enter) for at åbne genstanden"))
        self.returnPressed.connect(self._on_return)
        self.textEdited.connect(lambda _text: self.show_error(None))

    def _on_return(self) -> None:
        text = self.text().strip()
        self.clear()
        if text:
            self.scanned.emit(text)

    def show_error(self, message: str | None) -> None:
        self.setStyleSheet(_ERROR_STYLE if message else "")
        self.setToolTip(message or _("Scan en etiket (eller skriv koden og tryk Enter) for at åbne genstanden"))


class ScanController(QObject):
    """Decides what a scanned text means and tells the window (signals) or the user (messages)."""

    item_requested = Signal(int)
    registration_requested = Signal(str)
    message = Signal(str)

    def __init__(self, codes: LabelCodeService, field: ScanField, parent: QWidget) -> None:
        super().__init__(parent)
        self.codes = codes
        self.field = field
        self.registration_hook: Callable[[str], None] | None = None
        self.last_result: ScanResult | None = None
        field.scanned.connect(self.handle)
        self.focus_action = QAction(_("&Scan etiket"), parent)
        self.focus_action.setObjectName("scanAction")
        self.focus_action.setShortcut(QKeySequence(SCAN_SHORTCUT))
        self.focus_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.focus_action.triggered.connect(self.focus)
        parent.addAction(self.focus_action)

    def focus(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def handle(self, text: str) -> ScanResult:
        result = self.codes.resolve(text)
        self.last_result = result
        if result.kind == "item":
            self.field.show_error(None)
            self.message.emit(_("Etiket {code} åbnet", code=result.code))
            self.item_requested.emit(result.item_id)
        elif result.kind == "reserved":
            self.field.show_error(None)
            self.registration_requested.emit(result.code)
            if self.registration_hook is not None:
                self.registration_hook(result.code)
            else:
                self.message.emit(result.message)
                QMessageBox.information(
                    self.parent(), _("Fortrykt etiket"),
                    _("{code} er en fortrykt etiket, der endnu ikke hører til en genstand.\n\n"
                      "Registrér genstanden, og scan etiketten i registreringsformularen, så får den koden.",
                      code=result.code))
        else:
            self.field.show_error(result.message)
            self.message.emit(result.message)
        return result
