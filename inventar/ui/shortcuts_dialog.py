"""F1: every keyboard shortcut of the window, read from its menus (so new actions appear by themselves)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMainWindow, QMenu, QTextBrowser, QVBoxLayout

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


def collect(window: QMainWindow) -> list[tuple[str, list[tuple[str, str]]]]:
    """(menu title, [(shortcut, action text)]) for every menu with shortcuts, in menu order."""

    def walk(menu: QMenu, prefix: str, out: list) -> None:
        rows = []
        for action in menu.actions():
            if action.menu():
                walk(action.menu(), f"{prefix}{action.menu().title().replace('&', '')} ▸ ", out)
            elif not action.isSeparator() and not action.shortcut().isEmpty():
                text = action.text().replace("&", "").rstrip(" …")
                rows.append((action.shortcut().toString(QKeySequence.SequenceFormat.NativeText), text))
        if rows:
            out.append((prefix + menu.title().replace("&", ""), rows))

    groups: list = []
    for top in window.menuBar().actions():
        if top.menu():
            walk(top.menu(), "", groups)
    return groups


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle(_("Tastaturgenveje"))
        fit_to_screen(self, QSize(520, 560))
        groups = collect(window) + [(_("Listen og søgefeltet"), [(_(k), _(t)) for k, t in WIDGET_SHORTCUTS])]
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



