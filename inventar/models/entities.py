"""The tables at the current schema version.

Only portable field types are used so the same models run on SQLite and
PostgreSQL.  Timestamps are stored in UTC.  Schema changes go through
:mod:`inventar.models.migrations`, never through ``create_tables`` alone.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from peewee import (
    BooleanField,
    CharField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from inventar.models.base import db_proxy


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def new_uuid() -> str:
    return str(uuid.uuid4())


class BaseModel(Model):
    class Meta:
        database = db_proxy
        legacy_table_names = False


SYNC_BOOKKEEPING = frozenset({"synced_version", "synced_hash"})  # what a bundle records; not a change


class VersionedModel(BaseModel):
    """A row that travels in bundles and is saved with optimistic locking (items, decisions).

    Every ``update()`` that changes anything but the sync bookkeeping raises ``row_version`` (and
    ``updated_at`` where the table has it), unless the caller sets ``row_version`` itself. So any write
    path (a decision, a stack plan moving items' target floors, a deleted centre, printed labels) marks
    the row changed: the next bundle carries it and other laptops' live refresh sees it.
    """

    @classmethod
    def update(cls, __data=None, **update):
        data = {**(__data or {}), **update}
        names = {key if isinstance(key, str) else key.name for key in data}
        if names and "row_version" not in names and not names <= SYNC_BOOKKEEPING:
            data["row_version"] = cls.row_version + 1
            if "updated_at" in cls._meta.fields and "updated_at" not in names:
                data["updated_at"] = utcnow()
        return super().update(data)


class SchemaVersion(BaseModel):
    version = IntegerField()
    applied_at = DateTimeField(default=utcnow)


class Meta(BaseModel):
    """Key/value facts about this database (device id, demo flag, label prefix...)."""

    key = CharField(primary_key=True, max_length=64)
    value = TextField()

    @classmethod
    def get_value(cls, key: str) -> str | None:
        row = cls.get_or_none(cls.key == key)
        return row.value if row else None

    @classmethod
    def set_value(cls, key: str, value: str) -> None:
        """Insert or replace, the same SQL on SQLite and PostgreSQL (``ON CONFLICT (key) DO UPDATE``)."""
        cls.insert(key=key, value=value).on_conflict(conflict_target=[cls.key], update={cls.value: value}).execute()


class Room(BaseModel):
    """A room of the old town hall, where janitors register furniture."""

    building = CharField(max_length=100, default="Rådhuset")
    floor = IntegerField()
    number = CharField(max_length=40)
    name = CharField(max_length=200, default="")
    status = CharField(max_length=20, default="not_visited")
    is_demo = BooleanField(default=False)

    class Meta:
        indexes = ((("building", "floor", "number"), True),)


class Centre(BaseModel):
    """An organisational unit moving into the new building."""

    name = CharField(max_length=200)
    abbreviation = CharField(max_length=20, unique=True)
    headcount = IntegerField(default=0)
    citizen_contact = IntegerField(default=0)  # 0..5
    colour = CharField(max_length=9, default="#7f8c8d")
    is_demo = BooleanField(default=False)


class Floor(BaseModel):
    """A floor of the new town hall (level 0 is the ground floor)."""

    level = IntegerField(unique=True)
    name = CharField(max_length=100)
    capacity = IntegerField(default=0)  # workplaces
    area_m2 = FloatField(null=True)
    is_demo = BooleanField(default=False)


class Item(VersionedModel):
    """A registered piece (or set of identical pieces) of existing furniture."""

    uuid = CharField(max_length=36, unique=True, default=new_uuid)
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
    condition = IntegerField(null=True)  # 1..5
    room = ForeignKeyField(Room, null=True, backref="items", on_delete="SET NULL")
    strategy_criteria = CharField(max_length=400, default="")  # comma-separated codes
    hidden_gold = BooleanField(default=False)
    hidden_gold_reason = TextField(default="")
    no_photo_reason = CharField(max_length=400, default="")
    registered_by = CharField(max_length=100, default="")
    registered_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    row_version = IntegerField(default=1)
    target_centre = ForeignKeyField(Centre, null=True, backref="items", on_delete="SET NULL")
    target_floor = ForeignKeyField(Floor, null=True, backref="items", on_delete="SET NULL")
    is_demo = BooleanField(default=False)
    synced_version = IntegerField(null=True)  # row_version last written to or read from a bundle
    synced_hash = CharField(max_length=64, null=True)  # hash of the content it had then
    label_printed_at = DateTimeField(null=True)

    @property
    def criteria_list(self) -> list[str]:
        return [c for c in self.strategy_criteria.split(",") if c]


class Photo(BaseModel):
    """A photo of an item; the file lives in the photo folder under its content hash."""

    item = ForeignKeyField(Item, backref="photos", on_delete="CASCADE")
    file_hash = CharField(max_length=64, index=True)
    original_name = CharField(max_length=255, default="")
    taken_at = DateTimeField(null=True)
    position = IntegerField(default=0)
    is_primary = BooleanField(default=False)
    added_at = DateTimeField(default=utcnow)


class ItemPiece(BaseModel):
    """One piece of a set (»Antal ens 10«) with a label of its own; the set stays one item.

    Piece 1 carries the item's own ``label_code``; pieces 2..quantity get a row here when per-piece labels are
    printed.  Which split part a piece went to follows the rule in :mod:`inventar.domain.labels.pieces`.
    """

    item = ForeignKeyField(Item, backref="pieces", on_delete="CASCADE")
    number = IntegerField()  # 2..quantity
    label_code = CharField(max_length=32, unique=True)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("item", "number"), True),)


class Decision(VersionedModel):
    """The reuse/disposal decision for an item and its approval by the board."""

    item = ForeignKeyField(Item, backref="decisions", on_delete="CASCADE")
    kind = CharField(max_length=20, default="pending")
    route = CharField(max_length=20, default="")
    reason = TextField(default="")
    quantity = IntegerField(null=True)  # None = the whole item
    decided_by = CharField(max_length=100, default="")
    decided_at = DateTimeField(default=utcnow)
    approval = CharField(max_length=20, default="none")
    meeting_ref = CharField(max_length=200, default="")
    approved_at = DateTimeField(null=True)
    row_version = IntegerField(default=1)
    split_from = IntegerField(null=True)  # id of the decision this part was split from (quantity split)
    uuid = CharField(max_length=36, unique=True, null=True, default=new_uuid)  # identity across databases
    synced_version = IntegerField(null=True)  # row_version last written to or read from a bundle
    synced_hash = CharField(max_length=64, null=True)  # hash of the content it had then
    # a split part's own target centre (reuse only); None: the item's target centre applies
    target_centre = ForeignKeyField(Centre, null=True, backref="+", on_delete="SET NULL")


class Vote(BaseModel):
    """One reviewer's view on an item (the user group votes; the decision shows the tally)."""

    item = ForeignKeyField(Item, backref="votes", on_delete="CASCADE")
    voter = CharField(max_length=100)
    kind = CharField(max_length=20)
    route = CharField(max_length=20, default="")
    comment = TextField(default="")
    voted_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("item", "voter"), True),)


