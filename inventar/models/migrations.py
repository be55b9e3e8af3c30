"""Ordered schema migrations.

Rules (one pattern for every schema change):

* each step is a function ``(db, migrator)`` appended to :data:`STEPS`; its
  position + 1 is the schema version it produces;
* steps never use the current models from :mod:`inventar.models.entities` to
  create tables: they use frozen definitions, so an old database and a new one
  walk the same path;
* all pending steps run in one transaction, after a copy of an existing SQLite
  file was written; a database newer than this app is refused.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from peewee import (
    BooleanField,
    CharField,
    Database,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    PostgresqlDatabase,
    SqliteDatabase,
    TextField,
)

from inventar.errors import UserError
from inventar.files import atomic_path
from inventar.i18n import _

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator

log = logging.getLogger(__name__)

Step = Callable[[Database, "SchemaMigrator"], None]


def migrate(*operations) -> None:
    """playhouse's ``migrate``.  playhouse.migrate is imported only when a schema changes: it imports
    psycopg (through its CockroachDB support), which an SQLite laptop's start must not pay for."""
    from playhouse.migrate import migrate as run

    run(*operations)


class SchemaTooNewError(UserError, RuntimeError):
    def __init__(self, found: int, supported: int) -> None:
        self.found = found
        self.supported = supported
        super().__init__(
            _("Databasen er lavet af en nyere version af Inventar (skemaversion {found}); "
              "denne version kan højst læse version {supported}. Opdatér programmet.",
              found=found, supported=supported)
        )


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _v1_initial(db: Database, migrator: SchemaMigrator) -> None:
    """Version 1: rooms, centres, floors, items, photos, decisions, audit trail."""

    class Frozen(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Room(Frozen):
        building = CharField(max_length=100, default="Rådhuset")
        floor = IntegerField()
        number = CharField(max_length=40)
        name = CharField(max_length=200, default="")
        status = CharField(max_length=20, default="not_visited")
        is_demo = BooleanField(default=False)

        class Meta:
            indexes = ((("building", "floor", "number"), True),)

    class Centre(Frozen):
        name = CharField(max_length=200)
        abbreviation = CharField(max_length=20, unique=True)
        headcount = IntegerField(default=0)
        citizen_contact = IntegerField(default=0)
        colour = CharField(max_length=9, default="#7f8c8d")
        is_demo = BooleanField(default=False)

    class Floor(Frozen):
        level = IntegerField(unique=True)
        name = CharField(max_length=100)
        capacity = IntegerField(default=0)
        area_m2 = FloatField(null=True)
        is_demo = BooleanField(default=False)

    class Item(Frozen):
        uuid = CharField(max_length=36, unique=True)
        label_code = CharField(max_length=32, unique=True, null=True)
        category = CharField(max_length=40, index=True)
        title = CharField(max_length=200, default="")
        description = TextField(default="")
        manufacturer = CharField(max_length=200, default="")
        model_name = CharField(max_length=200, default="")
        period = CharField(max_length=100, default="")
        material = CharField(max_length=200, default="")
        colour = CharField(max_length=100, default="")
        width_cm = FloatField(null=True)
        depth_cm = FloatField(null=True)
        height_cm = FloatField(null=True)
        quantity = IntegerField(default=1)
        condition = IntegerField(null=True)
        room = ForeignKeyField(Room, null=True, on_delete="SET NULL")
        strategy_criteria = CharField(max_length=400, default="")
        hidden_gold = BooleanField(default=False)
        hidden_gold_reason = TextField(default="")
        no_photo_reason = CharField(max_length=400, default="")
        registered_by = CharField(max_length=100, default="")
        registered_at = DateTimeField(default=_utcnow)
        updated_at = DateTimeField(default=_utcnow)
        row_version = IntegerField(default=1)
        is_demo = BooleanField(default=False)

    class Photo(Frozen):
        item = ForeignKeyField(Item, on_delete="CASCADE")
        file_hash = CharField(max_length=64, index=True)
        original_name = CharField(max_length=255, default="")
        taken_at = DateTimeField(null=True)
        position = IntegerField(default=0)
        is_primary = BooleanField(default=False)
        added_at = DateTimeField(default=_utcnow)

    class Decision(Frozen):
        item = ForeignKeyField(Item, on_delete="CASCADE")
        kind = CharField(max_length=20, default="pending")
        route = CharField(max_length=20, default="")
        reason = TextField(default="")
        decided_by = CharField(max_length=100, default="")
        decided_at = DateTimeField(default=_utcnow)
        approval = CharField(max_length=20, default="none")
        row_version = IntegerField(default=1)

    class AuditEntry(Frozen):
        at = DateTimeField(default=_utcnow, index=True)
        who = CharField(max_length=100, default="")
        entity = CharField(max_length=40)
        entity_id = IntegerField(index=True)
        action = CharField(max_length=20)
        field = CharField(max_length=60, default="")
        before = TextField(default="")
        after = TextField(default="")

    db.create_tables([Room, Centre, Floor, Item, Photo, Decision, AuditEntry])


def _v2_meta_and_targets(db: Database, migrator: SchemaMigrator) -> None:
    """Version 2: database facts (Meta), item targets in the new building, split/approval fields."""

    class Meta(Model):
        key = CharField(primary_key=True, max_length=64)
        value = TextField()

        class Meta:
            database = db
            table_name = "meta"

    class Centre(Model):
        class Meta:
            database = db
            table_name = "centre"

    class Floor(Model):
        class Meta:
            database = db
            table_name = "floor"

    db.create_tables([Meta])
    migrate(
        migrator.add_column("item", "target_centre_id",
                            ForeignKeyField(Centre, null=True, on_delete="SET NULL", field=Centre.id)),
        migrator.add_column("item", "target_floor_id",
                            ForeignKeyField(Floor, null=True, on_delete="SET NULL", field=Floor.id)),
        migrator.add_column("decision", "quantity", IntegerField(null=True)),
        migrator.add_column("decision", "meeting_ref", CharField(max_length=200, default="")),
        migrator.add_column("decision", "approved_at", DateTimeField(null=True)),
        migrator.add_index("decision", ("kind", "approval")),
    )


def _v3_labels(db: Database, migrator: SchemaMigrator) -> None:
    """Version 3 (labels): code series per database/laptop, pre-printed codes, label templates, printed flag."""

    class Frozen(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Item(Frozen):
        class Meta:
            table_name = "item"

    class LabelSeries(Frozen):
        prefix = CharField(max_length=2, primary_key=True)
        device = CharField(max_length=200, default="")
        claimed_at = DateTimeField(default=_utcnow)
        next_serial = IntegerField(default=1)

    class ReservedCode(Frozen):
        code = CharField(max_length=32, unique=True)
        batch = CharField(max_length=40, index=True)
        reserved_at = DateTimeField(default=_utcnow)
        reserved_by = CharField(max_length=100, default="")
        printed_at = DateTimeField(null=True)
        item = ForeignKeyField(Item, null=True, on_delete="SET NULL")
        used_at = DateTimeField(null=True)

    class LabelTemplate(Frozen):
        name = CharField(max_length=100, unique=True)
        definition = TextField()
        updated_at = DateTimeField(default=_utcnow)

    db.create_tables([LabelSeries, ReservedCode, LabelTemplate])
    migrate(migrator.add_column("item", "label_printed_at", DateTimeField(null=True)))


def _v4_votes_and_splits(db: Database, migrator: SchemaMigrator) -> None:
    """Version 4 (review): reviewers' votes per item; decision parts remember the decision they were split from."""

    class Item(Model):
        class Meta:
            database = db
            table_name = "item"

    class Vote(Model):
        item = ForeignKeyField(Item, on_delete="CASCADE", field=Item.id)
        voter = CharField(max_length=100)
        kind = CharField(max_length=20)
        route = CharField(max_length=20, default="")
        comment = TextField(default="")
        voted_at = DateTimeField(default=_utcnow)

        class Meta:
            database = db
            table_name = "vote"
            indexes = ((("item", "voter"), True),)

    db.create_tables([Vote])
    migrate(migrator.add_column("decision", "split_from", IntegerField(null=True)))



def _v5_needs_and_norm(db: Database, migrator: SchemaMigrator) -> None:
    """Version 5 (procurement): needs of the centres in the new building (per category, optionally per floor)
    and the furnishing norm."""

    class Frozen(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Centre(Frozen):
        class Meta:
            table_name = "centre"

    class Floor(Frozen):
        class Meta:
            table_name = "floor"

    class Need(Frozen):
        centre = ForeignKeyField(Centre, on_delete="CASCADE")
        floor = ForeignKeyField(Floor, null=True, on_delete="SET NULL")
        category = CharField(max_length=40)
        quantity = IntegerField(default=0)
        note = CharField(max_length=400, default="")
        updated_at = DateTimeField(default=_utcnow)

        class Meta:
            indexes = ((("centre", "floor", "category"), True),)

    class FurnishingNorm(Frozen):
        category = CharField(max_length=40, unique=True)
        quantity = FloatField(default=1.0)
        per_workplaces = IntegerField(default=1)

    db.create_tables([Need, FurnishingNorm])


def _v6_sync_tracking(db: Database, migrator: SchemaMigrator) -> None:
    """Sync (offline bundles): version and content hash last exported/received per item and decision; decision uuids."""
    import uuid as uuid_module

    migrate(
        migrator.add_column("item", "synced_version", IntegerField(null=True)),
        migrator.add_column("item", "synced_hash", CharField(max_length=64, null=True)),
        migrator.add_column("decision", "uuid", CharField(max_length=36, null=True)),
        migrator.add_column("decision", "synced_version", IntegerField(null=True)),
        migrator.add_column("decision", "synced_hash", CharField(max_length=64, null=True)),
    )
    for (decision_id,) in db.execute_sql("SELECT id FROM decision WHERE uuid IS NULL").fetchall():
        db.execute_sql("UPDATE decision SET uuid = %s WHERE id = %s" if isinstance(db, PostgresqlDatabase)
                       else "UPDATE decision SET uuid = ? WHERE id = ?", (str(uuid_module.uuid4()), decision_id))
    migrate(migrator.add_index("decision", ("uuid",), True))


def _v7_stack_plan(db: Database, migrator: SchemaMigrator) -> None:
    """Floor placement: collaboration matrix between centres, named scenarios and their stack plans."""

    class Frozen(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Centre(Frozen):
        class Meta:
            table_name = "centre"

    class Floor(Frozen):
        class Meta:
            table_name = "floor"

    class Collaboration(Frozen):
        centre_a = ForeignKeyField(Centre, on_delete="CASCADE", field=Centre.id)
        centre_b = ForeignKeyField(Centre, on_delete="CASCADE", field=Centre.id)
        value = IntegerField(default=0)

        class Meta:
            indexes = ((("centre_a", "centre_b"), True),)

    class Scenario(Frozen):
        name = CharField(max_length=100, unique=True)
        weight_contact = FloatField(default=4.0)
        weight_collaboration = FloatField(default=1.0)
        weight_split = FloatField(default=25.0)
        is_active = BooleanField(default=False)
        note = TextField(default="")
        created_at = DateTimeField(default=_utcnow)
        updated_at = DateTimeField(default=_utcnow)

    class Placement(Frozen):
        scenario = ForeignKeyField(Scenario, on_delete="CASCADE")
        centre = ForeignKeyField(Centre, on_delete="CASCADE", field=Centre.id)
        floor = ForeignKeyField(Floor, on_delete="CASCADE", field=Floor.id)
        workplaces = IntegerField()
        pinned = BooleanField(default=False)

        class Meta:
            indexes = ((("scenario", "centre", "floor"), True),)

    db.create_tables([Collaboration, Scenario, Placement])


def _v8_item_pieces(db: Database, migrator: SchemaMigrator) -> None:
    """Per-piece labels for sets: one row per piece 2..quantity with its own unique label code."""

    class Item(Model):
        class Meta:
            database = db
            table_name = "item"

    class ItemPiece(Model):
        item = ForeignKeyField(Item, on_delete="CASCADE", field=Item.id)
        number = IntegerField()
        label_code = CharField(max_length=32, unique=True)
        created_at = DateTimeField(default=_utcnow)

        class Meta:
            database = db
            table_name = "item_piece"
            indexes = ((("item", "number"), True),)

    db.create_tables([ItemPiece])


def _v9_part_targets(db: Database, migrator: SchemaMigrator) -> None:
    """A split part's own target centre: decision.target_centre_id (NULL: the item's target centre)."""

    class Centre(Model):
        class Meta:
            database = db
            table_name = "centre"

    migrate(migrator.add_column("decision", "target_centre_id",
                                ForeignKeyField(Centre, null=True, on_delete="SET NULL", field=Centre.id)))


STEPS: list[Step] = [_v1_initial, _v2_meta_and_targets, _v3_labels, _v4_votes_and_splits, _v5_needs_and_norm,
                     _v6_sync_tracking, _v7_stack_plan, _v8_item_pieces, _v9_part_targets]
HEAD = len(STEPS)


def _schema_version_model(db: Database) -> type[Model]:
    class SchemaVersion(Model):
        version = IntegerField()
        applied_at = DateTimeField(default=_utcnow)

        class Meta:
            database = db
            table_name = "schema_version"

    return SchemaVersion


def current_version(db: Database) -> int:
    if not db.table_exists("schema_version"):
        return 0
    row = db.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def _migrator(db: Database) -> SchemaMigrator:
    from playhouse.migrate import PostgresqlMigrator, SqliteMigrator

    if isinstance(db, PostgresqlDatabase):
        return PostgresqlMigrator(db)
    return SqliteMigrator(db)


def backup_sqlite(db: SqliteDatabase, target: Path) -> Path:
    """A consistent copy of a live SQLite database through SQLite's backup API."""
    with atomic_path(target, prefix=f".{target.stem}-", suffix=".part") as tmp:
        dest = sqlite3.connect(tmp)
        try:
            db.connection().backup(dest)
        finally:
            dest.close()
    return target


def upgrade(db: Database, steps: list[Step] | None = None) -> int:
    """Bring ``db`` to the head version; returns the version it had before."""
    steps = STEPS if steps is None else steps
    head = len(steps)
    found = current_version(db)
    if found > head:
        raise SchemaTooNewError(found, head)
    if found == head:
        return found
    if found > 0 and isinstance(db, SqliteDatabase) and db.database != ":memory:":
        stamp = _utcnow().strftime("%Y%m%d-%H%M%S")
        copy = Path(db.database).with_name(f"{Path(db.database).name}.v{found}-{stamp}.bak")
        backup_sqlite(db, copy)
        log.info("Backed up schema version %s to %s before upgrading", found, copy)
    lock = {"lock_type": "IMMEDIATE"} if isinstance(db, SqliteDatabase) else {}
    with db.atomic(**lock):
        if isinstance(db, PostgresqlDatabase):
            db.execute_sql("SELECT pg_advisory_xact_lock(74657)")  # one migrator at a time
        found = current_version(db)  # re-read inside the lock: another laptop may have upgraded
        if found > head:
            raise SchemaTooNewError(found, head)
        schema_version = _schema_version_model(db)
        if found == 0:
            db.create_tables([schema_version])
        migrator = _migrator(db)
        for version in range(found + 1, head + 1):
            steps[version - 1](db, migrator)
            schema_version.create(version=version)
            log.info("Database upgraded to schema version %s", version)
    return found
