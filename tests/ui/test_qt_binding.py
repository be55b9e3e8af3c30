"""Guard against a broken Qt binding: PySide6 6.12.0 under Python 3.11 drops a reference to None
on every call of a void method, and the app aborts ("deallocating None") after a few thousand.
pyproject.toml keeps PySide6 below 6.12; this test fails if a broken version comes back."""

import sys

from PySide6.QtGui import QColor, QFont, QImage, QPainter


def test_void_qt_calls_keep_none_alive(qapp):
    image = QImage(32, 32, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    font = QFont()
    colour = QColor("red")
    before = sys.getrefcount(None)
    for _ in range(5000):
        painter.fillRect(0, 0, 4, 4, colour)
        font.setBold(True)
    after = sys.getrefcount(None)
    painter.end()
    assert after >= before - 100, f"None lost {before - after} references in 10,000 Qt calls"


def test_signal_emits_keep_true_alive(qapp):
    from PySide6.QtCore import QObject, QStringListModel, Signal

    class Probe(QObject):
        ping = Signal()

    probe, model = Probe(), QStringListModel(["a", "b"])
    probe.ping.connect(lambda: None)
    before = sys.getrefcount(True)
    for _ in range(3000):
        probe.ping.emit()
        model.dataChanged.emit(model.index(0), model.index(1))
    assert sys.getrefcount(True) >= before - 100, "signal emits lose references to True"
