"""The per-piece label step: an older database gets the item_piece table, every row kept."""

import sqlite3

import pytest
from peewee import IntegrityError

from inventar.models import Item, ItemPiece, migrations, open_store
from tests.support.databases import older_database


@pytest.mark.parametrize("version", [1, migrations.STEPS.index(migrations._v8_item_pieces)])
def test_upgrade_adds_item_pieces_and_keeps_items(tmp_path, version):
    path = tmp_path / "old.sqlite"
    db = older_database(path, version)
    db.execute_sql("INSERT INTO item (uuid, label_code, category, title, description, manufacturer, model_name, "
                   "period, material, colour, quantity, strategy_criteria, hidden_gold, hidden_gold_reason, "
                   "no_photo_reason, registered_by, registered_at, updated_at, row_version, is_demo) VALUES "
                   "('u-1', 'HTK-00017', 'chair', 'Syveren', '', '', '', '', '', '', 10, '', 0, '', '', 'jens', "
                   "'2022-08-15 09:30:00', '2022-08-15 09:30:00', 2, 0)")
    db.close()
    with sqlite3.connect(path) as check:
        assert "item_piece" not in {r[0] for r in check.execute("SELECT name FROM sqlite_master")}

    store = open_store(path)
    try:
        assert store.upgraded_from == version
        item = Item.get(Item.label_code == "HTK-00017")
        assert item.quantity == 10 and ItemPiece.select().count() == 0
        ItemPiece.create(item=item, number=2, label_code="HTK-00018")
        with pytest.raises(IntegrityError), store.db.atomic():
            ItemPiece.create(item=item, number=3, label_code="HTK-00018")  # codes are unique
        with pytest.raises(IntegrityError), store.db.atomic():
            ItemPiece.create(item=item, number=2, label_code="HTK-00019")  # one row per piece
        item.delete_instance()
        assert ItemPiece.select().count() == 0, "pieces go with their item"
    finally:
        store.close()
