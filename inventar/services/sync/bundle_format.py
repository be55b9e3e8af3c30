"""The offline bundle's format: which tables travel, how rows are identified, how a file is checked.

A bundle is a zip::

    manifest.json          format, format version, schema version, device, row counts,
                           and the SHA-256 + size of every other file
    rows/<table>.json      the rows of one table, as a JSON list of objects
    photos/<aa>/<hash>.jpg the stored photo files (and thumbs/...) of the photos in rows/photo.json

Rows never carry local ids: every table has *key columns* that identify a row
in any database (an item's uuid, a room's building/floor/number ...), and a
foreign key travels as the key of the row it points to.  Adding a table means
adding one :class:`TableSpec` to :data:`TABLES` (after the tables it points to).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from peewee import DateTimeField, ForeignKeyField, Model

from inventar.domain.review import LOCKED_APPROVAL
from inventar.errors import UserError, os_reason
from inventar.files import atomic_file
from inventar.i18n import _
from inventar.models import AuditEntry, Centre, Decision, Floor, Item, Photo, Room
from inventar.models.entities import ItemPiece, LabelSeries, ReservedCode
from inventar.services.checksums import CHUNK, sha256_bytes, sha256_stream  # noqa: F401 (re-exported)
from inventar.services.intake import (
    MANIFEST_MAX_BYTES,
    PHOTO_MAX_BYTES,
    ROWS_MAX_BYTES,
    check_headers,
    photo_hash_of,
    read_member,
    read_photo,
)

FORMAT = "inventar-bundle"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"


# How a table's rows are chosen for export and merged on import.
REFERENCE = "reference"  # small shared lists: every row exported; a missing row is inserted, an existing one kept
VERSIONED = "versioned"  # uuid + row_version: changed rows exported; merged with conflict detection
CHILD = "child"  # rows of exported parents (photos of exported items); a missing row is inserted
APPEND = "append"  # history (audit trail): rows since the last bundle; a missing row is inserted


class BundleError(UserError, RuntimeError):
    """A bundle could not be written or read; the message is for users. Nothing was written."""


@dataclass(frozen=True)
class TableSpec:
    name: str  # the table name, also the bundle's file name
    model: type[Model]
    key: tuple[str, ...]  # columns (FK columns by their column name) that identify a row everywhere
    kind: str
    local_only: tuple[str, ...] = ("id",)  # never leave the database
    compare: tuple[str, ...] = ()  # VERSIONED: the fields a conflict shows
    parent: str = ""  # CHILD: the FK column pointing at the exported parent
    polymorphic: tuple[str, str] = ("", "")  # (entity column, id column): id points at the entity's table
    locked: tuple[str, str] = ("", "")  # VERSIONED: (column, value): a row here in that state is never changed
    # VERSIONED: compared fields added after rows were hashed; hashed only when set, so the hashes rows were
    # exported and received with stay valid (a row without the new value hashes as it did before)
    hashed_when_set: tuple[str, ...] = ()

    def fields(self) -> list:
        return [f for f in self.model._meta.sorted_fields if f.column_name not in self.local_only]

    def foreign_keys(self) -> dict[str, str]:
        """{column: referenced table name} for every FK column that travels."""
        return {f.column_name: f.rel_model._meta.table_name for f in self.fields()
                if isinstance(f, ForeignKeyField)}


_ITEM_COMPARE = ("category", "title", "description", "manufacturer", "model_name", "period", "material",
                 "colour", "width_cm", "depth_cm", "height_cm", "quantity", "condition", "room_id",
                 "strategy_criteria", "hidden_gold", "hidden_gold_reason", "no_photo_reason", "label_code",
                 "target_centre_id", "target_floor_id")

TABLES: list[TableSpec] = [
    TableSpec("room", Room, ("building", "floor", "number"), REFERENCE),
    TableSpec("centre", Centre, ("abbreviation",), REFERENCE),
    TableSpec("floor", Floor, ("level",), REFERENCE),
    TableSpec("label_series", LabelSeries, ("prefix",), REFERENCE),
    TableSpec("item", Item, ("uuid",), VERSIONED, local_only=("id", "synced_version", "synced_hash"),
              compare=_ITEM_COMPARE),
    TableSpec("reserved_code", ReservedCode, ("code",), REFERENCE),
    TableSpec("photo", Photo, ("item_id", "file_hash"), CHILD, parent="item_id"),
    # per-piece labels of sets; a piece already known here keeps its code (the first printed label wins)
    TableSpec("item_piece", ItemPiece, ("item_id", "number"), CHILD, parent="item_id"),
    TableSpec("decision", Decision, ("uuid",), VERSIONED, local_only=("id", "synced_version", "synced_hash"),
              compare=("kind", "route", "reason", "quantity", "decided_by", "approval", "meeting_ref",
                       "approved_at", "target_centre_id"), locked=("approval", LOCKED_APPROVAL),
              hashed_when_set=("target_centre_id",)),
    TableSpec("audit_entry", AuditEntry, ("at", "who", "entity", "entity_id", "action", "field"), APPEND,
              polymorphic=("entity", "entity_id")),
]
SPECS = {spec.name: spec for spec in TABLES}


# -- values ---------------------------------------------------------------------------------
def encode_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    return value


def decode_value(field, value: Any) -> Any:
    if value is not None and isinstance(field, DateTimeField) and isinstance(value, str):
        return datetime.fromisoformat(value)
    return value


def _normal(value: Any) -> Any:
    if value == "" or value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return value


def content_hash(spec: TableSpec, record: dict[str, Any]) -> str:
    """The SHA-256 of a versioned row's compared fields (as the bundle encodes them).

    Version numbers count changes per database, so two databases can both be at »version 2« with
    different content; whether a row is still what the sender built on is decided by content.
    """
    values: list[Any] = [_normal(record.get(name)) for name in spec.compare if name not in spec.hashed_when_set]
    values += [[name, _normal(record.get(name))] for name in spec.hashed_when_set
               if _normal(record.get(name)) is not None]
    return hashlib.sha256(json.dumps(values, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def row_key(spec: TableSpec, record: dict[str, Any]) -> tuple:
    return tuple(tuple(v) if isinstance(v, list) else v for v in (record.get(k) for k in spec.key))


# -- checksums and manifest ------------------------------------------------------------------------
@dataclass
class BundleContents:
    """A verified bundle: its manifest, every row, and the names of its (verified) photo files."""

    source: Path
    manifest: dict[str, Any]
    rows: dict[str, list[dict[str, Any]]]
    photo_files: list[str]


def _is_photo_member(member: str) -> bool:
    kind, _sep, rest = member.partition("/")
    return kind in ("photos", "thumbs") and "/thumbs/" not in f"/{rest}" and photo_hash_of(rest) is not None


def _limit_for(member: str) -> int:
    if member == MANIFEST:
        return MANIFEST_MAX_BYTES
    if member.startswith("rows/"):
        return ROWS_MAX_BYTES
    return PHOTO_MAX_BYTES


def read_bundle(source: Path, head_schema: int) -> BundleContents:
    """Open and verify ``source`` completely (format, versions, every checksum). Writes nothing.

    Row files are read into memory; photo files are only checked (streamed), so a bundle with
    hundreds of full-size photos needs little memory.
    """
    source = Path(source)
    name = source.name
    row_data: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(source) as archive:
            check_headers(archive, _limit_for, BundleError)  # declared sizes and names; counted again below
            try:
                manifest = json.loads(read_member(archive, MANIFEST, MANIFEST_MAX_BYTES, BundleError)[0])
            except KeyError as exc:
                raise BundleError(_("»{name}« er ikke et Inventar-bundt (manifest mangler)", name=name)) from exc
            except ValueError as exc:
                raise BundleError(_("Manifestet i »{name}« er beskadiget", name=name)) from exc
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT \
                    or not isinstance(manifest.get("files"), dict) or not isinstance(manifest.get("tables"), dict):
                raise BundleError(_("»{name}« er ikke et Inventar-bundt i et kendt format", name=name))
            version = manifest.get("format_version")
            if not isinstance(version, int) or version > FORMAT_VERSION:
                raise BundleError(_("»{name}« er lavet af en nyere version af Inventar (bundtformat {found}); "
                                    "opdatér programmet", name=name, found=version))
            if int(manifest.get("schema_version") or 0) > head_schema:
                raise BundleError(_("»{name}« er lavet af en nyere version af Inventar (skemaversion {found}); "
                                    "opdatér programmet", name=name, found=manifest.get("schema_version")))
            unknown = [t for t in manifest["tables"] if t not in SPECS]
            if unknown:
                raise BundleError(_("Bundtet indeholder tabellen {table}, som denne version af Inventar ikke "
                                    "kender; opdatér programmet", table=", ".join(unknown)))
            listed = set(manifest["files"])
            present = set(archive.namelist()) - {MANIFEST}
            extra = sorted(present - listed)
            if extra:
                raise BundleError(_("Bundtet indeholder filen {file}, som ikke står i manifestet: bundtet er "
                                    "ændret", file=extra[0]))
            for member, expected in manifest["files"].items():
                if member not in present:
                    raise BundleError(_("Bundtet mangler filen {file}", file=member))
                is_rows = member.startswith("rows/")
                if not is_rows and not _is_photo_member(member):
                    raise BundleError(_("Bundtet indeholder filen {file}, som et bundt ikke kan have", file=member))
                # Hashed while streamed (bounded), before anything parses it; photos must decode as JPEG.
                if is_rows:
                    data, digest = read_member(archive, member, ROWS_MAX_BYTES, BundleError)
                    row_data[member] = data
                else:
                    data, digest = read_photo(archive, member, BundleError)
                size = len(data)
                if not isinstance(expected, dict) or digest != expected.get("sha256") or size != expected.get("size"):
                    raise BundleError(_("Kontrolsummen passer ikke for {file}: bundtet er beskadiget eller ændret",
                                        file=member))
    except FileNotFoundError as exc:
        raise BundleError(_("Filen »{name}« findes ikke", name=name)) from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise BundleError(_("»{name}« er ikke et gyldigt bundt (ikke en zip-fil eller afkortet)", name=name)) from exc
    except BundleError:
        raise
    except OSError as exc:
        raise BundleError(_("»{name}« kan ikke læses: {error}", name=name, error=os_reason(exc))) from exc
    rows: dict[str, list[dict[str, Any]]] = {}
    for table, info in manifest["tables"].items():
        member = f"rows/{table}.json"
        if member not in row_data:
            raise BundleError(_("Bundtet mangler filen {file}", file=member))
        try:
            records = json.loads(row_data[member])
        except ValueError as exc:
            raise BundleError(_("Filen {file} i bundtet er ikke gyldig JSON", file=member)) from exc
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records) \
                or len(records) != (info or {}).get("rows"):
            raise BundleError(_("Filen {file} i bundtet har ikke det forventede indhold", file=member))
        spec = SPECS[table]
        for record in records:
            if any(k not in record for k in spec.key):
                raise BundleError(_("En række i {file} mangler nøglefeltet {key}", file=member,
                                    key=", ".join(spec.key)))
        rows[table] = records
    photos = sorted(m for m in manifest["files"] if _is_photo_member(m))
    return BundleContents(source, manifest, rows, photos)


def copy_verified(contents: BundleContents, member: str, target: Path) -> None:
    """Copy one photo file out of the bundle to ``target`` (temp file + rename), checking it again."""
    expected = contents.manifest["files"][member]
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(target, suffix=".jpg") as out, zipfile.ZipFile(contents.source) as archive:
        data, digest = read_photo(archive, member, BundleError)  # the file may have changed since it was read
        out.write(data)
        if digest != expected.get("sha256"):
            raise BundleError(_("Kontrolsummen passer ikke for {file}: bundtet er ændret under indlæsningen",
                                file=member))
