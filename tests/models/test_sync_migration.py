"""The sync-tracking step: existing decisions get a uuid each, items and decisions a synced_version."""

import sqlite3

from inventar.models import Decision, Item, migrations, open_store
from tests.support.databases import older_database


def test_upgrade_gives_existing_decisions_distinct_uuids(tmp_path):
    path = tmp_path / "old.sqlite"
    before_step = migrations.STEPS.index(migrations._v6_sync_tracking)
    db = older_database(path, before_step)
    db.execute_sql("INSERT INTO item (uuid, category, title, description, manufacturer, model_name, period, material, "
                   "colour, quantity, strategy_criteria, hidden_gold, hidden_gold_reason, no_photo_reason, "
                   "registered_by, registered_at, updated_at, row_version, is_demo) VALUES ('u-1', 'chair', 'Stol', "
                   "'', '', '', '', '', '', 1, '', 0, '', '', 'jens', '2022-08-15 09:30:00', "
                   "'2022-08-15 09:30:00', 2, 0)")
    for kind in ("reuse", "dispose"):
        db.execute_sql("INSERT INTO decision (item_id, kind, route, reason, decided_by, decided_at, approval, "
                       "row_version, meeting_ref) VALUES (1, ?, '', '', 'x', '2022-09-01 10:00:00', 'none', 1, '')",
                       (kind,))
    db.close()

    store = open_store(path)
    try:
        assert store.upgraded_from == before_step
        uuids = [d.uuid for d in Decision.select()]
        assert len(uuids) == 2 and len(set(uuids)) == 2 and all(len(u) == 36 for u in uuids)
        assert Item.get().synced_version is None  # never travelled: the next bundle takes it
    finally:
        store.close()
    with sqlite3.connect(path) as check:
        indexes = [row[1] for row in check.execute("PRAGMA index_list('decision')")]
    assert any("uuid" in name for name in indexes)
