"""Rooms of the old building: import, edit, status per room and the coverage per floor."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from peewee import IntegrityError, fn

from inventar.domain.items import ValidationError
from inventar.domain.vocabulary import ROOM_STATUSES
from inventar.errors import os_reason
from inventar.i18n import _
from inventar.models import Item, Room
from inventar.services import audit
from inventar.services.items.service import current_user, room_display


@dataclass
class RoomRow:
    id: int
    building: str
    floor: int
    number: str
    name: str
    status: str
    item_count: int
    quantity: int

    @property
    def display(self) -> str:
        return room_display(self.floor, self.number, self.name)


@dataclass
class FloorCoverage:
    floor: int
    rooms: int
    done: int
    in_progress: int
    not_visited: int
    items: int
    quantity: int

    @property
    def share_done(self) -> float:
        return self.done / self.rooms if self.rooms else 0.0


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class _Semicolons(csv.excel):
    delimiter = ";"


def _csv_lines(text: str, dialect) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of a room list; a line CSV cannot read (a field over its limit, a quotation mark
    that runs to the end) is a message with its number."""
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise ValidationError("file", _("Rumlisten, linje {line}: kan ikke læses som tekst med etage;nummer;navn "
                                        "(et kontroltegn eller et anførselstegn, der ikke lukkes?)",
                                        line=reader.line_num)) from exc


ROOM_LIST_MAX_BYTES = 8 << 20  # a line per room: the old town hall's some 200 rooms are 5 kB


class RoomService:
    def __init__(self, user: str | None = None) -> None:
        self.user = user or current_user()

    def list_rows(self) -> list[RoomRow]:
        counts = {room_id: (count, quantity) for room_id, count, quantity in
                  Item.select(Item.room, fn.COUNT(Item.id), fn.COALESCE(fn.SUM(Item.quantity), 0))
                  .where(Item.room.is_null(False)).group_by(Item.room).tuples()}
        rows = []
        for room in Room.select().order_by(Room.floor, Room.number):
            count, quantity = counts.get(room.id, (0, 0))
            rows.append(RoomRow(room.id, room.building, room.floor, room.number, room.name, room.status,
                                int(count), int(quantity)))
        return rows

    def coverage(self) -> list[FloorCoverage]:
        floors: dict[int, FloorCoverage] = {}
        for row in self.list_rows():
            cov = floors.setdefault(row.floor, FloorCoverage(row.floor, 0, 0, 0, 0, 0, 0))
            cov.rooms += 1
            cov.done += row.status == "done"
            cov.in_progress += row.status == "in_progress"
            cov.not_visited += row.status == "not_visited"
            cov.items += row.item_count
            cov.quantity += row.quantity
        return [floors[f] for f in sorted(floors)]

    @staticmethod
    def _clean(floor, number: str, name: str) -> tuple[int, str, str]:
        try:
            floor = int(str(floor).strip())
        except ValueError as exc:
            raise ValidationError("floor", _("Etage: »{value}« er ikke et helt tal (kælder = -1, stue = 0)",
                                             value=floor)) from exc
        number = (number or "").strip()
        if not number:
            raise ValidationError("number", _("Rumnummer: må ikke være tomt"))
        if _CONTROL.search(number) or _CONTROL.search(name or ""):  # a NUL would stop every bundle carrying it
            raise ValidationError("number", _("Rum: nummer og navn må ikke indeholde kontroltegn"))
        if len(number) > 40:
            raise ValidationError("number", _("Rumnummer: højst 40 tegn"))
        return floor, number, (name or "").strip()[:200]

    def create(self, floor, number: str, name: str = "", building: str = "Rådhuset") -> int:
        floor, number, name = self._clean(floor, number, name)
        with Room._meta.database.atomic():
            if Room.select().where((Room.building == building) & (Room.floor == floor)
                                   & (Room.number == number)).exists():
                raise ValidationError("number", _("Rum {number} på etage {floor} findes allerede",
                                                  number=number, floor=floor))
            room = Room.create(building=building, floor=floor, number=number, name=name)
            audit.record(self.user, "room", room.id, "create")
        return room.id

    def update(self, room_id: int, **values) -> None:
        with Room._meta.database.atomic():
            room = Room.get_by_id(room_id)
            floor, number, name = self._clean(values.get("floor", room.floor), values.get("number", room.number),
                                              values.get("name", room.name))
            changes = {k: (getattr(room, k), v) for k, v in (("floor", floor), ("number", number), ("name", name))
                       if getattr(room, k) != v}
            if not changes:
                return
            try:
                with Room._meta.database.atomic():
                    Room.update(floor=floor, number=number, name=name).where(Room.id == room_id).execute()
            except IntegrityError as exc:
                raise ValidationError("number", _("Rum {number} på etage {floor} findes allerede",
                                                  number=number, floor=floor)) from exc
            audit.record(self.user, "room", room_id, "update", changes)

    def set_status(self, room_id: int, status: str) -> None:
        if status not in ROOM_STATUSES:
            raise ValidationError("status", _("Status: ukendt status {value}", value=status))
        with Room._meta.database.atomic():
            before = Room.get_by_id(room_id).status
            if before != status:
                Room.update(status=status).where(Room.id == room_id).execute()
                audit.record(self.user, "room", room_id, "update", {"status": (before, status)})

    def status(self, room_id: int) -> str:
        return Room.get_by_id(room_id).status

    def import_csv(self, path: Path | str) -> tuple[int, int]:
        """Import ``etage;nummer;navn`` lines (header optional, ``;`` or ``,``); returns (added, already there).

        All or nothing: a bad line stops the import with its line number and nothing is written.
        """
        path = Path(path)
        try:
            size = path.stat().st_size
            if size > ROOM_LIST_MAX_BYTES:
                raise ValidationError("file", _("Rumlisten {name} er for stor ({size} MB); en liste over rådhusets rum "
                                                "fylder nogle få kB", name=path.name, size=size >> 20))
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError("file", _("Rumlisten {name} kan ikke læses: {error}", name=path.name,
                                            error=os_reason(exc) if isinstance(exc, OSError) else exc)) from exc
        try:
            dialect = csv.Sniffer().sniff(text[:2000], delimiters=";,\t") if text.strip() else csv.excel
        except csv.Error:  # no separator found: then the first line that is not a room says so, with its number
            dialect = _Semicolons
        added = existing = 0
        with Room._meta.database.atomic():
            for line_no, row in _csv_lines(text, dialect):
                if not row or not any(cell.strip() for cell in row):
                    continue
                if line_no == 1 and not row[0].strip().lstrip("-").isdigit():
                    continue  # header
                if len(row) < 2:
                    raise ValidationError("file", _("Rumlisten, linje {line}: forventer etage;nummer;navn",
                                                    line=line_no))
                try:
                    floor, number, name = self._clean(row[0], row[1], row[2] if len(row) > 2 else "")
                except ValidationError as exc:
                    raise ValidationError("file", _("Rumlisten, linje {line}: {error}", line=line_no,
                                                    error=exc.message)) from exc
                if Room.select().where((Room.floor == floor) & (Room.number == number)).exists():
                    existing += 1
                    continue
                room = Room.create(floor=floor, number=number, name=name)
                audit.record(self.user, "room", room.id, "create")
                added += 1
        return added, existing
