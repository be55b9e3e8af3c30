"""Vis ▸ Etagefordeling … (Ctrl+Shift+F): the floor placement window, one per session of the main window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from inventar.i18n import _
from inventar.session import Session
from inventar.ui.menus import Menus


class PlacementActions:
    def __init__(self, window: QMainWindow, menus: Menus) -> None:
        self.window = window
        self.placement_window = None  # the PlacementWindow, made when first opened (it loads the optimiser)
        self._placement_session: Session | None = None
        self.action = menus.add("view/placement", _("&Etagefordeling …"), self.open_placement, "Ctrl+Shift+F")

    def open_placement(self) -> None:
        """The floor placement window (stack plan, score, optimiser) on the main window's session."""
        from inventar.ui.placement.window import PlacementWindow

        session = self.window.session
        if self.placement_window is None or self._placement_session is not session:
            if self.placement_window is not None:
                self.placement_window.close()  # it belonged to the database opened before
            self.placement_window = PlacementWindow(session.placement(), self.window)
            self.placement_window.setWindowFlag(Qt.WindowType.Window)
            self._placement_session = session
        self.placement_window.show()
        self.placement_window.activateWindow()
