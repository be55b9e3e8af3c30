"""Schema versioning: fresh databases, upgrades with nothing lost, backups, refusal of newer ones."""

import sqlite3

import pytest
from peewee import SqliteDatabase

from inventar.models import Item, db_proxy, migrations, open_store
from inventar.models.database import SQLITE_PRAGMAS, DatabaseOpenError
from tests.support.databases import older_database


def _version_one_database(path):
    """A database exactly as schema version 1 left it, with data in every table that has rows."""
    db = older_database(path, 1)
    db.execute_sql("INSERT INTO room (building, floor, number, name, status, is_demo) "
                   "VALUES ('Rådhuset', 1, '1.07', 'Byrådssal', 'done', 0)")
    db.execute_sql("INSERT INTO centre (name, abbreviation, headcount, citizen_contact, colour, is_demo) "
                   "VALUES ('Borger- og Arbejdsmarkedscenter', 'BAC', 140, 5, '#e67e22', 0)")
    db.execute_sql(
        "INSERT INTO item (uuid, label_code, category, title, description, manufacturer, model_name, period, "
        "material, colour, width_cm, depth_cm, height_cm, quantity, condition, room_id, strategy_criteria, "
        "hidden_gold, hidden_gold_reason, no_photo_reason, registered_by, registered_at, updated_at, "
        "row_version, is_demo) VALUES ('0b3f7a52-5d0e-4a57-9f1e-9d8f0c3b1a01', 'HTK-00017', 'chair', "
        "'Syveren', '', 'Fritz Hansen', '3107', '1960''erne', 'Teak', 'Teak', 50, 52, 78.5, 40, 4, 1, "
        "'period,craftsmanship', 0, '', '', 'Jens', '2022-08-15 09:30:00', '2022-08-15 09:30:00', 3, 0)")
    db.execute_sql("INSERT INTO photo (item_id, file_hash, original_name, position, is_primary, added_at) "
                   "VALUES (1, 'ab12', 'IMG_1.jpg', 0, 1, '2022-08-15 09:31:00')")
    db.execute_sql("INSERT INTO decision (item_id, kind, route, reason, decided_by, decided_at, approval, "
                   "row_version) VALUES (1, 'reuse', '', 'Klassiker', 'Brugergruppen', '2022-09-01 10:00:00', "
                   "'proposed', 1)")
    db.close()


def test_fresh_database_is_at_head(store):
    assert migrations.current_version(store.db) == migrations.HEAD
    assert store.upgraded_from == 0
    assert Item.select().count() == 0


def test_upgrade_from_version_one_keeps_every_row(tmp_path):
    path = tmp_path / "old.sqlite"
    _version_one_database(path)

    store = open_store(path)
    try:
        assert store.upgraded_from == 1
        assert migrations.current_version(store.db) == migrations.HEAD
        item = Item.get(Item.label_code == "HTK-00017")
        assert (item.title, item.manufacturer, item.quantity, item.height_cm) == ("Syveren", "Fritz Hansen", 40, 78.5)
        assert item.room.name == "Byrådssal"
        assert item.criteria_list == ["period", "craftsmanship"]
        assert item.row_version == 3
        assert item.target_centre is None  # the column version 2 added
        assert [p.original_name for p in item.photos] == ["IMG_1.jpg"]
        decision = item.decisions.get()
        assert (decision.kind, decision.approval, decision.meeting_ref) == ("reuse", "proposed", "")
    finally:
        store.close()

    backups = list(tmp_path.glob("old.sqlite.v1-*.bak"))
    assert len(backups) == 1, "an upgrade writes a copy of the old database first"
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == 1
        assert copy.execute("SELECT title FROM item").fetchone()[0] == "Syveren"


def test_failed_step_rolls_back_everything(tmp_path):
    path = tmp_path / "old.sqlite"
    _version_one_database(path)
    db = SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS)
    db.connect()

    def broken_step(database, migrator):
        database.execute_sql("CREATE TABLE half_done (id INTEGER)")
        raise RuntimeError("step failed half-way")

    with pytest.raises(RuntimeError):
        migrations.upgrade(db, steps=migrations.STEPS + [broken_step])
    assert migrations.current_version(db) == 1, "the version-2 step was rolled back with the failing one"
    assert not db.table_exists("half_done")
    assert not db.table_exists("meta")
    db.close()


def test_newer_database_is_refused_with_a_clear_message(store, db_path):
    store.db.execute_sql("INSERT INTO schema_version (version, applied_at) VALUES (?, '2030-01-01')",
                         (migrations.HEAD + 1,))
    store.close()
    with pytest.raises(DatabaseOpenError, match="nyere version af Inventar"):
        open_store(db_path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("just some text, not SQLite")
    with pytest.raises(DatabaseOpenError, match="ikke en Inventar-database"):
        open_store(bogus)
    assert bogus.read_text() == "just some text, not SQLite", "the file is left untouched"


@pytest.mark.parametrize("damage", ["garbage after the header", "malformed pages"])
def test_a_damaged_sqlite_file_is_a_clear_error(tmp_path, damage):
    bogus = tmp_path / "skadet.sqlite"
    if damage == "garbage after the header":
        bogus.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
    else:
        connection = sqlite3.connect(bogus)
        connection.execute("CREATE TABLE x (a)")
        connection.commit()
        connection.close()
        data = bytearray(bogus.read_bytes())
        data[100:] = bytes(len(data) - 100)
        bogus.write_bytes(bytes(data))
    content = bogus.read_bytes()
    with pytest.raises(DatabaseOpenError, match="beskadiget eller ikke en Inventar-database"):
        open_store(bogus)
    assert bogus.read_bytes() == content, "the file is left untouched"


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(DatabaseOpenError, match="er en mappe"):
        open_store(tmp_path)


def test_sqlite_pragmas_are_applied(store):
    assert store.db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1


@pytest.mark.postgres
def test_same_migrations_create_postgres_schema(pg_url):
    store = open_store(pg_url)
    try:
        assert store.is_postgres
        assert migrations.current_version(store.db) == migrations.HEAD
        assert db_proxy.obj is store.db
        assert "***" not in store.target or "@" in store.target
    finally:
        store.close()
    again = open_store(pg_url)  # opening again is a no-op upgrade
    assert again.upgraded_from == migrations.HEAD
    again.close()
