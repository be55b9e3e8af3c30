"""Per-piece labels for sets: N labels for a set of N, scanning any piece opens the set, the split rule."""

from __future__ import annotations

import pytest

from inventar.domain.items import ItemData
from inventar.domain.labels.pieces import describe_range, part_of_piece, piece_ranges
from inventar.domain.review import PartSpec
from inventar.models import Item, ItemPiece, Room
from inventar.services.items.service import ItemService, LabelCodeTaken
from inventar.services.labels.codes import LabelCodeService
from inventar.services.labels.pieces import PieceLabelService
from inventar.services.review.decisions import DecisionService


@pytest.fixture
def chairs(store):
    room = Room.create(floor=1, number="1.07", name="Byrådssal")
    items = ItemService(user="test")
    ten = items.create(ItemData(category="chair", title="Syveren", quantity=10, room_id=room.id))
    one = items.create(ItemData(category="desk", title="Skrivebord", quantity=1, room_id=room.id))
    return ten, one


def test_a_set_of_ten_gets_ten_labels_and_stays_one_item(chairs):
    ten, one = chairs
    pieces = PieceLabelService(LabelCodeService(user="test"))
    rows = pieces.label_rows([ten, one])
    assert len(rows) == 11 and Item.select().count() == 2
    set_rows = [r for r in rows if r.item_id == ten]
    assert [r.title for r in set_rows][:2] == ["Syveren · 1/10", "Syveren · 2/10"]
    assert set_rows[0].code == Item.get_by_id(ten).label_code, "piece 1 keeps the set's own code"
    assert len({r.code for r in rows}) == 11, "every label code is unique"
    assert ItemPiece.select().where(ItemPiece.item == ten).count() == 9
    again = pieces.label_rows([ten])
    assert [r.code for r in again] == [r.code for r in set_rows], "printing again gives the same codes"


def test_scanning_any_piece_opens_the_set(chairs):
    ten, _one = chairs
    codes = LabelCodeService(user="test")
    pieces = PieceLabelService(codes)
    pieces.ensure_pieces([ten])
    piece_seven = pieces.piece_codes(ten)[7]
    result = codes.resolve(piece_seven.lower())
    assert (result.kind, result.item_id) == ("item", ten) and "stk. 7" in result.message
    with pytest.raises(LabelCodeTaken):
        codes.take_code(piece_seven, chairs[1])
    assert piece_seven not in codes.allocate(5)


def test_the_split_rule_gives_consecutive_pieces_to_the_parts_in_order(chairs):
    ten, _one = chairs
    assert piece_ranges([7, 3]) == [range(1, 8), range(8, 11)]
    assert part_of_piece([7, 3], 8) == 1 and part_of_piece([7, 3], 11) is None
    assert describe_range(range(8, 11)) == "8–10" and describe_range(range(4, 5)) == "4"
    pieces = PieceLabelService(LabelCodeService(user="test"))
    pieces.ensure_pieces([ten])
    codes = pieces.piece_codes(ten)
    DecisionService("test").split(ten, [PartSpec(7, "reuse", "", ""), PartSpec(3, "dispose", "sell", "")])
    reuse, dispose = pieces.parts(ten)
    assert (reuse.kind, list(reuse.numbers)) == ("reuse", list(range(1, 8)))
    assert (dispose.kind, dispose.codes) == ("dispose", tuple(codes[n] for n in (8, 9, 10)))


def test_an_unsplit_item_has_one_part_with_every_piece(chairs):
    ten, _one = chairs
    pieces = PieceLabelService(LabelCodeService(user="test"))
    pieces.ensure_pieces([ten])
    (whole,) = pieces.parts(ten)
    assert whole.decision_id is None and len(whole.codes) == 10
