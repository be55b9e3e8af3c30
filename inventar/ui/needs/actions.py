"""Excel ▸ Behov, norm og indkøb … (Ctrl+B): opens the needs window; its export runs through the Excel menu."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from inventar.i18n import _
from inventar.ui.menus import Menus


class NeedsActions:
    def __init__(self, window: QMainWindow, menus: Menus) -> None:
        self.window = window
        self.action = menus.add("excel/needs", _("&Behov, norm og indkøb …"), self.show_needs, "Ctrl+B")

    def show_needs(self):
        from inventar.ui.needs.dialog import NeedsDialog

        dialog = NeedsDialog(self.window.excel, self.window)  # the Excel menu's exports write the purchase list
        dialog.show()
        return dialog
