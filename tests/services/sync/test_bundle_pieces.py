"""Bundles carry the per-piece labels of sets: a piece label printed on the laptop opens the set at the office."""

from __future__ import annotations

from inventar.models import Item, ItemPiece, Room, db_proxy, open_store
from inventar.services.labels.codes import LabelCodeService
from inventar.services.labels.pieces import PieceLabelService
from inventar.services.sync.bundle import export_bundle, import_bundle
from inventar.services.sync.bundle_format import SPECS


def test_piece_labels_travel_with_their_set(tmp_path):
    laptop = open_store(tmp_path / "laptop.sqlite")
    room = Room.create(floor=1, number="1.07")
    chairs = Item.create(category="chair", title="Syveren", quantity=5, room=room)
    export_bundle(laptop, tmp_path / "before.zip")  # the set travelled once without piece labels
    pieces = PieceLabelService(LabelCodeService(user="jens"))
    pieces.ensure_pieces([chairs.id])
    codes = pieces.piece_codes(chairs.id)
    result = export_bundle(laptop, tmp_path / "one.zip")
    assert "item_piece" in SPECS and result.counts["item_piece"] == 4
    uuid = chairs.uuid
    laptop.close()

    office = open_store(tmp_path / "office.sqlite")
    db_proxy.initialize(office.db)
    try:
        merged = import_bundle(office, tmp_path / "one.zip")
        assert merged.inserted["item_piece"] == 4 and not merged.conflicts
        office_set = Item.get(Item.uuid == uuid)
        assert {p.number: p.label_code for p in ItemPiece.select()} == {n: c for n, c in codes.items() if n > 1}
        scanner = LabelCodeService(user="kontor")
        assert {scanner.resolve(code).item_id for code in codes.values()} == {office_set.id}
        assert not import_bundle(office, tmp_path / "one.zip").changed  # twice = no change
    finally:
        office.close()
