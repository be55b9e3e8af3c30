"""An exception escaping a Qt slot is logged and shown, and the app keeps running."""

import logging
import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from inventar.logs import configure
from inventar.ui import crash


def test_unexpected_error_is_logged_and_shown(qtbot, monkeypatch):
    path = configure()
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.text(), box.detailedText())))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    crash.install(str(path))
    try:
        raise ValueError("etiket mangler")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "etiket mangler" in shown[0][0] and str(path) in shown[0][0]
    assert "Traceback" in shown[0][1]
    assert "ValueError: etiket mangler" in path.read_text(encoding="utf-8")
    assert QApplication.instance() is not None
    for handler in [h for h in logging.getLogger().handlers if getattr(h, "inventar", False)]:
        logging.getLogger().removeHandler(handler)
        handler.close()
