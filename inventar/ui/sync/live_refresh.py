"""Others' work appears: the item list reloads when the database changed, checked on focus and periodically.

The check is :func:`inventar.services.sync.change_watch.fingerprint` (a few
aggregates); the reload only happens when it differs from the last one.  When
the shared database is unreachable the watcher reports it once and tries to
reconnect on the following ticks, without any dialog (nothing was being saved).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from peewee import InterfaceError, OperationalError
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from inventar.i18n import _
from inventar.services.sync.change_watch import Fingerprint, fingerprint
from inventar.services.sync.connection import ConnectionLostError, is_connection_lost, reconnect

log = logging.getLogger(__name__)
DEFAULT_INTERVAL_MS = 15_000
OFFLINE_INTERVAL_MS = 3_000  # while the server is gone: try to reconnect more often


class LiveRefresh(QObject):
    changed = Signal()  # the data changed: reload
    connection_state = Signal(bool, str)  # (ok, message for the status bar)

    def __init__(self, db_getter: Callable[[], object], interval_ms: int = DEFAULT_INTERVAL_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db_getter
        self._last: Fingerprint | None = None
        self._offline = False
        self._interval = interval_ms
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._on_state)

    def start(self) -> None:
        self.remember()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def remember(self) -> None:
        """Call after a reload: the list now shows this state."""
        try:
            self._last = fingerprint()
        except (OperationalError, InterfaceError):
            self._last = None

    @property
    def offline(self) -> bool:
        return self._offline

    def mark_offline(self) -> None:
        """The connection was found dead elsewhere (a query of the window): say so, reconnect soon."""
        if not self._offline:
            self._offline = True
            self.timer.setInterval(min(self._interval, OFFLINE_INTERVAL_MS))
            self.connection_state.emit(False, _("Ingen forbindelse til den fælles database – prøver igen …"))

    def _on_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check()

    def check(self) -> bool:
        """Compare with the last state; emits :attr:`changed` and returns True when it differs."""
        db = self._db()
        try:
            if self._offline:
                reconnect(db)
            now = fingerprint()
        except ConnectionLostError:
            return False  # still offline: said so already
        except (OperationalError, InterfaceError) as error:
            if not is_connection_lost(db, error):
                log.warning("Change check failed: %s", error)
                return False
            self.mark_offline()
            return False
        if self._offline:
            self._offline = False
            self.timer.setInterval(self._interval)
            self.connection_state.emit(True, _("Forbindelsen til databasen er tilbage"))
        if now == self._last:
            return False
        self._last = now
        self.changed.emit()
        return True
