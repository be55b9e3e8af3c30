"""``emit(signal, *args)``: emit a Qt signal from Python without PySide6 6.12's lost reference.

With PySide6 6.12.0 on CPython 3.11, every ``SignalInstance.emit`` from Python
drops one reference to ``True`` (measured: 100 emits, 100 references fewer).
``True`` is not immortal before CPython 3.12, so after a few thousand emits (a
photo grid loading thumbnails emits one ``dataChanged`` per photo) the
interpreter aborts with "bool_dealloc: deallocating True or False".  At import
we measure one emit on a probe object; only when the reference really goes
missing does :func:`emit` give it back, so a fixed PySide6 turns this into a
plain ``signal.emit``.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    ping = Signal()


def _lost_per_emit() -> int:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _n in range(8):
        probe.ping.emit()
    lost = (before - sys.getrefcount(True)) // 8
    probe.deleteLater()
    return lost if lost in (0, 1) else 0


_LOST = _lost_per_emit()
_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


def emit(signal, *args) -> None:
    signal.emit(*args)
    if _LOST:
        _incref(True)
