"""The user name of the session: asked once per laptop account, switchable on the shared meeting laptop.

The name is kept in the settings (``user_name``; the settings file belongs to the OS account) and every
:class:`~inventar.session.Session` writes it into audit entries, votes, decisions and registrations.
*Filer ▸ Skift bruger …* stores a new name and rebuilds the session the same way as switching database.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMainWindow, QWidget

from inventar.i18n import _
from inventar.services.items.service import current_user
from inventar.settings import Settings
from inventar.ui.menus import Menus

MAX_LENGTH = 100  # Item.registered_by and the audit columns hold 100 characters


def clean_name(text: str) -> str:
    """The name as stored: single spaces, at most :data:`MAX_LENGTH` characters."""
    return " ".join(text.split())[:MAX_LENGTH]


def ask_user_name(parent: QWidget | None, current: str) -> str | None:
    """Ask for a name (pre-filled with ``current``); ``None`` when cancelled or left empty."""
    text, ok = QInputDialog.getText(parent, _("Hvem registrerer?"),
                                    _("Dit navn (skrives i historikken ved registreringer, stemmer og beslutninger):"),
                                    QLineEdit.EchoMode.Normal, current)
    name = clean_name(text) if ok else ""
    return name or None


def ensure_user_name(settings: Settings, parent: QWidget | None = None) -> str:
    """The configured name; asked once (pre-filled with the OS account) when this laptop account has none."""
    name = settings.get("user_name") or ""
    if not name:
        name = ask_user_name(parent, current_user()) or ""
        if name:
            settings.set("user_name", name)
            settings.save()
    return name


class UserActions:
    """*Filer ▸ Skift bruger …*: a new name for this account, then a new session on the same database."""

    def __init__(self, window: QMainWindow, menus: Menus) -> None:
        self.window = window
        self.switch_action = menus.add("file/user", _("Skift &bruger …"), self.choose_user)

    def choose_user(self) -> None:
        session = self.window.session
        name = ask_user_name(self.window, session.user)
        if name and name != session.user_name:
            self.window.switch_user(name)
