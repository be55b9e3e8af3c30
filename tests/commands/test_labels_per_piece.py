"""``labels --per-piece``: one label per piece of a set, each code scannable, every piece opening the set."""

import shutil

import pytest

from inventar.cli import main
from inventar.models import Item, ItemPiece, Room, open_store
from inventar.services.labels.codes import LabelCodeService
from tests.support.pdf_codes import codes_in_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is missing")


def test_per_piece_prints_one_label_per_piece(qapp, tmp_path, capsys):
    target = tmp_path / "sæt.sqlite"
    store = open_store(target)
    room = Room.create(floor=1, number="1.07")
    chairs = Item.create(category="chair", title="Syveren", quantity=4, room=room)
    Item.create(category="desk", title="Bord", quantity=1, room=room)
    store.close()
    pdf = tmp_path / "stk.pdf"
    assert main(["--db", str(target), "labels", "-o", str(pdf), "--per-piece"]) == 0
    assert "5 etiketter" in capsys.readouterr().out
    printed = codes_in_pdf(pdf, tmp_path)
    store = open_store(target)
    try:
        assert len(printed) == 5 and len(set(printed)) == 5
        assert ItemPiece.select().count() == 3
        codes = LabelCodeService(user="test")
        assert {codes.resolve(code).item_id for code in printed} == {chairs.id, chairs.id + 1}
        assert sum(codes.resolve(code).item_id == chairs.id for code in printed) == 4
    finally:
        store.close()
