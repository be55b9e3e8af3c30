"""Unexpected errors in the GUI: logged with traceback, shown to the user, the app keeps running."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from inventar.i18n import _

log = logging.getLogger("inventar.crash")


def install(log_path: str | None) -> None:
    """Replace ``sys.excepthook`` (Qt slots raising would otherwise only print, or abort)."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        details = "".join(traceback.format_exception(kind, error, tb))
        log.error("Unexpected error\n%s", details)
        if QApplication.instance() is None:
            sys.__excepthook__(kind, error, tb)
            return
        box = QMessageBox(QMessageBox.Icon.Critical, _("Uventet fejl"),
                          _("Der opstod en uventet fejl: {error}\n\nDit arbejde er gemt, bortset fra det du var "
                            "i gang med at skrive. Detaljer er gemt i logfilen:\n{path}",
                            error=error, path=log_path or _("(ingen logfil)")))
        box.setDetailedText(details)
        box.exec()

    sys.excepthook = hook
