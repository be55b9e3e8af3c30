"""Unexpected errors in the GUI: logged with traceback, shown to the user, the app keeps running.

:func:`install` is the last resort for every error; :func:`guard_connection` goes in front of it and turns
a query that met a dead database server into »offline« instead of an error box.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from peewee import Database
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from inventar.errors import UserError
from inventar.i18n import _
from inventar.services.sync.connection import drop_connection, is_connection_lost

log = logging.getLogger("inventar.crash")


_log_path: str | None = None


def report_bug(error: BaseException, parent: QWidget | None = None) -> None:
    """An unexpected error (a bug, not a :class:`~inventar.errors.UserError`): log it with its
    traceback and show the crash dialog; the app keeps running."""
    details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    log.error("Unexpected error\n%s", details)
    if QApplication.instance() is None:
        sys.__excepthook__(type(error), error, error.__traceback__)
        return
    box = QMessageBox(QMessageBox.Icon.Critical, _("Uventet fejl"),
                      _("Der opstod en uventet fejl: {error}\n\nDit arbejde er gemt, bortset fra det du var "
                        "i gang med at skrive. Detaljer er gemt i logfilen:\n{path}",
                        error=error, path=_log_path or _("(ingen logfil)")), parent=parent)
    box.setDetailedText(details)
    box.exec()


def install(log_path: str | None) -> None:
    """Replace ``sys.excepthook`` (Qt slots raising would otherwise only print, or abort)."""
    global _log_path
    _log_path = log_path

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        if isinstance(error, UserError) and QApplication.instance() is not None:  # uncaught: a message, no crash
            QMessageBox.warning(QApplication.activeWindow(), _("Inventar"), str(error))
            return
        report_bug(error.with_traceback(tb))

    sys.excepthook = hook


def guard_connection(db: Callable[[], Database], lost: Callable[[], None], owner: QObject) -> None:
    """While ``owner`` lives, an uncaught error that is the lost connection of ``db()`` (selecting an item,
    F5 ... while the shared server is gone) drops that connection and calls ``lost`` instead of crashing;
    every other error goes on to the hook installed before."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        database = db()
        if is_connection_lost(database, error):
            drop_connection(database)
            lost()
            return
        previous(kind, error, tb)

    def restore() -> None:
        if sys.excepthook is hook:
            sys.excepthook = previous

    sys.excepthook = hook
    owner.destroyed.connect(restore)
