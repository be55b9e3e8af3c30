"""One small helper for slow work: run a function off the GUI thread with a progress dialog.

The function receives a ``progress(done, total)`` callback and may raise; the
result or the error comes back to the GUI thread by signal.  Workers never touch
widgets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from inventar.i18n import _

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a worker function by ``progress`` once the user pressed Annullér."""


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], signals: _Signals) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals
        self.cancelled = False

    def report(self, done: int, total: int) -> None:
        if self.cancelled:
            raise Cancelled()
        self.signals.progress.emit(done, total)

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(self.report)
        except BaseException as exc:  # noqa: BLE001 - every failure is reported to the GUI
            if not isinstance(exc, Cancelled):
                log.exception("Background job failed")
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


def run_with_progress(parent: QWidget, label: str, fn: Callable[[Callable[[int, int], None]], Any],
                      on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> _Signals:
    """Start ``fn(progress)`` on the thread pool; show a modal progress dialog after 300 ms."""
    signals = _Signals(parent)
    job = _Job(fn, signals)
    dialog = QProgressDialog(label, _("Annullér"), 0, 0, parent)
    dialog.setWindowTitle(_("Arbejder …"))
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(lambda: setattr(job, "cancelled", True))

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, total))

    def finish(result: Any) -> None:
        dialog.close()
        on_done(result)

    def fail(error: BaseException) -> None:
        dialog.close()
        on_error(error)

    signals.progress.connect(progress)
    signals.finished.connect(finish)
    signals.failed.connect(fail)
    QThreadPool.globalInstance().start(job)
    return signals
