"""The item list: the item table model (declared columns over :class:`ItemRow` values).

Search runs on a precomputed lower-cased text per row inside the model (see
:mod:`inventar.ui.row_table` for why filtering and sorting are list operations there and the
view has no proxy model).
"""

from __future__ import annotations

from enum import IntEnum
from operator import attrgetter

from PySide6.QtCore import Qt

from inventar.domain.times import format_datetime
from inventar.services.items.service import ItemRow, ItemService
from inventar.ui.row_table import RowColumn, RowTableModel


class Column(IntEnum):
    CODE = 0
    CATEGORY = 1
    TITLE = 2
    ROOM = 3
    MATERIAL = 4
    COLOUR = 5
    QUANTITY = 6
    CONDITION = 7
    PHOTOS = 8
    GOLD = 9
    REGISTERED = 10
    TARGET = 11


COLUMNS = [  # in Column order
    RowColumn("label_code", lambda r: r.label_code or "—", lambda r: r.label_code),
    RowColumn("category", lambda r: r.category_name, lambda r: r.category_name.casefold()),
    RowColumn("title", lambda r: r.title, lambda r: r.title.casefold()),
    RowColumn("room_id", lambda r: r.room, lambda r: (r.floor if r.floor is not None else 99, r.room)),
    RowColumn("material", lambda r: r.material, lambda r: r.material.casefold()),
    RowColumn("colour", lambda r: r.colour, lambda r: r.colour.casefold()),
    RowColumn("quantity", lambda r: r.quantity, lambda r: r.quantity, numeric=True),
    RowColumn("condition", lambda r: r.condition if r.condition is not None else "", lambda r: r.condition or 0,
              numeric=True, tooltip=lambda r: ItemService.condition_text(r.condition)),
    RowColumn("photo_count", lambda r: r.photo_count, lambda r: r.photo_count, numeric=True),
    RowColumn("hidden_gold", lambda r: "★" if r.hidden_gold else "", lambda r: r.hidden_gold),
    RowColumn("registered_at", lambda r: format_datetime(r.registered_at)[:10],
              lambda r: r.registered_at),
    RowColumn("target", lambda r: r.target, lambda r: r.target.casefold()),
]


_QUANTITY = attrgetter("quantity")


def _is_refinement(old: list[str], new: list[str]) -> bool:
    """True when every row matching ``new`` also matches ``old`` (typing on narrows the result)."""
    return bool(old) and all(any(o in n for n in new) for o in old)


class ItemTableModel(RowTableModel):
    COLUMNS = COLUMNS

    def __init__(self, service: ItemService, parent=None) -> None:
        super().__init__(parent)
        self._service = service
        self._terms: list[str] = []
        self._total_quantity = 0
        self._partial_total: int | None = None  # every item's count while only the first rows are loaded

    def set_service(self, service: ItemService) -> None:
        """The item service of a new session (another database); call :meth:`reload` after."""
        self._service = service

    # -- loading and searching ---------------------------------------------------
    def reload(self) -> None:
        rows = self._service.list_rows()
        self._total_quantity = sum(map(_QUANTITY, rows))
        self._partial_total = None
        self._set_all(rows)

    def load_first(self, count: int) -> bool:
        """Only the first ``count`` rows of the list for now, with the totals of every item; :meth:`reload`
        loads the rest.  False, with nothing loaded, when there are not many more items than that or the list
        is sorted by a column other than the label code (the first rows could then be any)."""
        if self._sort is not None and self._sort[0] != Column.CODE:
            return False
        total, quantity = self._service.count()
        if total <= 2 * count:
            return False
        self._total_quantity = quantity
        self._partial_total = total
        by_code = self._sort is not None  # Qt's sorting starts the model on the code column, descending
        descending = by_code and self._sort[1] == Qt.SortOrder.DescendingOrder
        self._set_all(self._service.list_rows(first=count, by_code=by_code, descending=descending))
        return True

    @property
    def complete(self) -> bool:
        """Every item's row is loaded (see :meth:`load_first`)."""
        return self._partial_total is None

    @property
    def total_count(self) -> int:
        return len(self._all) if self._partial_total is None else self._partial_total

    def set_filter_text(self, text: str) -> None:
        terms = text.casefold().split()
        if terms == self._terms:
            return
        candidates = self._rows if _is_refinement(self._terms, terms) else self._all
        self._terms = terms
        self._refilter(candidates)

    def filter_text(self) -> str:
        return " ".join(self._terms)

    def _select(self, candidates: list[ItemRow]) -> list[ItemRow]:
        terms = self._terms
        if not terms:
            return list(self._all)
        rows = candidates
        for term in sorted(terms, key=len, reverse=True):  # one pass per word, the longest (rarest) first
            rows = [row for row in rows if term in row.search_text]
        return rows

    @property
    def total_quantity(self) -> int:
        return self._total_quantity

    @property
    def visible_count(self) -> int:
        """The number of rows the filter shows (all items when there is no filter, loaded or not)."""
        return self.total_count if len(self._rows) == len(self._all) else len(self._rows)

    @property
    def visible_quantity(self) -> int:
        if len(self._rows) == len(self._all):
            return self._total_quantity
        return sum(map(_QUANTITY, self._rows))
