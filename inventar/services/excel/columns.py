"""The columns of every importable sheet: field, Danish header (as exported), accepted aliases.

Headers are matched after :func:`normalise` (case, spaces and punctuation forgiven), in Danish or
English.  The register export writes the Danish headers below, so it can be imported again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from inventar.domain.fields import FIELD_LABELS
from inventar.services.excel.writer import DATE, DATETIME, DECIMAL, INT, Col


def normalise(text: object) -> str:
    return re.sub(r"[^0-9a-zæøåäöü]", "", str(text or "").casefold())


@dataclass(frozen=True)
class Field:
    name: str
    header: str  # Danish, as exported
    aliases: tuple[str, ...] = ()
    width: float = 14
    number_format: str | None = None
    wrap: bool = False

    def col(self) -> Col:
        return Col(self.header, self.width, self.number_format, self.wrap)

    def keys(self) -> set[str]:
        return {normalise(self.header), *(normalise(a) for a in self.aliases)}


ITEM_FIELDS: list[Field] = [
    Field("uuid", "UUID", ("id", "nøgle", "key", "item uuid"), 38),
    Field("label_code", FIELD_LABELS["label_code"], ("etiket", "label", "label code", "labelcode", "kode"), 13),
    Field("category", FIELD_LABELS["category"], ("category", "type"), 16),
    Field("title", FIELD_LABELS["title"], ("title", "navn", "name", "beskrivelse kort"), 26),
    Field("description", FIELD_LABELS["description"], ("description", "bemærkning", "note", "notes"), 30, wrap=False),
    Field("manufacturer", FIELD_LABELS["manufacturer"], ("producent", "designer", "manufacturer", "fabrikat"), 18),
    Field("model_name", FIELD_LABELS["model_name"], ("model name", "modelnavn"), 14),
    Field("period", FIELD_LABELS["period"], ("period", "årti", "decade"), 12),
    Field("material", FIELD_LABELS["material"], ("material", "materialer"), 16),
    Field("colour", FIELD_LABELS["colour"], ("colour", "color", "farver"), 12),
    Field("width_cm", FIELD_LABELS["width_cm"], ("bredde", "width", "width cm", "b"), 10, DECIMAL),
    Field("depth_cm", FIELD_LABELS["depth_cm"], ("dybde", "depth", "depth cm", "d"), 10, DECIMAL),
    Field("height_cm", FIELD_LABELS["height_cm"], ("højde", "height", "height cm", "h"), 10, DECIMAL),
    Field("quantity", FIELD_LABELS["quantity"], ("quantity", "qty", "stk", "antal stk", "count"), 8, INT),
    Field("condition", FIELD_LABELS["condition"], ("condition", "tilstand", "stand 15"), 8, INT),
    Field("building", "Bygning", ("building",), 12),
    Field("room_floor", "Etage", ("floor", "etage gammel", "old floor"), 8, INT),
    Field("room_number", "Rumnummer", ("rum", "room", "room number", "lokale", "rumnr"), 11),
    Field("room_name", "Rumnavn", ("room name", "lokalenavn"), 18),
    Field("strategy_criteria", FIELD_LABELS["strategy_criteria"], ("criteria", "strategy criteria", "kriterier"), 28),
    Field("hidden_gold", FIELD_LABELS["hidden_gold"], ("hidden gold", "gemtguld"), 10),
    Field("hidden_gold_reason", FIELD_LABELS["hidden_gold_reason"], ("hidden gold reason",), 28),
    Field("no_photo_reason", FIELD_LABELS["no_photo_reason"], ("no photo reason",), 24),
    Field("registered_by", FIELD_LABELS["registered_by"], ("registered by", "registrant"), 14),
    Field("registered_at", FIELD_LABELS["registered_at"], ("registered at", "registreringsdato", "dato", "date"), 17, DATETIME),
    Field("target_centre", FIELD_LABELS["target_centre_id"], ("target centre", "target center", "nyt center"), 11),
    Field("target_floor", FIELD_LABELS["target_floor_id"], ("target floor", "ny etage"), 10, INT),
]
ITEM_EXPORT_ONLY: list[Field] = [
    Field("updated_at", FIELD_LABELS["updated_at"], ("updated at",), 17, DATETIME),
    Field("photo_count", FIELD_LABELS["photo_count"], ("photos", "antal fotos"), 7, INT),
    Field("is_demo", "Demo", ("demo",), 7),
    Field("decision", FIELD_LABELS["kind"], ("decision",), 30),
]
UUID_FIELD = ITEM_FIELDS[0]  # imported by header, exported as the register's last column

ROOM_FIELDS: list[Field] = [
    Field("building", "Bygning", ("building",), 14),
    Field("floor", "Etage", ("floor", "level"), 8, INT),
    Field("number", "Rumnummer", ("rum", "room", "room number", "number", "nummer", "nr"), 12),
    Field("name", "Rumnavn", ("room name", "name", "navn", "betegnelse"), 24),
]

CENTRE_FIELDS: list[Field] = [
    Field("abbreviation", "Forkortelse", ("abbreviation", "kortnavn", "center", "centre", "kode"), 12),
    Field("name", "Navn", ("name", "centernavn", "centre name", "center name"), 36),
    Field("headcount", "Arbejdspladser", ("headcount", "medarbejdere", "antal medarbejdere", "workplaces",
                                          "ansatte"), 14, INT),
    Field("citizen_contact", "Borgerkontakt (0-5)", ("borgerkontakt", "citizen contact"), 16, INT),
    Field("colour", "Farvekode", ("colour", "color", "farve"), 11),
]

FLOOR_FIELDS: list[Field] = [
    Field("level", "Etage", ("level", "floor", "niveau"), 8, INT),
    Field("name", "Etagenavn", ("name", "navn", "floor name"), 16),
    Field("capacity", "Arbejdspladser", ("capacity", "kapacitet", "workplaces"), 14, INT),
    Field("area_m2", "Areal (m²)", ("area", "areal", "area m2", "m2"), 11, DECIMAL),
]

NEED_FIELDS: list[Field] = [
    Field("centre", "Center", ("centre", "center", "forkortelse"), 10),
    Field("floor", "Etage", ("floor", "level", "etage nyt rådhus"), 8, INT),
    Field("category", FIELD_LABELS["category"], ("category",), 16),
    Field("quantity", "Behov", ("antal", "quantity", "need", "needed", "qty"), 8, INT),
    Field("note", "Note", ("bemærkning", "comment"), 30),
]

SHEET_KINDS = {  # kind: (fields, Danish sheet name, accepted sheet names)  # i18n: ignore (file format)
    "centres": (CENTRE_FIELDS, "Centre", ("centre", "centres", "centers", "center")),
    "floors": (FLOOR_FIELDS, "Etager", ("etager", "floors", "etager nyt rådhus", "nyt rådhus")),
    "rooms": (ROOM_FIELDS, "Rum", ("rum", "rooms", "lokaler")),
    "needs": (NEED_FIELDS, "Behov", ("behov", "needs")),
    "items": (ITEM_FIELDS, "Genstande", ("genstande", "items", "inventar", "register", "registrering",
                                         "screening", "screeningsliste")),
}
IMPORT_ORDER = ["centres", "floors", "rooms", "needs", "items"]

__all__ = ["CENTRE_FIELDS", "DATE", "FLOOR_FIELDS", "Field", "IMPORT_ORDER", "ITEM_EXPORT_ONLY", "ITEM_FIELDS", "NEED_FIELDS",
           "ROOM_FIELDS", "SHEET_KINDS", "UUID_FIELD", "normalise"]
