"""Undo/redo of this session's decisions: one :class:`QUndoCommand` per user action.

The action itself already ran through :class:`DecisionService` when the command is
pushed; undo and redo ask the service to write the state before or after back
(``DecisionService.restore``), so a bulk action on 100 items is one step.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from inventar.domain.review import DecisionError
from inventar.services.review.decisions import Change, DecisionService


class ChangeCommand(QUndoCommand):
    def __init__(self, service: DecisionService, change: Change, on_done: Callable[[list[int]], None],
                 on_error: Callable[[str], None]) -> None:
        super().__init__(change.label)
        self.service = service
        self.change = change
        self._on_done = on_done
        self._on_error = on_error
        self._first = True

    def redo(self) -> None:
        if self._first:  # pushed after the service already applied it
            self._first = False
            return
        self._restore(self.change.after, self.change.before, "redo")

    def undo(self) -> None:
        self._restore(self.change.before, self.change.after, "undo")

    def _restore(self, states, expected, action: str) -> None:
        try:
            self.service.restore(states, expected, action)
        except DecisionError as exc:
            self.setObsolete(True)  # the stack drops a step that can no longer be replayed
            self._on_error(str(exc))
            return
        self._on_done(self.change.item_ids)
