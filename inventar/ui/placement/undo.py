"""Undo/redo of the stack plan: one :class:`QUndoCommand` per drag, pin, *Tøm planen* or adopted optimum.

The change is already saved when the command is pushed; undo and redo hand the plan (shares and
pins) before or after it back to the window, which saves it the same way a drag does.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from inventar.domain.placement import Shares

Plan = tuple[Shares, frozenset[int]]


def snapshot(shares: Shares, pinned: set[int]) -> Plan:
    return {centre: dict(floors) for centre, floors in shares.items()}, frozenset(pinned)


class PlanCommand(QUndoCommand):
    def __init__(self, label: str, before: Plan, after: Plan, apply: Callable[[Shares, set[int]], bool]) -> None:
        super().__init__(label)
        self.before, self.after, self.apply = before, after, apply
        self._first = True

    def redo(self) -> None:
        if self._first:  # pushed after the window already saved it
            self._first = False
            return
        self._to(self.after)

    def undo(self) -> None:
        self._to(self.before)

    def _to(self, plan: Plan) -> None:
        shares, pinned = plan
        if not self.apply({centre: dict(floors) for centre, floors in shares.items()}, set(pinned)):
            self.setObsolete(True)  # the building changed so that this plan cannot be saved any more
