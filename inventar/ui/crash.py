"""Unexpected errors in the GUI: logged with traceback, shown to the user, the app keeps running."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from inventar.errors import UserError
from inventar.i18n import _

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
