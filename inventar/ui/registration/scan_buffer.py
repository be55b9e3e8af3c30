"""Scans anywhere in the main window: a fast burst of characters ending in Enter is a label code.

A USB scanner types the code and Enter within a few milliseconds per key; a person
types far slower.  :class:`ScanBuffer` watches the key presses that reach widgets of
one window (an application event filter; nothing is swallowed but the final Enter of
a scan), and hands a scan to ``on_scan``: a fast burst, or anything that reads as one
of our label codes (check character and all) – a scanner on a busy laptop, or over
Bluetooth, can be slower than the burst limit, and Enter must then open the scanned
item, never the row the table's type-ahead happened to jump to.  Text fields keep their own typing; only
the search field's Enter counts, when its whole text was that burst (a scan into the
search field is taken out of it again).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from inventar.domain.labels.codes import is_valid

MAX_GAP_S = 0.05  # between two keys of a scan (scanners: 1–15 ms; people: 80 ms and more)
CODE_GAP_S = 2.0  # a valid label code typed with pauses up to this long still counts as one
MIN_LENGTH = 4

_MODIFIER_KEYS = {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_AltGr, Qt.Key.Key_Meta,
                  Qt.Key.Key_CapsLock}
_TEXT_INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox)


class ScanBuffer(QObject):
    def __init__(self, window: QWidget, on_scan: Callable[[str], None], search: QLineEdit | None = None,
                 max_gap: float = MAX_GAP_S, watching: bool = True) -> None:
        super().__init__(window)
        self.window = window
        self.on_scan = on_scan
        self.search = search
        self.max_gap = max_gap
        self._chars: list[str] = []
        self._last = 0.0
        self._fast = True  # every gap of the current burst was below max_gap
        self.watching = False
        if watching:
            self.watch()

    def watch(self) -> None:
        """Start watching the key presses (``watching=False`` made it wait for this).

        The main window calls it once it has been painted: the first event an application event filter sees
        makes PySide create the Python classes of every QObject type Qt has (15 ms the window need not wait for).
        """
        if not self.watching:
            self.watching = True
            if self.search is not None and self.search.text().strip():
                # Typed before the watch began, in the window's first moments: a scanner fired at the app's start.
                # Its first keys are in the search field; the rest and its Enter are counted with them.
                self._chars = list(self.search.text())
                self._last = time.monotonic()
            QApplication.instance().installEventFilter(self)  # Qt drops the filter when this object is deleted
            # The filter sees every object that gets an event; the first of a Qt-internal kind (the search field's
            # clear button, at the first keystroke) makes PySide create the classes of all Qt types (~20 ms).
            # Meeting the window's objects once does that while the window is idle (after what waits for the
            # window's first paint with this, such as the rest of a long list).
            QTimer.singleShot(0, self, lambda: self.window.findChildren(QObject))

    def reset(self) -> None:
        self._chars.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.KeyPress or watched is not QApplication.focusWidget():
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        return self._key(watched, event)

    def _key(self, widget: QWidget, event: QKeyEvent) -> bool:
        if event.key() in _MODIFIER_KEYS:  # a scanner presses Shift for every capital: not a break in the code
            return False
        now = time.monotonic()
        gap = now - self._last
        if gap > CODE_GAP_S:
            self._chars.clear()
        if not self._chars:
            self._fast = True
        elif gap > self.max_gap:
            self._fast = False
        self._last = now
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            code = "".join(self._chars).strip()
            self._chars.clear()
            if len(code) < MIN_LENGTH or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                return False
            if not (self._fast or is_valid(code)):
                return False  # a person's typing: Enter keeps its own meaning
            if isinstance(widget, _TEXT_INPUTS):
                if widget is not self.search or self.search.text().strip() != code:
                    return False
                self.search.clear()
            self.on_scan(code)
            return True
        text = event.text()
        if text and text.isprintable() and not event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                                                     | Qt.KeyboardModifier.AltModifier):
            self._chars.append(text)
        else:
            self._chars.clear()
        return False
