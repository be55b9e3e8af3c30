"""The review list: the review table model (declared columns over :class:`ReviewRow` values).

Filtering and sorting run inside the model (see :mod:`inventar.ui.row_table`).  The photo grid
is a proxy of this model (:mod:`inventar.ui.review.grid_model`), so it shows the same rows in the
same order.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum

from inventar.domain.vocabulary import APPROVAL_STATES
from inventar.i18n import _
from inventar.services.review.rows import ReviewFilter, ReviewRow, ReviewService
from inventar.ui.row_table import RowColumn, RowTableModel


class Column(IntEnum):
    CODE = 0
    CATEGORY = 1
    TITLE = 2
    ROOM = 3
    QUANTITY = 4
    CONDITION = 5
    GOLD = 6
    DECISION = 7
    APPROVAL = 8
    VOTES = 9
    TARGET = 10
    REASON = 11
    REGISTRAR = 12


def approval_text(row: ReviewRow) -> str:
    states = [s for s in dict.fromkeys(row.approvals) if s != "none"]
    return " + ".join(_(APPROVAL_STATES[s]) for s in states if s in APPROVAL_STATES)


def decision_text(row: ReviewRow) -> str:
    return row.decision_text or _("Afventer")


def _approval_cell(row: ReviewRow) -> str:
    return approval_text(row) + (" " + _("(låst)") if row.locked else "")


COLUMNS = [  # in Column order
    RowColumn("label_code", lambda r: r.label_code or "—", lambda r: r.label_code),
    RowColumn("category", lambda r: r.category_name, lambda r: r.category_name.casefold()),
    RowColumn("title", lambda r: r.title, lambda r: r.title.casefold()),
    RowColumn("room_id", lambda r: r.room, lambda r: (r.floor if r.floor is not None else 99, r.room)),
    RowColumn("quantity", lambda r: r.quantity, lambda r: r.quantity, numeric=True),
    RowColumn("condition", lambda r: r.condition if r.condition is not None else "", lambda r: r.condition or 0,
              numeric=True),
    RowColumn("hidden_gold", lambda r: "★" if r.hidden_gold else "", lambda r: r.hidden_gold),
    RowColumn("kind", decision_text, decision_text),
    RowColumn("approval", _approval_cell, approval_text),
    RowColumn("votes", lambda r: r.votes_text, lambda r: r.votes_text),
    RowColumn("target", lambda r: r.target, lambda r: r.target),
    RowColumn("reason", lambda r: r.reason, lambda r: r.reason.casefold()),
    RowColumn("registered_by", lambda r: r.registered_by, lambda r: r.registered_by.casefold()),
]


class ReviewTableModel(RowTableModel):
    COLUMNS = COLUMNS

    def __init__(self, service: ReviewService, parent=None) -> None:
        super().__init__(parent)
        self._service = service
        self._filter = ReviewFilter()

    # -- loading, filtering, refreshing ---------------------------------------------------
    def reload(self) -> None:
        self._set_all(self._service.rows())

    def set_filter(self, review_filter: ReviewFilter) -> None:
        if review_filter == self._filter:
            return
        self._filter = review_filter
        self._refilter()

    def _select(self, candidates: list[ReviewRow]) -> list[ReviewRow]:
        accepts = self._filter.accepts
        return [row for row in candidates if accepts(row)]

    def refresh_items(self, item_ids: Iterable[int]) -> None:
        """Re-read changed items in place; rows stay visible until the filter changes (no jumping away)."""
        self._replace_rows({row.id: row for row in self._service.rows(list(item_ids))})

