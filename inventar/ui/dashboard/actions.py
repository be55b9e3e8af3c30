"""Vis ▸ Overblik … (Ctrl+Shift+O): the dashboard dialog; QtCharts is loaded only when it is opened."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from inventar.i18n import _
from inventar.ui.menus import Menus


class DashboardActions:
    def __init__(self, window: QMainWindow, menus: Menus) -> None:
        self.window = window
        self.action = menus.add("view/dashboard", _("O&verblik …"), self.show_dashboard, "Ctrl+Shift+O")

    def show_dashboard(self):
        from inventar.ui.dashboard.window import DashboardDialog

        dialog = DashboardDialog(self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
