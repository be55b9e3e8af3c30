"""Reading and changing items: the item list, details, create, update with optimistic locking."""

from __future__ import annotations

import getpass
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from peewee import JOIN, IntegrityError, fn

from inventar.domain.items import ItemData, ValidationError
from inventar.domain.vocabulary import CATEGORIES, CONDITIONS, STRATEGY_CRITERIA
from inventar.errors import UserError
from inventar.i18n import _
from inventar.models import Centre, Floor, Item, Photo, Room
from inventar.services import audit

EDITABLE_FIELDS = [
    "category", "title", "description", "manufacturer", "model_name", "period", "material", "colour",
    "width_cm", "depth_cm", "height_cm", "quantity", "condition", "room_id", "strategy_criteria",
    "hidden_gold", "hidden_gold_reason", "no_photo_reason",
]


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "ukendt"


class ConflictError(UserError, RuntimeError):
    """Someone else saved the row since it was opened; ``current`` is their version."""

    def __init__(self, item_id: int, current: ItemDetail | None) -> None:
        self.item_id = item_id
        self.current = current
        super().__init__(_("Genstanden er ændret af en anden, siden du åbnede den"))


class LabelCodeTaken(UserError, ValueError):
    """The label code already belongs to another item; the message names that item."""

    field = "label_code"

    def __init__(self, code: str, owner_id: int | None = None) -> None:
        self.code = code
        self.owner_id = owner_id
        owner = _describe(owner_id) if owner_id is not None else ""
        super().__init__(_("Koden {code} tilhører allerede {owner}", code=code, owner=owner)
                         if owner else _("Koden {code} tilhører allerede en anden genstand", code=code))

    @classmethod
    def for_code(cls, code: str) -> LabelCodeTaken:
        """The error for ``code``, naming the item that has it now (if any)."""
        owner = Item.select(Item.id).where(Item.label_code == code).scalar()
        return cls(code, owner)


def _describe(item_id: int) -> str:
    """»Stol "Arne Jacobsen" i 1.07 Mødelokale« – how a message names an item."""
    row = (Item.select(Item.category, Item.title, Room.number, Room.name).join(Room, JOIN.LEFT_OUTER)
           .where(Item.id == item_id).tuples().first())
    if row is None:
        return _("en anden genstand")
    category, title, number, name = row
    what = _(CATEGORIES.get(category, category)) + (f" »{title}«" if title else "")
    room = room_display(None, number, name)
    return _("genstanden {what} i {room}", what=what, room=room) if room else _("genstanden {what}", what=what)


class NotFoundError(UserError, LookupError):
    """The row is gone (deleted meanwhile, by someone else or on another laptop); ``key`` is its id."""

    def __init__(self, key: int) -> None:
        super().__init__(_("Den findes ikke længere (id {key}); en anden har måske slettet den. Opdatér listen (F5).",
                           key=key))
        self.key = key


@dataclass(slots=True)
class ItemRow:
    """One line of the item list (a flat, cheap value: 10,000 of them are held in memory)."""

    id: int
    label_code: str
    category: str
    title: str
    room: str
    floor: int | None
    material: str
    colour: str
    quantity: int
    condition: int | None
    hidden_gold: bool
    registered_at: datetime
    photo_count: int
    primary_photo: str | None
    search_text: str = ""
    target: str = ""  # where it goes in the new town hall: "1. sal · BAC"

    @property
    def category_name(self) -> str:
        return _(CATEGORIES.get(self.category, self.category))


@dataclass
class PhotoInfo:
    id: int
    file_hash: str
    original_name: str
    is_primary: bool
    position: int


@dataclass
class ItemDetail:
    id: int
    uuid: str
    label_code: str
    data: ItemData
    room: str
    registered_at: datetime
    updated_at: datetime
    row_version: int
    photos: list[PhotoInfo] = field(default_factory=list)

    @property
    def primary_photo(self) -> PhotoInfo | None:
        return next((p for p in self.photos if p.is_primary), self.photos[0] if self.photos else None)


def room_display(floor: int | None, number: str | None, name: str | None) -> str:
    """Room numbers carry their floor (``K.02``, ``0.04``, ``2.10``), so the number and name say it all."""
    if number is None:
        return ""
    return f"{number} {name or ''}".strip()


