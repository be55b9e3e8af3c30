"""The part-target step: an older database gets decision.target_centre_id (NULL: the item's centre), rows kept."""

import sqlite3

import pytest

from inventar.models import Centre, Decision, Item, migrations, open_store
from tests.support.databases import older_database


@pytest.mark.parametrize("version", [2, migrations.STEPS.index(migrations._v9_part_targets)])
def test_upgrade_adds_the_part_target_and_keeps_decisions(tmp_path, version):
    path = tmp_path / "old.sqlite"
    db = older_database(path, version)
    db.execute_sql("INSERT INTO centre (name, abbreviation, headcount, citizen_contact, colour, is_demo) "
                   "VALUES ('Børn og Unge', 'BU', 10, 1, '#e67e22', 0)")
    db.execute_sql("INSERT INTO item (uuid, label_code, category, title, description, manufacturer, model_name, "
                   "period, material, colour, quantity, strategy_criteria, hidden_gold, hidden_gold_reason, "
                   "no_photo_reason, registered_by, registered_at, updated_at, row_version, is_demo, "
                   "target_centre_id) VALUES ('u-1', 'HTK-00017', 'chair', 'Syveren', '', '', '', '', '', '', 40, "
                   "'', 0, '', '', 'jens', '2022-08-15 09:30:00', '2022-08-15 09:30:00', 2, 0, 1)")
    db.execute_sql("INSERT INTO decision (item_id, kind, route, reason, decided_by, decided_at, approval, "
                   "row_version, quantity, meeting_ref) VALUES (1, 'reuse', '', 'Klassiker', 'anna', "
                   "'2022-09-01 10:00:00', 'proposed', 3, 30, '')")
    db.close()
    with sqlite3.connect(path) as check:
        assert "target_centre_id" not in {r[1] for r in check.execute("PRAGMA table_info(decision)")}

    store = open_store(path)
    try:
        assert store.upgraded_from == version
        decision = Decision.get()
        assert (decision.kind, decision.quantity, decision.row_version, decision.target_centre_id) == \
            ("reuse", 30, 3, None)
        assert Item.get().target_centre_id == 1
        decision.target_centre = Centre.get(Centre.abbreviation == "BU")
        decision.save()
        Centre.get(Centre.abbreviation == "BU").delete_instance()
        assert Decision.get().target_centre_id is None, "a deleted centre leaves the part to its item's target"
    finally:
        store.close()