class Need(BaseModel):
    """What a centre needs in the new building, per category (and optionally per floor), entered by hand.

    Categories without an entered need are derived from :class:`FurnishingNorm` and the head count.
    """

    centre = ForeignKeyField(Centre, backref="needs", on_delete="CASCADE")
    floor = ForeignKeyField(Floor, null=True, backref="needs", on_delete="SET NULL")
    category = CharField(max_length=40)
    quantity = IntegerField(default=0)
    note = CharField(max_length=400, default="")
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("centre", "floor", "category"), True),)


class FurnishingNorm(BaseModel):
    """``quantity`` pieces of ``category`` per ``per_workplaces`` workplaces (e.g. 1 meeting table per 10)."""

    category = CharField(max_length=40, unique=True)
    quantity = FloatField(default=1.0)
    per_workplaces = IntegerField(default=1)


class AuditEntry(BaseModel):
    """Who changed what and when; before/after are JSON text."""

    at = DateTimeField(default=utcnow, index=True)
    who = CharField(max_length=100, default="")
    entity = CharField(max_length=40)
    entity_id = IntegerField(index=True)
    action = CharField(max_length=20)
    field = CharField(max_length=60, default="")
    before = TextField(default="")
    after = TextField(default="")


class LabelSeries(BaseModel):
    """A series of label codes (``HTK-<prefix>nnnn-c``); each database or laptop claims its own prefix."""

    prefix = CharField(max_length=2, primary_key=True)
    device = CharField(max_length=200, default="")
    claimed_at = DateTimeField(default=utcnow)
    next_serial = IntegerField(default=1)


class ReservedCode(BaseModel):
    """A code printed ahead on a blank label; a new item takes it (one code, one item)."""

    code = CharField(max_length=32, unique=True)
    batch = CharField(max_length=40, index=True)
    reserved_at = DateTimeField(default=utcnow)
    reserved_by = CharField(max_length=100, default="")
    printed_at = DateTimeField(null=True)
    item = ForeignKeyField(Item, null=True, backref="reserved_codes", on_delete="SET NULL")
    used_at = DateTimeField(null=True)


class LabelTemplate(BaseModel):
    """A user's label sheet template or a calibration of a built-in one (JSON definition in mm)."""

    name = CharField(max_length=100, unique=True)
    definition = TextField()
    updated_at = DateTimeField(default=utcnow)


class Collaboration(BaseModel):
    """One cell of the symmetric collaboration matrix (0..9); stored once with centre_a.id < centre_b.id."""

    centre_a = ForeignKeyField(Centre, backref="+", on_delete="CASCADE")
    centre_b = ForeignKeyField(Centre, backref="+", on_delete="CASCADE")
    value = IntegerField(default=0)

    class Meta:
        indexes = ((("centre_a", "centre_b"), True),)


class Scenario(BaseModel):
    """A named stack plan with its principle weights; the active one drives the items' target floors."""

    name = CharField(max_length=100, unique=True)
    weight_contact = FloatField(default=4.0)
    weight_collaboration = FloatField(default=1.0)
    weight_split = FloatField(default=25.0)
    is_active = BooleanField(default=False)
    note = TextField(default="")
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)


class Placement(BaseModel):
    """Workplaces of one centre on one floor in one scenario; pinned rows are kept by the optimiser."""

    scenario = ForeignKeyField(Scenario, backref="placements", on_delete="CASCADE")
    centre = ForeignKeyField(Centre, backref="+", on_delete="CASCADE")
    floor = ForeignKeyField(Floor, backref="+", on_delete="CASCADE")
    workplaces = IntegerField()
    pinned = BooleanField(default=False)

    class Meta:
        indexes = ((("scenario", "centre", "floor"), True),)


ALL_MODELS = [SchemaVersion, Meta, Room, Centre, Floor, Item, Photo, Decision, Vote, Need, FurnishingNorm,
              AuditEntry, LabelSeries, ReservedCode, LabelTemplate, Collaboration, Scenario, Placement, ItemPiece]
