"""The validated Excel import: analyse (every rejected row, nothing written), then commit (one transaction).

``analyse(path)`` opens the workbook, finds its sheets (items, rooms, centres, needs) by name or by
headers, checks every row and returns an :class:`ImportPlan` listing each rejected row with the row
number as the spreadsheet shows it, the column and the reason.  ``commit(plan)`` writes all valid rows
in one transaction.  Items are matched by UUID, else by label code, else by a key computed from the
row's content, so importing the same file twice creates nothing new.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from lxml import etree
from peewee import IntegrityError, chunked

from inventar.errors import UserError
from inventar.i18n import _
from inventar.models import IN_CHUNK, AuditEntry, Centre, Floor, Item, Need, Room
from inventar.models.entities import utcnow
from inventar.services.excel import values as v
from inventar.services.excel.columns import IMPORT_ORDER
from inventar.services.excel.import_rows import (
    COMPARED,
    Known,
    Rejection,
    Row,
    SheetPlan,
    centre_row,
    floor_row,
    item_row,
    need_row,
    room_fold,
    room_row,
)
from inventar.services.excel.reading import ImportFileError, data_rows, detect, no_sheet_message, open_workbook
from inventar.services.items.service import current_user

Progress = Callable[[int, int], None]
KIND_NAMES = {"items": "genstande", "rooms": "rum", "centres": "centre", "needs": "behov", "floors": "etager"}


def _noop(done: int, total: int) -> None:
    pass


class ImportConflictError(UserError, RuntimeError):
    """The database changed between the preview and the import; nothing was written."""


@dataclass
class ImportPlan:
    path: Path
    sheets: list[SheetPlan]
    rejected: list[Rejection]
    new_rooms: dict[tuple, str] = field(default_factory=dict)  # room key -> name, rooms items refer to

    @property
    def valid_rows(self) -> int:
        return sum(len(s.create) + len(s.update) + s.unchanged for s in self.sheets)

    @property
    def writes(self) -> int:
        return sum(len(s.create) + len(s.update) for s in self.sheets) + len(self.new_rooms)

    def summary(self) -> list[str]:
        lines = []
        for s in self.sheets:
            lines.append(_("Ark »{sheet}« ({kind}): {new} nye, {changed} ændrede, {same} uændrede, {bad} afviste "
                           "rækker", sheet=s.title, kind=_(KIND_NAMES[s.kind]), new=len(s.create),
                           changed=len(s.update), same=s.unchanged, bad=s.rejected_rows))
            if s.mapping.ignored:
                lines.append("  " + _("Ukendte kolonner springes over: {names}", names=", ".join(s.mapping.ignored)))
        if self.new_rooms:
            lines.append(_("{count} nye rum oprettes til genstandene", count=len(self.new_rooms)))
        return lines


# -- analyse and commit --------------------------------------------------------------------------------
# What a damaged workbook makes the zip, XML and openpyxl layers raise (found by tests/test_fuzz.py).
DAMAGED_FILE_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, IndexError, TypeError,
                       ValueError, AttributeError, struct.error, ElementTree.ParseError, etree.XMLSyntaxError)


def analyse(path: Path | str, user: str | None = None, progress: Progress = _noop) -> ImportPlan:
    """Read and check the whole file; nothing is written.  Raises :class:`ImportFileError` for unusable files."""
    path = Path(path)
    try:
        return _analyse(path, user, progress)
    except ImportFileError:
        raise
    except DAMAGED_FILE_ERRORS as exc:
        raise ImportFileError(_("»{name}« er beskadiget og kan ikke læses som Excel-projektmappe ({error})",
                                name=path.name, error=exc)) from exc


def _analyse(path: Path, user: str | None, progress: Progress) -> ImportPlan:
    book = open_workbook(path)
    try:
        found = [(ws, detect(ws)) for ws in book.worksheets]
        sheets = [(ws, m) for ws, m in found if m is not None]
        if not sheets:
            raise ImportFileError(no_sheet_message(path, [ws.title for ws, _m in found]))
        sheets.sort(key=lambda pair: IMPORT_ORDER.index(pair[1].kind))
        plan = ImportPlan(path, [], [])
        known = Known()
        user = user or current_user()
        total = sum(max((ws.max_row or 0) - m.header_row, 0) for ws, m in sheets)
        done = 0
        seen_by_kind: dict[str, dict] = {}
        for ws, mapping in sheets:
            sheet = SheetPlan(ws.title, mapping)
            plan.sheets.append(sheet)
            seen = seen_by_kind.setdefault(mapping.kind, {})
            for number, cells in data_rows(ws, mapping.header_row + 1):
                done += 1
                if done % 500 == 0:
                    progress(done, total)
                if all(v.is_blank(c) for c in cells):
                    continue
                row = Row(sheet, number, cells)
                if mapping.kind == "items":
                    item_row(row, known, seen, user, plan.new_rooms)
                elif mapping.kind == "centres":
                    centre_row(row, known, seen)
                elif mapping.kind == "floors":
                    floor_row(row, known, seen)
                elif mapping.kind == "rooms":
                    room_row(row, known, seen)
                else:
                    need_row(row, known, seen)
                if row.errors:
                    sheet.rejected_rows += 1
                    plan.rejected.extend(row.rejections())
        # rooms that the items need and that a rooms sheet of the same file creates are not created twice
        room_sheet_keys = {room_fold(r["key"]) for s in plan.sheets if s.kind == "rooms" for r in s.create}
        plan.new_rooms = {k: n for k, n in plan.new_rooms.items() if room_fold(k) not in room_sheet_keys}
        progress(total, total)
        return plan
    finally:
        book.close()


def commit(plan: ImportPlan, user: str | None = None, progress: Progress = _noop) -> dict[str, int]:
    """Write every valid row of ``plan`` in one transaction; returns counts of what was written."""
    user = user or current_user()
    db = Item._meta.database
    now = utcnow()
    counts = {"created": 0, "updated": 0}
    total = max(plan.writes, 1)
    try:
        with db.atomic():
            for sheet in plan.sheets:
                if sheet.kind == "centres":
                    for values in sheet.create:
                        Centre.create(**values)
                    for values in sheet.update:
                        Centre.update(**{k: values[k] for k in ("name", "headcount", "citizen_contact", "colour")}) \
                            .where(Centre.abbreviation == values["abbreviation"]).execute()
                elif sheet.kind == "floors":
                    for values in sheet.create:
                        Floor.create(**values)
                    for values in sheet.update:
                        Floor.update(**{k: values[k] for k in ("name", "capacity", "area_m2")}) \
                            .where(Floor.level == values["level"]).execute()
                elif sheet.kind == "rooms":
                    for values in sheet.create:
                        building, floor, number = values["key"]
                        Room.create(building=building, floor=floor, number=number, name=values["name"])
                    for values in sheet.update:
                        building, floor, number = values["key"]
                        Room.update(name=values["name"]).where((Room.building == building) & (Room.floor == floor)
                                                               & (Room.number == number)).execute()
                counts["created"] += len(sheet.create) if sheet.kind in ("centres", "rooms", "floors") else 0
                counts["updated"] += len(sheet.update) if sheet.kind in ("centres", "rooms", "floors") else 0
            for (building, floor, number), name in plan.new_rooms.items():
                Room.create(building=building, floor=floor, number=number, name=name)
            centres = {a.casefold(): i for i, a in Centre.select(Centre.id, Centre.abbreviation).tuples()}
            floors = {level: i for i, level in Floor.select(Floor.id, Floor.level).tuples()}
            rooms = {room_fold((b, f, n)): i for i, b, f, n in
                     Room.select(Room.id, Room.building, Room.floor, Room.number).tuples()}
            for sheet in plan.sheets:
                if sheet.kind == "needs":
                    for values in sheet.create + sheet.update:
                        _write_need(values, centres, floors, now)
                    counts["created"] += len(sheet.create)
                    counts["updated"] += len(sheet.update)
                elif sheet.kind == "items":
                    _write_items(sheet, centres, floors, rooms, now, user, progress, total)
                    counts["created"] += len(sheet.create)
                    counts["updated"] += len(sheet.update)
    except IntegrityError as exc:
        raise ImportConflictError(_("Databasen er ændret siden forhåndsvisningen ({error}); intet er importeret. "
                                    "Prøv igen.", error=exc)) from exc
    progress(total, total)
    return counts


def _write_need(values: dict, centres: dict, floors: dict, now) -> None:
    centre_id = centres[values["centre"].casefold()]
    floor_id = floors.get(values["floor"]) if values["floor"] is not None else None
    where = ((Need.centre == centre_id) & (Need.category == values["category"])
             & (Need.floor.is_null() if floor_id is None else Need.floor == floor_id))
    if Need.update(quantity=values["quantity"], note=values["note"], updated_at=now).where(where).execute() == 0:
        Need.create(centre=centre_id, floor=floor_id, category=values["category"], quantity=values["quantity"],
                    note=values["note"], updated_at=now)


def _bulk_insert(model, rows: list[dict]) -> None:
    """One prepared INSERT run for every row (peewee's insert_many builds SQL per value: 5x slower here)."""
    db = model._meta.database
    names = list(rows[0])
    defaults = {f.name: f.default for f in model._meta.sorted_fields
                if f.name not in names and not f.primary_key and f.default is not None}
    if defaults:
        rows = [{**{k: v() if callable(v) else v for k, v in defaults.items()}, **row} for row in rows]
        names += list(defaults)
    fields = [model._meta.fields[name] for name in names]
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    sql = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({", ".join([db.param] * len(fields))})'
    db.cursor().executemany(sql, [[f.db_value(row[name]) for f, name in zip(fields, names)] for row in rows])


def _item_columns(values: dict, centres: dict, floors: dict, rooms: dict) -> dict:
    row = {name: values[name] for name in COMPARED if name not in ("room", "target_centre", "target_floor")}
    row["room"] = rooms[room_fold(values["room"])] if values["room"] else None
    row["target_centre"] = centres[values["target_centre"].casefold()] if values["target_centre"] else None
    row["target_floor"] = floors[values["target_floor"]] if values["target_floor"] is not None else None
    return row


def _write_items(sheet: SheetPlan, centres, floors, rooms, now, user, progress, total) -> None:
    done = 0
    batch: list[dict] = []
    for values in sheet.create:
        row = _item_columns(values, centres, floors, rooms)
        row.update(uuid=values["uuid"], registered_at=row["registered_at"] or now, updated_at=now, row_version=1)
        batch.append(row)
        if len(batch) == 1000:
            _bulk_insert(Item, batch)
            done += len(batch)
            batch = []
            progress(done, total)
    if batch:
        _bulk_insert(Item, batch)
        done += len(batch)
    for values in sheet.update:
        row = _item_columns(values, centres, floors, rooms)
        Item.update(**row, updated_at=now) \
            .where(Item.uuid == values["uuid"]).execute()
        done += 1
        if done % 500 == 0:
            progress(done, total)
    touched = {values["uuid"]: "create" for values in sheet.create}
    touched.update({values["uuid"]: "update" for values in sheet.update})
    if touched:
        ids = {}
        uids = list(touched)
        for chunk in chunked(uids, IN_CHUNK):
            ids.update(Item.select(Item.uuid, Item.id).where(Item.uuid.in_(chunk)).tuples())
        entries = [{"at": now, "who": user, "entity": "item", "entity_id": ids[uid], "action": "import",
                    "field": action, "before": "", "after": sheet.title} for uid, action in touched.items()]
        _bulk_insert(AuditEntry, entries)
