"""An exception escaping a Qt slot is logged and shown, and the app keeps running."""

import logging
import sys

import pytest
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from inventar.logs import configure
from inventar.ui import crash


class Emitter(QObject):
    fired = Signal()


@pytest.fixture
def shown(monkeypatch):
    """The crash hook installed for one test (pytest-qt's own exception capture is off), its dialogs recorded."""
    boxes = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append((box.text(), box.detailedText())))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    path = configure()
    crash.install(str(path))
    yield boxes, path
    for handler in [h for h in logging.getLogger().handlers if getattr(h, "inventar", False)]:
        logging.getLogger().removeHandler(handler)
        handler.close()


def _log_text(path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_logged_shown_and_the_event_loop_goes_on(qtbot, shown):
    boxes, path = shown
    calls = []

    def failing_slot():
        calls.append("slot")
        raise ValueError("etiket mangler")

    # a slot called by the event loop (a timer), the way a click or a finished job reaches the code
    QTimer.singleShot(0, failing_slot)
    qtbot.waitUntil(lambda: len(boxes) == 1, timeout=5000)
    assert "etiket mangler" in boxes[0][0] and str(path) in boxes[0][0]
    assert "Traceback" in boxes[0][1] and "failing_slot" in boxes[0][1]
    assert "ValueError: etiket mangler" in _log_text(path)

    # the loop is alive: a queued signal and a later timer are still delivered, and a second error is shown too
    emitter, delivered = Emitter(), []
    emitter.fired.connect(lambda: delivered.append("queued"), Qt.ConnectionType.QueuedConnection)
    emitter.fired.connect(failing_slot, Qt.ConnectionType.QueuedConnection)
    emitter.fired.emit()
    assert delivered == []  # queued: only the running event loop can deliver it
    QTimer.singleShot(10, lambda: delivered.append("timer"))
    qtbot.waitUntil(lambda: delivered == ["queued", "timer"] and len(boxes) == 2, timeout=5000)
    assert calls == ["slot", "slot"]
