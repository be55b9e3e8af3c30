"""F1: the keyboard shortcuts of the window F1 is pressed in (read from its menus and shortcuts).

A main window's menus are walked (so new actions appear by themselves); the named
:class:`QShortcut` children of a dialog (the registration form's Ctrl+D, Ctrl+Enter …)
are listed under »Genveje i vinduet«: a shortcut is named with ``setWhatsThis``.
:func:`install_help` gives any window its own F1.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMainWindow, QMenu, QTextBrowser, QVBoxLayout, QWidget

from inventar.i18n import _
from inventar.ui.geometry import fit_to_screen

WIDGET_SHORTCUTS = [  # shortcuts that belong to widgets rather than menu actions
    ("Esc", "Ryd søgningen (i søgefeltet)"),
    ("↑ ↓ Page Up/Down", "Flyt i listen"),
    ("Ctrl+klik, Shift+klik", "Vælg flere genstande"),
    ("Enter, dobbeltklik", "Redigér genstanden (i listen)"),
    ("Delete", "Slet genstanden (i listen)"),
    ("Scan: kode + Enter", "Åbn genstanden – hvor som helst i vinduet"),
]

Group = tuple[str, list[tuple[str, str]]]


def _plain(title: str) -> str:
    return title.replace("&", "").rstrip(" …")


def collect(window: QWidget) -> list[Group]:
    """(menu title, [(shortcut, action text)]) for every menu with shortcuts, in menu order.

    A submenu's group is headed »Menu ▸ Submenu« (»Excel ▸ Eksportér«).
    """

    def walk(menu: QMenu, prefix: str, out: list) -> None:
        rows = []
        title = prefix + _plain(menu.title())
        for action in menu.actions():
            if action.menu():
                walk(action.menu(), f"{title} ▸ ", out)
            elif not action.isSeparator() and not action.shortcut().isEmpty():
                rows.append((action.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
                             _plain(action.text())))
        if rows:
            out.append((title, rows))

    groups: list = []
    if isinstance(window, QMainWindow):
        for top in window.menuBar().actions():
            if top.menu():
                walk(top.menu(), "", groups)
    return groups


def named_shortcuts(window: QWidget) -> list[Group]:
    """The window's own :class:`QShortcut` objects that carry a name (``whatsThis``)."""
    rows = [(s.key().toString(QKeySequence.SequenceFormat.NativeText), s.whatsThis())
            for s in window.findChildren(QShortcut) if s.whatsThis() and s.key().toString()]
    return [(_("Genveje i vinduet"), rows)] if rows else []


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget, notes: Sequence[tuple[str, str]] | None = None,
                 notes_title: str | None = None) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(_("Tastaturgenveje"))
        fit_to_screen(self, QSize(520, 560))
        if notes is None:  # the main window's list and search field
            notes, notes_title = WIDGET_SHORTCUTS, _("Listen og søgefeltet")
        groups = collect(window) + named_shortcuts(window)
        if notes:
            groups.append((notes_title or _("Andre taster"), [(_(k), _(t)) for k, t in notes]))
        self.groups = groups
        html = [f"<h3>{escape(_('Tastaturgenveje'))}</h3>"]
        for title, rows in groups:
            html.append(f"<h4>{escape(title)}</h4><table cellspacing='0' cellpadding='3'>")
            html.extend(f"<tr><td width='170'><b>{escape(key)}</b></td><td>{escape(text)}</td></tr>"
                        for key, text in rows)
            html.append("</table>")
        self.browser = QTextBrowser()
        self.browser.setObjectName("shortcutList")
        self.browser.setHtml("".join(html))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)


def show_shortcuts(window: QWidget, notes: Sequence[tuple[str, str]] = (), notes_title: str = "") -> None:
    ShortcutsDialog(window, list(notes), notes_title).exec()


def install_help(window: QWidget, notes: Sequence[tuple[str, str]] = (), notes_title: str = "") -> QShortcut:
    """F1 in ``window`` (a dialog or a second main window) lists that window's shortcuts."""
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents), window)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(lambda: show_shortcuts(window, notes, notes_title))
    return shortcut
