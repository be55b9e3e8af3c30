"""Room-walk audit: walk into an old room, scan the labels there, compare with what is registered.

Found: registered in this room and scanned.  Missing: registered here, not scanned
(moved before the move-out, or the label fell off).  Unexpected: scanned here but
registered in another room (or in none).  Unknown: a code no item carries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from peewee import JOIN, chunked, fn

from inventar.domain.vocabulary import CATEGORIES
from inventar.i18n import _
from inventar.models import IN_CHUNK, Item, Room
from inventar.services.items.service import room_display


@dataclass(frozen=True)
class WalkItem:
    id: int
    label_code: str
    title: str
    quantity: int
    room_id: int | None
    room: str


@dataclass
class RoomWalkResult:
    found: list[WalkItem] = field(default_factory=list)
    missing: list[WalkItem] = field(default_factory=list)
    unexpected: list[WalkItem] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    unlabelled: list[WalkItem] = field(default_factory=list)  # in the room, no label to scan


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()


class RoomWalkService:
    @staticmethod
    def _items(query) -> list[WalkItem]:
        rows = (query.select(Item.id, Item.label_code, Item.category, Item.title, Item.quantity, Item.room,
                             Room.floor, Room.number, Room.name)
                .join(Room, JOIN.LEFT_OUTER).order_by(Item.label_code, Item.id).tuples())
        return [WalkItem(i, code or "", title or _(CATEGORIES.get(category, category)), quantity, room_id,
                         room_display(floor, number, name))
                for i, code, category, title, quantity, room_id, floor, number, name in rows]

    def room_items(self, room_id: int) -> list[WalkItem]:
        return self._items(Item.select().where(Item.room == room_id))

    def classify(self, room_id: int, codes: Iterable[str]) -> RoomWalkResult:
        scanned = list(dict.fromkeys(c for c in (normalise_code(c) for c in codes) if c))
        result = RoomWalkResult()
        by_code: dict[str, WalkItem] = {}
        for chunk in chunked(scanned, IN_CHUNK):
            for item in self._items(Item.select().where(fn.UPPER(Item.label_code).in_(chunk))):
                by_code[item.label_code.upper()] = item
        for item in self.room_items(room_id):
            if not item.label_code:
                result.unlabelled.append(item)
            elif item.label_code.upper() in by_code:
                result.found.append(item)
            else:
                result.missing.append(item)
        for code in scanned:
            item = by_code.get(code)
            if item is None:
                result.unknown.append(code)
            elif item.room_id != room_id:
                result.unexpected.append(item)
        return result
