"""The main window's menu bar: every menu and its sections by a stable key, in one fixed order.

Features add their actions with :meth:`Menus.add` at a place ``"menu/section"`` (say ``"file/backup"``);
where a menu stands on the bar and where a section stands in its menu is decided here only, never by
position or by translated title, so the order does not depend on which feature is wired first.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from inventar.i18n import _

SEPARATOR = "|"

# menu key -> title (translated when the menu is made); the bar shows the menus in this order
MENU_TITLES: dict[str, str] = {
    "file": "&Filer",
    "excel": "&Excel",
    "view": "&Vis",
    "review": "&Gennemgang",
    "labels": "E&tiketter",  # Alt+T: Alt+E is Excel
    "registration": "&Registrering",
    "help": "&Hjælp",
}
# menu key -> its sections, with SEPARATOR where a line is drawn
SECTIONS: dict[str, tuple[str, ...]] = {
    "file": ("database", "user", "demo", "sync", SEPARATOR, "backup", SEPARATOR, "quit"),
    "excel": ("export", SEPARATOR, "import", SEPARATOR, "needs"),
    "view": ("list", "dashboard", "placement", SEPARATOR, "language"),
    "review": ("review",),
    "labels": ("print", SEPARATOR, "scan"),
    "registration": ("forms", SEPARATOR, "strategy"),
    "help": ("shortcuts", "about"),
}
LAYOUT: dict[str, tuple[str, tuple[str, ...]]] = {key: (title, SECTIONS[key]) for key, title in MENU_TITLES.items()}

Shortcut = QKeySequence | QKeySequence.StandardKey | str | None


class Menus:
    """The menus of ``window`` (all made at once, empty); :meth:`add` puts an action into a section."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.menus: dict[str, QMenu] = {}
        self._sections: dict[str, list[QAction]] = {}  # "menu/section" -> its actions, in order
        self._after: dict[str, list[str | QAction]] = {}  # "menu/section" -> later sections and separators
        for key, (title, sections) in LAYOUT.items():
            menu = window.menuBar().addMenu(_(title))
            menu.setObjectName(f"{key}Menu")
            menu.setSeparatorsCollapsible(True)  # a section left empty draws no double line
            self.menus[key] = menu
            items: list[str | QAction] = [menu.addSeparator() if name == SEPARATOR else f"{key}/{name}"
                                          for name in sections]
            for index, item in enumerate(items):
                if isinstance(item, str):
                    self._sections[item] = []
                    self._after[item] = items[index + 1:]

    def menu(self, key: str) -> QMenu:
        return self.menus[key]

    def add(self, place: str, text: str, slot: Callable, shortcut: Shortcut = None) -> QAction:
        """A new action ``text`` (already translated) at the end of section ``place``, triggering ``slot``."""
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return self.add_action(place, action)

    def add_action(self, place: str, action: QAction) -> QAction:
        """Put an existing action at the end of section ``place`` (its shortcut works in the whole window)."""
        self._insert(place, action)
        self.window.addAction(action)
        return action

    def submenu(self, place: str, title: str) -> QMenu:
        """A submenu ``title`` at the end of section ``place``."""
        menu = QMenu(title, self.menus[place.split("/")[0]])
        self._insert(place, menu.menuAction())
        return menu

    def _insert(self, place: str, action: QAction) -> None:
        if place not in self._sections:
            raise KeyError(f"no menu section {place!r}; see inventar.ui.menus.LAYOUT")
        menu = self.menus[place.split("/")[0]]
        menu.insertAction(self._next_anchor(place), action)
        self._sections[place].append(action)

    def _next_anchor(self, place: str) -> QAction | None:
        """The first action after section ``place`` in its menu (a later section's or a separator)."""
        for item in self._after[place]:
            if isinstance(item, QAction):
                return item
            if self._sections[item]:
                return self._sections[item][0]
        return None
