"""Per-piece labels for sets: codes for pieces 2..quantity, the label rows, and which part got which piece.

A set (»Antal ens 10«) stays one item; piece 1 keeps the item's own code and pieces 2..N get a row in
``item_piece`` with a unique code from this database's series (made when their labels are first printed).
Scanning any piece's code opens the set (:meth:`LabelCodeService.resolve`).  Which split part a piece went
to follows :func:`inventar.domain.labels.pieces.piece_ranges` (parts in decision order).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from peewee import chunked

from inventar.domain.labels.pieces import piece_ranges, piece_title
from inventar.models import IN_CHUNK, Decision, Item, ItemPiece
from inventar.models.entities import utcnow
from inventar.services.labels.codes import LabelCodeService, LabelData


@dataclass(frozen=True)
class PiecePart:
    """One split part of a set and the pieces (numbers and label codes) that went to it."""

    decision_id: int | None
    kind: str
    numbers: range
    codes: tuple[str, ...]


class PieceLabelService:
    def __init__(self, codes: LabelCodeService) -> None:
        self.codes = codes

    def ensure_pieces(self, item_ids: Iterable[int]) -> int:
        """Give every set among ``item_ids`` codes for its pieces 2..quantity; returns how many were made."""
        ids = list(item_ids)
        made = 0
        with Item._meta.database.atomic():
            self.codes.assign_missing(ids)
            for chunk in chunked(ids, IN_CHUNK):
                sets = dict(Item.select(Item.id, Item.quantity).where(Item.id.in_(chunk) & (Item.quantity > 1))
                            .tuples())
                have: dict[int, set[int]] = {}
                for item_id, number in ItemPiece.select(ItemPiece.item, ItemPiece.number) \
                        .where(ItemPiece.item.in_(list(sets))).tuples():
                    have.setdefault(item_id, set()).add(number)
                missing = [(item_id, number) for item_id, quantity in sorted(sets.items())
                           for number in range(2, quantity + 1) if number not in have.get(item_id, set())]
                codes = self.codes.allocate(len(missing))
                if missing:
                    ItemPiece.insert_many([{"item": item_id, "number": number, "label_code": code}
                                           for (item_id, number), code in zip(missing, codes)]).execute()
                    # a versioned change of the set, so that the next bundle carries its new piece codes
                    Item.update(row_version=Item.row_version + 1, updated_at=utcnow()) \
                        .where(Item.id.in_(sorted({item_id for item_id, _number in missing}))).execute()
                made += len(missing)
        return made

    def piece_codes(self, item_id: int) -> dict[int, str]:
        """{piece number: label code} of one item, piece 1 being the item's own code (up to its quantity)."""
        item = Item.get_by_id(item_id)
        found = {1: item.label_code} if item.label_code else {}
        found.update(ItemPiece.select(ItemPiece.number, ItemPiece.label_code)
                     .where((ItemPiece.item == item_id) & (ItemPiece.number <= item.quantity)).tuples())
        return found

    def label_rows(self, item_ids: Iterable[int] | None = None, only_unprinted: bool = False) -> list[LabelData]:
        """One label per piece (a single item: one label); codes made where missing."""
        rows = self.codes.label_rows(item_ids, only_unprinted=only_unprinted)
        ids = [row.item_id for row in rows if row.item_id is not None]
        self.ensure_pieces(ids)
        quantities: dict[int, int] = {}
        pieces: dict[int, dict[int, str]] = {}
        for chunk in chunked(ids, IN_CHUNK):
            quantities.update(Item.select(Item.id, Item.quantity).where(Item.id.in_(chunk)).tuples())
            for item_id, number, code in ItemPiece.select(ItemPiece.item, ItemPiece.number, ItemPiece.label_code) \
                    .where(ItemPiece.item.in_(chunk)).tuples():
                pieces.setdefault(item_id, {})[number] = code
        out: list[LabelData] = []
        for row in rows:
            total = quantities.get(row.item_id, 1)
            if total <= 1:
                out.append(row)
                continue
            codes = {1: row.code, **pieces.get(row.item_id, {})}
            out.extend(LabelData(codes[number], piece_title(row.title, number, total), row.room, row.item_id)
                       for number in range(1, total + 1) if number in codes)
        return out

    def parts(self, item_id: int) -> list[PiecePart]:
        """The item's decisions in order with the pieces each got (the split rule); one part when not split."""
        codes = self.piece_codes(item_id)
        quantity = Item.get_by_id(item_id).quantity
        decisions = list(Decision.select(Decision.id, Decision.kind, Decision.quantity)
                         .where(Decision.item == item_id).order_by(Decision.id).tuples())
        if not decisions:
            decisions = [(None, "pending", None)]
        amounts = [quantity if amount is None else amount for _id, _kind, amount in decisions]
        return [PiecePart(decision_id, kind, numbers, tuple(codes[n] for n in numbers if n in codes))
                for (decision_id, kind, _amount), numbers in zip(decisions, piece_ranges(amounts))]
