"""What a background job gets: a cancel token and a progress callback (no Qt here).

Services take ``progress(done, total)``; the GUI's job runner (:mod:`inventar.ui.jobs`) passes
:meth:`JobContext.progress`, which raises :class:`~inventar.errors.Cancelled` at the next step once
the user pressed *Annullér*. Code that must keep its best result when stopped (the placement
optimiser) asks :meth:`CancelToken.is_cancelled` instead and returns what it has.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from inventar.errors import Cancelled

Progress = Callable[[int, int], None]


def no_progress(_done: int, _total: int) -> None:
    """The progress callback of work nobody watches."""


class CancelToken:
    """Set once by the GUI thread, read by the job's thread."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    def is_cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


class JobContext:
    """Handed to a job function: ``progress`` for services, ``token`` for cancel-aware code."""

    def __init__(self, token: CancelToken, report: Progress = no_progress) -> None:
        self.token = token
        self._report = report

    def progress(self, done: int, total: int) -> None:
        """Report progress; raises :class:`Cancelled` when the user stopped the job."""
        self.token.raise_if_cancelled()
        self._report(done, total)
