"""The one way to run slow work off the GUI thread (in the spirit of Anki's ``CollectionOp``).

``run_job(parent, label, fn, on_done, title=...)`` runs ``fn(job)`` on the thread pool, where
``job`` is a :class:`~inventar.jobs.JobContext` (``job.progress(done, total)`` for services,
``job.token`` for cancel-aware code). With ``store=`` the job gets its own database connection for
its thread. A modal progress dialog appears after 300 ms; *Annullér* sets the cancel token.

What comes back is routed in one place, on the GUI thread:

* the result goes to ``on_done``;
* :class:`~inventar.errors.Cancelled` (the user stopped it) shows nothing, or calls ``on_cancelled``;
* a :class:`~inventar.errors.UserError` (and an ``OSError``: full disk, no access) is shown as a
  message titled ``title`` (or goes to ``on_error`` for a window that shows it in place);
* anything else is a bug: logged with its traceback and shown in the crash dialog.

Workers never touch widgets. (Two start-up chores are not jobs: the photo-folder sweep and the rolling
database snapshot in :mod:`inventar.ui.app` show nothing, cannot be cancelled and only log; they run on
daemon threads so that closing the app never waits for them.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from inventar.errors import Cancelled, FileError, UserError
from inventar.i18n import _
from inventar.jobs import CancelToken, JobContext
from inventar.models.database import Store
from inventar.ui import crash

log = logging.getLogger(__name__)
T = TypeVar("T")


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[JobContext], Any], context: JobContext, store: Store | None,
                 signals: _Signals) -> None:
        super().__init__()
        self.fn, self.context, self.store, self.signals = fn, context, store, signals

    @Slot()
    def run(self) -> None:
        try:
            if self.store is not None:
                with self.store.db.connection_context():
                    result = self.fn(self.context)
            else:
                result = self.fn(self.context)
        except BaseException as exc:  # noqa: BLE001 - every outcome goes back to the GUI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class Job(QObject):
    """A running job: cancel it, ask whether it ended, wait for ``ended`` in tests."""

    ended = Signal()

    def __init__(self, parent: QWidget, title: str) -> None:
        super().__init__(parent)
        self.token = CancelToken()
        self.title = title
        self.running = True
        self.outcome: str | None = None  # "done" | "cancelled" | "error" | "bug"
        self.dialog: QProgressDialog | None = None

    def cancel(self) -> None:
        self.token.cancel()
        if self.dialog is not None and self.running:
            self.dialog.setLabelText(_("Annullerer …"))

    def _end(self, outcome: str) -> None:
        self.running = False
        self.outcome = outcome
        if self.dialog is not None:
            self.dialog.close()
        self.ended.emit()


def show_user_error(parent: QWidget | None, title: str, error: UserError) -> None:
    """A user error as a warning: the title names the action, the text says what and what to do."""
    QMessageBox.warning(parent, title, str(error))


def run_job(parent: QWidget, label: str, fn: Callable[[JobContext], T], on_done: Callable[[T], None], *,
            title: str, store: Store | None = None, on_error: Callable[[UserError], None] | None = None,
            on_cancelled: Callable[[], None] | None = None, progress_dialog: bool = True) -> Job:
    """Start ``fn(job)`` on the thread pool; see the module docstring for where outcomes go."""
    job = Job(parent, title)
    signals = _Signals(job)
    if progress_dialog:
        dialog = QProgressDialog(label, _("Annullér"), 0, 0, parent)
        dialog.setWindowTitle(title)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)  # starts the 300 ms; without it Qt waits its default 4 s for a job reporting no steps
        dialog.canceled.connect(job.cancel)
        job.dialog = dialog

        def show_progress(done: int, total: int) -> None:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(min(done, total))

        signals.progress.connect(show_progress)

    def finish(result: Any) -> None:
        job._end("done")
        on_done(result)

    def fail(error: BaseException) -> None:
        if isinstance(error, OSError):  # a full disk, a read-only file, a held lock: the user can act on it
            error = FileError.from_os_error(error)
        if isinstance(error, Cancelled):
            job._end("cancelled")
            if on_cancelled is not None:
                on_cancelled()
        elif isinstance(error, UserError):
            job._end("error")
            if on_error is not None:
                on_error(error)
            else:
                show_user_error(parent, title, error)
        else:
            job._end("bug")
            crash.report_bug(error, parent)

    signals.finished.connect(finish)
    signals.failed.connect(fail)
    context = JobContext(job.token, signals.progress.emit)
    QThreadPool.globalInstance().start(_Runnable(fn, context, store, signals))
    return job