def _raw(query) -> Any:
    """The query's rows straight from the database driver (no per-value conversion by peewee)."""
    sql, params = query.sql()
    return Item._meta.database.execute_sql(sql, params)


class ItemService:
    def __init__(self, user: str | None = None, criteria: Collection[str] | None = None) -> None:
        self.user = user or current_user()
        # The loaded strategy's codes plus the built-in ones (items saved under an older strategy stay valid).
        self.criteria: set[str] = set(STRATEGY_CRITERIA) | set(criteria or ())

    # -- reading -------------------------------------------------------------
    def list_rows(self, first: int | None = None, by_code: bool = False, descending: bool = False) -> list[ItemRow]:
        """The item list's rows in id order.  ``first``: only the first so many, in id order or ``by_code`` (no
        code counts as the lowest), as the item list sorts them (what a start shows while it loads the rest)."""
        # Raw cursors (peewee builds the SQL, the driver's rows are used as they come): peewee's per-value
        # conversion was two thirds of the start-up with 10,000 items.  Rooms, categories and the search
        # words they give are worked out once per room and category, not once per item.
        query = Item.select(Item.id, Item.label_code, Item.category, Item.title, Item.room, Item.material,
                            Item.colour, Item.quantity, Item.condition, Item.hidden_gold, Item.registered_at)
        photos = Photo.select(Photo.item, fn.COUNT(Photo.id)).group_by(Photo.item)
        primary = Photo.select(Photo.item, Photo.file_hash).where(Photo.is_primary == True)  # noqa: E712
        ids = None
        if first is None:
            query = query.order_by(Item.id)
        else:
            if by_code:  # along the code's index; no code sorts as the lowest, as "" does in the list
                order = Item.label_code.desc(nulls="LAST") if descending else Item.label_code.asc(nulls="FIRST")
            else:
                order = Item.id.desc() if descending else Item.id.asc()
            query = query.order_by(order, Item.id).limit(first)
            ids = Item.select(Item.id).order_by(order, Item.id).limit(first)  # (a subquery: no list of ids to send)
            photos, primary = photos.where(Photo.item.in_(ids)), primary.where(Photo.item.in_(ids))
        photo_counts, primary = dict(_raw(photos)), dict(_raw(primary))
        rooms = {room_id: (floor, room_display(floor, number, name))
                 for room_id, floor, number, name in _raw(Room.select(Room.id, Room.floor, Room.number, Room.name))}
        no_room = (None, "")
        categories: dict[str, str] = {}
        gold_word = _("gemt guld")
        targets = self._targets(ids)
        parse = datetime.fromisoformat
        rows = []
        append = rows.append
        for (item_id, code, category, title, room_id, material, colour, quantity, condition, gold,
             registered_at) in _raw(query):  # row by row: all 10,000 driver rows at once cost 5 MB of peak memory
            if isinstance(registered_at, str):  # SQLite gives text; PostgreSQL gives datetime
                registered_at = parse(registered_at)
            floor, room = rooms.get(room_id, no_room)
            category_name = categories.get(category)
            if category_name is None:
                category_name = categories[category] = _(CATEGORIES.get(category, category))
            code = code or ""
            # what the search field looks in; fields apart by a space, so no search word spans two of them
            search_text = f"{code} {title} {category_name} {room} {material} {colour} {gold_word if gold else ''}"
            append(ItemRow(item_id, code, category, title, room, floor, material, colour, quantity, condition,
                           bool(gold), registered_at, photo_counts.get(item_id, 0), primary.get(item_id),
                           search_text.casefold(), targets.get(item_id, "")))
        return rows

    @staticmethod
    def _targets(ids: Any = None) -> dict[int, str]:
        """Item id (of the query ``ids``, default all) -> its target in the new building (floor, and centre when it
        follows one)."""
        floors = dict(Floor.select(Floor.id, Floor.name).tuples())
        centres = dict(Centre.select(Centre.id, Centre.abbreviation).tuples())
        texts: dict[tuple[int | None, int | None], str] = {}  # one text per floor and centre, not per item
        result = {}
        query = (Item.select(Item.id, Item.target_floor, Item.target_centre)
                 .where(Item.target_floor.is_null(False) | Item.target_centre.is_null(False)))
        if ids is not None:
            query = query.where(Item.id.in_(ids))
        for item_id, floor, centre in _raw(query):
            text = texts.get((floor, centre))
            if text is None:
                parts = [floors.get(floor, "") if floor else _("ikke placeret"), centres.get(centre, "")]
                text = texts[floor, centre] = " · ".join(p for p in parts if p)
            result[item_id] = text
        return result

    def get(self, item_id: int) -> ItemDetail:
        try:
            item = Item.select(Item, Room).join(Room, JOIN.LEFT_OUTER).where(Item.id == item_id).get()
        except Item.DoesNotExist as exc:
            raise NotFoundError(item_id) from exc
        data = ItemData(**{name: getattr(item, name) for name in EDITABLE_FIELDS if name not in
                           ("room_id", "strategy_criteria")},
                        room_id=item.room_id, strategy_criteria=item.criteria_list,
                        registered_by=item.registered_by)
        room = room_display(item.room.floor, item.room.number, item.room.name) if item.room_id else ""
        photos = [PhotoInfo(p.id, p.file_hash, p.original_name, p.is_primary, p.position)
                  for p in item.photos.order_by(Photo.position, Photo.id)]
        return ItemDetail(item.id, item.uuid, item.label_code or "", data, room, item.registered_at,
                          item.updated_at, item.row_version, photos)

    def count(self) -> tuple[int, int]:
        """(number of item rows, total quantity)."""
        rows, total = Item.select(fn.COUNT(Item.id), fn.COALESCE(fn.SUM(Item.quantity), 0)).scalar(as_tuple=True)
        return int(rows), int(total)

    # -- changing ------------------------------------------------------------
    @staticmethod
    def _columns(data: ItemData) -> dict[str, Any]:
        values = {name: getattr(data, name) for name in EDITABLE_FIELDS}
        values["room"] = values.pop("room_id")
        values["strategy_criteria"] = ",".join(data.strategy_criteria)
        return values

    def create(self, data: ItemData, label_code: str | None = None) -> int:
        data = data.validated(self.criteria)
        if data.room_id is not None and not Room.select().where(Room.id == data.room_id).exists():
            raise ValidationError("room_id", _("Rum: det valgte rum findes ikke"))
        values = self._columns(data)
        if label_code and Item.select().where(Item.label_code == label_code).exists():
            raise LabelCodeTaken.for_code(label_code)
        try:
            with Item._meta.database.atomic():
                item = Item.create(**values, label_code=label_code or None,
                                   registered_by=data.registered_by or self.user)
                audit.record(self.user, "item", item.id, "create")
        except IntegrityError as exc:  # another laptop took the code a moment ago (unique index)
            if label_code and Item.select().where(Item.label_code == label_code).exists():
                raise LabelCodeTaken.for_code(label_code) from exc
            raise
        return item.id

    def update(self, item_id: int, data: ItemData, expected_version: int) -> int:
        """Save ``data``; raises :class:`ConflictError` when the row changed since ``expected_version``."""
        data = data.validated(self.criteria)
        new = self._columns(data)
        with Item._meta.database.atomic():
            try:
                old = Item.get_by_id(item_id)
            except Item.DoesNotExist as exc:
                raise NotFoundError(item_id) from exc
            changes = {}
            for name, value in new.items():
                column = "room_id" if name == "room" else name
                before = getattr(old, column)
                if before != value:
                    changes[column] = (before, value)
            updated = (Item.update(**new)
                       .where((Item.id == item_id) & (Item.row_version == expected_version))
                       .execute())
            if updated != 1:
                raise ConflictError(item_id, self.get(item_id))
            if changes:
                audit.record(self.user, "item", item_id, "update", changes)
        return expected_version + 1

    def delete(self, item_id: int) -> None:
        with Item._meta.database.atomic():
            Item.delete().where(Item.id == item_id).execute()
            audit.record(self.user, "item", item_id, "delete")

    @staticmethod
    def condition_text(grade: int | None) -> str:
        return _(CONDITIONS[grade]) if grade in CONDITIONS else ""
