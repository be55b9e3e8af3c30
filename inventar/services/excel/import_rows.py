"""Checking the rows of an import, one kind at a time; nothing here writes to the database.

Each ``*_row`` function reads one spreadsheet row, records every problem on the row (column and
Danish reason) or adds the normalised values to its sheet's ``create``/``update`` lists.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from inventar.domain.fields import field_label
from inventar.domain.items import ItemData, ValidationError, parse_dimension, parse_quantity
from inventar.i18n import _
from inventar.models import Centre, Floor, Item, Need, Room
from inventar.services.excel import values as v
from inventar.services.excel.reading import Mapping

CONTENT_NAMESPACE = uuidlib.UUID("5b0e1c9a-6a7d-4f1e-9a51-1d3f6c2b7e42")
DEFAULT_BUILDING = "Rådhuset"
TEXT_FIELDS = ["title", "description", "manufacturer", "model_name", "period", "material", "colour",
               "hidden_gold_reason", "no_photo_reason", "registered_by"]
COMPARED = TEXT_FIELDS + ["category", "width_cm", "depth_cm", "height_cm", "quantity", "condition",
                          "strategy_criteria", "hidden_gold", "registered_at", "room", "target_centre",
                          "target_floor", "label_code"]


@dataclass
class Rejection:
    sheet: str
    row: int  # as the spreadsheet shows it
    column: str  # letter and header, e.g. K »Bredde (cm)«
    reason: str

    def __str__(self) -> str:
        return _("{sheet}, række {row}, kolonne {column}: {reason}", sheet=self.sheet, row=self.row,
                 column=self.column, reason=self.reason)


@dataclass
class SheetPlan:
    title: str
    mapping: Mapping
    create: list[dict] = field(default_factory=list)
    update: list[dict] = field(default_factory=list)
    unchanged: int = 0
    rejected_rows: int = 0

    @property
    def kind(self) -> str:
        return self.mapping.kind


# -- what is in the database already --------------------------------------------------------------
class Known:
    def __init__(self) -> None:
        self.centres = {a.casefold(): (i, a) for i, a in Centre.select(Centre.id, Centre.abbreviation).tuples()}
        self.centre_rows = {a.casefold(): {"name": n, "headcount": h, "citizen_contact": c, "colour": col} for a, n, h, c, col
                            in Centre.select(Centre.abbreviation, Centre.name, Centre.headcount,
                                             Centre.citizen_contact, Centre.colour).tuples()}
        self.floors = {level: i for i, level in Floor.select(Floor.id, Floor.level).tuples()}
        self.floor_rows = {level: {"name": n, "capacity": c, "area_m2": a} for level, n, c, a in
                           Floor.select(Floor.level, Floor.name, Floor.capacity, Floor.area_m2).tuples()}
        self.file_floors: set[int] = set()
        self.rooms: dict[tuple, tuple] = {}
        self.room_names: dict[tuple, str] = {}
        for building, floor, number, name in Room.select(Room.building, Room.floor, Room.number, Room.name).tuples():
            key = (building, floor, number)
            self.rooms[room_fold(key)] = key
            self.room_names[key] = name
        self.file_centres: set[str] = set()
        self.file_rooms: dict[tuple, tuple] = {}
        self.needs = {(c, f, cat): (q, n) for c, f, cat, q, n in
                      Need.select(Need.centre, Need.floor, Need.category, Need.quantity, Need.note).tuples()}
        centre_abbr = dict(Centre.select(Centre.id, Centre.abbreviation).tuples())
        floor_level = {i: level for level, i in self.floors.items()}
        room_key = {i: (b, f, n) for i, b, f, n in Room.select(Room.id, Room.building, Room.floor, Room.number).tuples()}
        self.items: dict[str, dict] = {}
        self.labels: dict[str, str] = {}
        columns = [getattr(Item, name) for name in COMPARED if name not in ("room", "target_centre", "target_floor")]
        query = Item.select(Item.uuid, Item.room, Item.target_centre, Item.target_floor, *columns).tuples()
        names = [name for name in COMPARED if name not in ("room", "target_centre", "target_floor")]
        for row in query:
            uid, room, centre, floor, *rest = row
            data = dict(zip(names, rest))
            data["room"] = room_key.get(room)
            data["target_centre"] = centre_abbr.get(centre)
            if data["registered_at"] is not None:
                data["registered_at"] = data["registered_at"].replace(microsecond=0)
            data["target_floor"] = floor_level.get(floor)
            self.items[uid] = data
            if data["label_code"]:
                self.labels[data["label_code"].casefold()] = uid

    def centre(self, abbreviation: str) -> str | None:
        key = abbreviation.casefold()
        if key in self.centres:
            return self.centres[key][1]
        return abbreviation if key in self.file_centres else None

    def has_floor(self, level: int) -> bool:
        return level in self.floors or level in self.file_floors

    def room(self, key: tuple) -> tuple | None:
        folded = room_fold(key)
        return self.rooms.get(folded) or self.file_rooms.get(folded)


def room_fold(key: tuple) -> tuple:
    building, floor, number = key
    return (building.casefold(), floor, number.casefold())


# -- reading rows -------------------------------------------------------------------------------------
class Row:
    def __init__(self, plan_sheet: SheetPlan, number: int, cells: tuple) -> None:
        self.sheet = plan_sheet
        self.number = number
        self.cells = cells
        self.errors: list[tuple[str, str]] = []

    def has(self, name: str) -> bool:
        return name in self.sheet.mapping.columns

    def raw(self, name: str) -> Any:
        index = self.sheet.mapping.columns.get(name)
        if index is None or index >= len(self.cells):
            return None
        value = self.cells[index]
        return value.strip() if isinstance(value, str) else value

    def get(self, name: str, parser: Callable[[Any], Any], default: Any = None) -> Any:
        value = self.raw(name)
        if v.is_blank(value):
            return default
        try:
            return parser(value)
        except v.CellError as exc:
            self.fail(name, exc.message)
            return default

    def fail(self, name: str, reason: str) -> None:
        self.errors.append((name, reason))

    def rejections(self) -> list[Rejection]:
        mapping = self.sheet.mapping
        return [Rejection(self.sheet.title, self.number, mapping.column_label(name) if name in mapping.columns
                          else field_label(name), reason) for name, reason in self.errors]



def _with_field(label: str, parser: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def parse(value: Any) -> Any:
        try:
            return parser(value)
        except v.CellError as exc:
            message = exc.message if exc.message.startswith(label) else f"{label}: {exc.message}"
            raise v.CellError(message) from exc
    return parse


# -- the four kinds ---------------------------------------------------------------------------------
def centre_row(row: Row, known: Known, seen: dict) -> None:
    abbreviation = v.text(row.raw("abbreviation"))
    if not abbreviation:
        row.fail("abbreviation", _("Forkortelse mangler"))
        return
    if len(abbreviation) > 20:
        row.fail("abbreviation", _("Forkortelse: højst 20 tegn"))
    if abbreviation.casefold() in seen:
        row.fail("abbreviation", _("Centret »{name}« står også i række {row}", name=abbreviation,
                                   row=seen[abbreviation.casefold()]))
    existing = known.centre_rows.get(abbreviation.casefold())
    values = dict(existing) if existing else {"name": "", "headcount": 0, "citizen_contact": 0, "colour": "#7f8c8d"}
    if row.has("name"):
        values["name"] = v.text(row.raw("name"))
    if not values["name"]:
        row.fail("name", _("Navn mangler"))
    if row.has("headcount"):
        values["headcount"] = row.get("headcount", _with_field(_("Arbejdspladser"),
                                                               lambda x: v.integer(x, 0, 100_000)), 0)
    if row.has("citizen_contact"):
        values["citizen_contact"] = row.get("citizen_contact", _with_field(_("Borgerkontakt"),
                                                                           lambda x: v.integer(x, 0, 5)), 0)
    if row.has("colour") and not v.is_blank(row.raw("colour")):
        colour = v.text(row.raw("colour"))
        if not (len(colour) == 7 and colour.startswith("#")
                and all(c in "0123456789abcdefABCDEF" for c in colour[1:])):
            row.fail("colour", _("Farvekode: skal være som #1f6f78 (fik »{value}«)", value=colour))
        values["colour"] = colour
    if row.errors:
        return
    seen[abbreviation.casefold()] = row.number
    known.file_centres.add(abbreviation.casefold())
    values["abbreviation"] = known.centres[abbreviation.casefold()][1] if existing else abbreviation
    if existing is None:
        row.sheet.create.append(values)
    elif {k: values[k] for k in existing} != existing:
        row.sheet.update.append(values)
    else:
        row.sheet.unchanged += 1


def floor_row(row: Row, known: Known, seen: dict) -> None:
    level = row.get("level", _with_field(_("Etage"), lambda x: v.integer(x, -5, 50)))
    if level is None and not row.errors:
        row.fail("level", _("Etage mangler"))
    if level is not None and level in seen:
        row.fail("level", _("Etage {level} står også i række {row}", level=level, row=seen[level]))
    existing = known.floor_rows.get(level)
    values = dict(existing) if existing else {"name": "", "capacity": 0, "area_m2": None}
    if row.has("name"):
        values["name"] = v.text(row.raw("name"))
    if not values["name"]:
        row.fail("name", _("Etagenavn mangler"))
    if row.has("capacity"):
        values["capacity"] = row.get("capacity", _with_field(_("Arbejdspladser"),
                                                             lambda x: v.integer(x, 0, 100_000)), 0)
    if row.has("area_m2"):
        area = row.raw("area_m2")
        if v.is_blank(area):
            values["area_m2"] = None
        else:
            try:
                values["area_m2"] = float(str(area).replace(",", ".")) if isinstance(area, str) else float(area)
            except ValueError:
                row.fail("area_m2", _("Areal: »{value}« er ikke et tal", value=v.text(area)))
    if row.errors:
        return
    seen[level] = row.number
    known.file_floors.add(level)
    values["level"] = level
    if existing is None:
        row.sheet.create.append(values)
    elif {k: values[k] for k in existing} != existing:
        row.sheet.update.append(values)
    else:
        row.sheet.unchanged += 1


def room_row(row: Row, known: Known, seen: dict) -> None:
    number = v.text(row.raw("number"))
    building = v.text(row.raw("building")) or DEFAULT_BUILDING
    floor = row.get("floor", _with_field(_("Etage"), lambda x: v.integer(x, -5, 50)))
    if not number:
        row.fail("number", _("Rumnummer mangler"))
    if floor is None and not any(n == "floor" for n, _r in row.errors):
        floor = v.floor_from_room_number(number) if number else None
        if floor is None:
            row.fail("floor", _("Etage mangler"))
    if row.errors:
        return
    key = (building, floor, number)
    folded = room_fold(key)
    if folded in seen:
        row.fail("number", _("Rummet står også i række {row}", row=seen[folded]))
        return
    seen[folded] = row.number
    existing = known.rooms.get(folded)
    name = v.text(row.raw("name")) if row.has("name") else (known.room_names.get(existing, "") if existing else "")
    if existing is None:
        known.file_rooms[folded] = key
        row.sheet.create.append({"key": key, "name": name})
    elif known.room_names.get(existing, "") != name:
        row.sheet.update.append({"key": existing, "name": name})
    else:
        row.sheet.unchanged += 1


def need_row(row: Row, known: Known, seen: dict) -> None:
    abbreviation = v.text(row.raw("centre"))
    centre = known.centre(abbreviation) if abbreviation else None
    if not abbreviation:
        row.fail("centre", _("Center mangler"))
    elif centre is None:
        row.fail("centre", _("Centret »{name}« findes ikke (importér eller opret centret først)", name=abbreviation))
    category = row.get("category", _with_field(_("Kategori"), v.category))
    if category is None and not row.errors:
        row.fail("category", _("Kategori mangler"))
    quantity = row.get("quantity", _with_field(_("Behov"), lambda x: v.integer(x, 0, 100_000)))
    if quantity is None and not any(n == "quantity" for n, _r in row.errors):
        row.fail("quantity", _("Behov mangler"))
    level = row.get("floor", _with_field(_("Etage"), lambda x: v.integer(x, -5, 50)))
    if level is not None and not known.has_floor(level):
        row.fail("floor", _("Etage {level} findes ikke i det nye rådhus", level=level))
    if row.errors:
        return
    key = (centre.casefold(), level, category)
    if key in seen:
        row.fail("category", _("Samme center, etage og kategori står også i række {row}", row=seen[key]))
        return
    seen[key] = row.number
    note = v.text(row.raw("note"))
    values = {"centre": centre, "floor": level, "category": category, "quantity": quantity, "note": note}
    centre_id = known.centres.get(centre.casefold(), (None,))[0]
    existing = known.needs.get((centre_id, known.floors.get(level), category)) if centre_id else None
    if existing is None:
        row.sheet.create.append(values)
    elif existing != (quantity, note if row.has("note") else existing[1]):
        row.sheet.update.append(values)
    else:
        row.sheet.unchanged += 1


def _content_key(row: Row) -> str:
    return "|".join(v.text(row.raw(name)).casefold() for name in sorted(row.sheet.mapping.columns))


def item_row(row: Row, known: Known, seen: dict, user: str, new_rooms: dict) -> None:
    uid = v.text(row.raw("uuid"))
    label = v.text(row.raw("label_code")) or None
    if uid:
        try:
            uid = str(uuidlib.UUID(uid))
        except ValueError:
            row.fail("uuid", _("UUID: »{value}« er ikke et gyldigt UUID", value=uid))
            return
    if label and len(label) > 32:
        row.fail("label_code", _("Etiketkode: højst 32 tegn"))
        return
    if not uid and label and label.casefold() in known.labels:
        uid = known.labels[label.casefold()]
    if not uid:
        content = _content_key(row)
        occurrence = seen.setdefault(("content", content), 0) + 1
        seen[("content", content)] = occurrence
        uid = str(uuidlib.uuid5(CONTENT_NAMESPACE, f"{content}#{occurrence}"))
    if uid in seen:
        row.fail("uuid" if row.has("uuid") else "label_code",
                 _("Samme genstand står også i række {row}", row=seen[uid]))
        return
    if label and ("label", label.casefold()) in seen:
        row.fail("label_code", _("Etiketkode {code} står også i række {row}", code=label,
                                 row=seen[("label", label.casefold())]))
        return
    if label and known.labels.get(label.casefold(), uid) != uid:
        row.fail("label_code", _("Etiketkode {code} tilhører allerede en anden genstand", code=label))
        return
    existing = known.items.get(uid)
    values = dict(existing) if existing else {
        "category": "", "width_cm": None, "depth_cm": None, "height_cm": None, "quantity": 1, "condition": None,
        "strategy_criteria": "", "hidden_gold": False, "registered_at": None, "room": None, "target_centre": None,
        "target_floor": None, "label_code": None, **dict.fromkeys(TEXT_FIELDS, "")}
    for name in TEXT_FIELDS:
        if row.has(name):
            values[name] = v.text(row.raw(name))
    if row.has("label_code"):
        values["label_code"] = label
    if row.has("category"):
        values["category"] = row.get("category", _with_field(_("Kategori"), v.category), "")
        if not values["category"] and not row.errors:
            row.fail("category", _("Kategori mangler"))
    for name in ("width_cm", "depth_cm", "height_cm"):
        if row.has(name):
            try:
                values[name] = parse_dimension(name, row.raw(name))
            except ValidationError as exc:
                row.fail(name, exc.message)
    if row.has("quantity"):
        try:
            values["quantity"] = 1 if v.is_blank(row.raw("quantity")) else parse_quantity(row.raw("quantity"))
        except ValidationError as exc:
            row.fail("quantity", exc.message)
    if row.has("condition"):
        values["condition"] = row.get("condition", v.condition)
    if row.has("strategy_criteria"):
        values["strategy_criteria"] = ",".join(row.get("strategy_criteria", v.criteria, []))
    if row.has("hidden_gold"):
        values["hidden_gold"] = row.get("hidden_gold", _with_field(_("Gemt guld"), v.yes_no), False)
    if row.has("registered_at"):
        values["registered_at"] = row.get("registered_at", _with_field(_("Registreret"), v.timestamp),
                                          values["registered_at"])
    if row.has("room_number"):
        number = v.text(row.raw("room_number"))
        if not number:
            values["room"] = None
        else:
            building = v.text(row.raw("building")) or DEFAULT_BUILDING
            floor = row.get("room_floor", _with_field(_("Etage"), lambda x: v.integer(x, -5, 50)))
            if floor is None:
                floor = v.floor_from_room_number(number)
            if floor is None:
                row.fail("room_floor", _("Etage mangler for rum {number}", number=number))
            else:
                key = known.room((building, floor, number)) or (building, floor, number)
                values["room"] = key
                if known.room(key) is None:
                    new_rooms.setdefault(key, v.text(row.raw("room_name")))
    if row.has("target_centre"):
        abbreviation = v.text(row.raw("target_centre"))
        values["target_centre"] = known.centre(abbreviation) if abbreviation else None
        if abbreviation and values["target_centre"] is None:
            row.fail("target_centre", _("Målcenter: centret »{name}« findes ikke (importér centrene først)",
                                        name=abbreviation))
    if row.has("target_floor"):
        level = row.get("target_floor", _with_field(_("Måletage"), lambda x: v.integer(x, -5, 50)))
        if level is not None and not known.has_floor(level):
            row.fail("target_floor", _("Måletage: etage {level} findes ikke i det nye rådhus", level=level))
        values["target_floor"] = level
    if not row.errors:
        data = ItemData(category=values["category"], width_cm=values["width_cm"], depth_cm=values["depth_cm"],
                        height_cm=values["height_cm"], quantity=values["quantity"], condition=values["condition"],
                        strategy_criteria=[c for c in values["strategy_criteria"].split(",") if c],
                        hidden_gold=values["hidden_gold"], **{name: values[name] for name in TEXT_FIELDS})
        try:
            data.validated()
        except ValidationError as exc:
            row.fail(exc.field, exc.message)
        else:
            for name in ("width_cm", "depth_cm", "height_cm", "quantity", "condition", *TEXT_FIELDS):
                values[name] = getattr(data, name)
    if row.errors:
        return
    seen[uid] = row.number
    if label:
        seen[("label", label.casefold())] = row.number
    values["uuid"] = uid
    if existing is None:
        values["registered_by"] = values["registered_by"] if row.has("registered_by") else user
        row.sheet.create.append(values)
    elif any(values[name] != existing[name] for name in COMPARED):
        row.sheet.update.append(values)
    else:
        row.sheet.unchanged += 1
