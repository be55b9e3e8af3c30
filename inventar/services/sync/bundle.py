"""Offline bundles: export what this database registered or changed since the last bundle; import merging.

Export picks, per table spec (:mod:`inventar.services.sync.bundle_format`): all rows
of the small reference tables, the items and decisions whose ``row_version``
differs from ``synced_version`` (changed since they last travelled), the
photos of exported items, and audit entries written since the last bundle.
Each versioned row carries ``base_hash``: the hash of the content it had when it
last travelled (row versions count changes per database, so only content says
whether two databases still share a state).  After the file is in place the rows are marked
as travelled.

Import verifies the whole file first (nothing is written for a damaged or
tampered bundle), then merges in one transaction, by key:

* a row the target lacks is inserted;
* a versioned row the sender did not change, or whose fields already match,
  changes nothing (so importing twice changes nothing);
* a versioned row the target still has with the sender's base content is updated;
* otherwise both sides changed it: a :class:`~inventar.domain.sync.Conflict`
  is reported and that row is left as it is.
"""

from __future__ import annotations

import json
import socket
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from peewee import chunked

from inventar import __version__
from inventar.domain.sync import Conflict, compare, value_text
from inventar.domain.vocabulary import CATEGORIES, STRATEGY_CRITERIA
from inventar.errors import os_reason
from inventar.files import atomic_path, removed_on_failure
from inventar.i18n import _
from inventar.jobs import Progress, no_progress
from inventar.models import IN_CHUNK, AuditEntry, Decision, Item, Meta, Photo, Room
from inventar.models.database import Store
from inventar.models.migrations import HEAD, current_version
from inventar.services import audit
from inventar.services.identity import database_id
from inventar.services.intake import plain_file_inside
from inventar.services.items.service import room_display
from inventar.services.labels.codes import PREFIX_KEY, LabelCodeService
from inventar.services.photos.store import PhotoStore
from inventar.services.sync.bundle_checks import check_bundle_rows
from inventar.services.sync.bundle_format import (
    APPEND,
    CHILD,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    REFERENCE,
    SPECS,
    TABLES,
    VERSIONED,
    BundleError,
    TableSpec,
    content_hash,
    copy_verified,
    decode_value,
    encode_value,
    read_bundle,
    row_key,
    sha256_bytes,
)
from inventar.services.transactions import lock_imports, write_transaction

LAST_AUDIT_KEY = "bundle_last_audit_id"
LAST_EXPORT_KEY = "bundle_last_export_at"


@dataclass
class ExportResult:
    path: Path
    counts: dict[str, int]
    photo_files: int
    label_prefix: str = ""  # the series claimed for the laptop (``for_laptop``)
    missing_photos: list[str] = field(default_factory=list)  # photos whose file is gone here: their rows travel
    photo_dir: Path | None = None

    def missing_message(self) -> str:
        """A warning about :attr:`missing_photos` for the user ("" when none is missing)."""
        if not self.missing_photos:
            return ""
        return _("{count} fotos findes ikke i fotomappen {folder} og er derfor ikke med i bundtet (fx {hash}); "
                 "genstandene er med, men fotoene kan ikke vises hos modtageren. Fotoene må tages igen.",
                 count=len(self.missing_photos), folder=self.photo_dir, hash=self.missing_photos[0][:12])


@dataclass
class ImportResult:
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # rows that could not be placed (and were skipped)
    relabel: list[str] = field(default_factory=list)  # items kept under a new code: put a new label on them
    label_prefix: str = ""  # the label series this database now uses, when the bundle assigned one

    @property
    def changed(self) -> bool:
        return any(self.inserted.values()) or any(self.updated.values())

    def add(self, bucket: dict[str, int], table: str) -> None:
        bucket[table] = bucket.get(table, 0) + 1


class _KeyIndex:
    """Local id <-> cross-database key, per table, loaded lazily (for FK translation)."""

    def __init__(self) -> None:
        self._by_key: dict[str, dict[tuple, Any]] = {}
        self._by_id: dict[str, dict[Any, tuple]] = {}
        self._codes: dict[str, str] | None = None

    def _load(self, table: str) -> None:
        if table in self._by_key:
            return
        spec = SPECS[table]
        pk = spec.model._meta.primary_key
        by_key, by_id = {}, {}
        if not spec.foreign_keys() and not spec.polymorphic[0]:
            columns = [pk, *[spec.model._meta.columns[c] for c in spec.key]]
            for row in spec.model.select(*columns).tuples():
                key = tuple(encode_value(v) for v in row[1:])
                by_key[key] = row[0]
                by_id[row[0]] = key
        else:
            for row in spec.model.select():
                key = row_key(spec, self.encode_row(spec, row))
                by_key[key], by_id[getattr(row, pk.name)] = getattr(row, pk.name), key
        self._by_key[table], self._by_id[table] = by_key, by_id

    def code_owner(self, code: str) -> str | None:
        """The title (or uuid) of the item here that has label ``code``."""
        if self._codes is None:
            self._codes = {c: (t or u) for c, t, u in Item.select(Item.label_code, Item.title, Item.uuid)
                           .where(Item.label_code.is_null(False)).tuples()}
        return self._codes.get(code)

    def remember_code(self, code: str, owner: str) -> None:
        self.code_owner(code)
        self._codes[code] = owner

    def key_of(self, table: str, local_id: Any) -> tuple | None:
        self._load(table)
        return self._by_id[table].get(local_id)

    def id_of(self, table: str, key: tuple) -> Any:
        self._load(table)
        return self._by_key[table].get(key)

    def remember(self, table: str, key: tuple, local_id: Any) -> None:
        self._load(table)
        self._by_key[table][key] = local_id
        self._by_id[table][local_id] = key

    def encode_row(self, spec: TableSpec, row) -> dict[str, Any]:
        record: dict[str, Any] = {}
        foreign = spec.foreign_keys()
        entity_col, id_col = spec.polymorphic
        for f in spec.fields():
            value = row.__data__.get(f.name)
            if f.column_name in foreign and value is not None:
                key = self.key_of(foreign[f.column_name], value)
                value = list(key) if key is not None else None
            elif f.column_name == id_col and id_col and row.__data__.get(entity_col) in SPECS:
                key = self.key_of(row.__data__[entity_col], value)
                value = list(key) if key is not None else None
            record[f.column_name] = encode_value(value)
        return record


# -- export --------------------------------------------------------------------------------------
def _changed(model) -> list:
    return list(model.select().where(model.synced_version.is_null()
                                     | (model.synced_version != model.row_version)).order_by(model.id))


def export_bundle(store: Store, target: Path, everything: bool = False, for_laptop: str | None = None,
                  user: str = "", progress: Progress = no_progress) -> ExportResult:
    """Write what changed since the last bundle (or ``everything``) to ``target`` (temp file + rename).

    ``for_laptop``: the bundle seeds an offline laptop; a label series nobody uses yet is claimed here
    for it, and the laptop takes it as its own when it imports the bundle (so codes never collide).
    """
    target = Path(target)
    assigned = ""
    photos = PhotoStore(store.photo_dir)
    index = _KeyIndex()
    last_audit = 0 if everything else int(Meta.get_value(LAST_AUDIT_KEY) or 0)
    last_export = None if everything else Meta.get_value(LAST_EXPORT_KEY)
    with store.db.atomic():  # one consistent read
        if for_laptop:
            if store.is_postgres:
                store.db.execute_sql("SELECT pg_advisory_xact_lock(74658)")  # as the label code service does
            assigned = LabelCodeService(user).claim_series(for_laptop)
        decisions = list(Decision.select().order_by(Decision.id)) if everything else _changed(Decision)
        if everything:
            items = list(Item.select().order_by(Item.id))
        else:
            items = _changed(Item)
            wanted = {i.id for i in items}
            extra = {d.item_id for d in decisions}
            extra |= {i for (i,) in AuditEntry.select(AuditEntry.entity_id)
                      .where((AuditEntry.id > last_audit) & (AuditEntry.entity == "item")).distinct().tuples()}
            if last_export:
                since = datetime.fromisoformat(last_export)
                extra |= {i for (i,) in Photo.select(Photo.item).where(Photo.added_at > since).tuples()}
            extra -= wanted
            if extra:
                items += list(Item.select().where(Item.id.in_(list(extra))).order_by(Item.id))
        item_ids = [i.id for i in items]
        chosen: dict[str, list] = {}
        for spec in TABLES:
            if spec.kind == REFERENCE:
                chosen[spec.name] = list(spec.model.select())
            elif spec.name == "item":
                chosen[spec.name] = items
            elif spec.name == "decision":
                chosen[spec.name] = decisions
            elif spec.kind == VERSIONED:
                chosen[spec.name] = list(spec.model.select()) if everything else _changed(spec.model)
            elif spec.kind == CHILD:
                column = spec.model._meta.columns[spec.parent]
                chosen[spec.name] = [r for chunk in chunked(item_ids, IN_CHUNK) for r in
                                     spec.model.select().where(column.in_(chunk))]
            elif spec.kind == APPEND:
                entity_col = spec.polymorphic[0]
                query = spec.model.select().where(spec.model._meta.primary_key > last_audit)
                chosen[spec.name] = [r for r in query.order_by(spec.model._meta.primary_key)
                                     if not entity_col or r.__data__.get(entity_col) in SPECS]
        records: dict[str, list[dict]] = {}
        for spec in TABLES:
            out = []
            for row in chosen[spec.name]:
                record = index.encode_row(spec, row)
                if spec.kind == VERSIONED:
                    record["base_version"] = row.synced_version
                    record["base_hash"] = row.synced_hash  # the content it had when it last travelled
                if spec.polymorphic[1] and record.get(spec.polymorphic[1]) is None:
                    continue  # history of a row that no longer exists
                out.append(record)
            records[spec.name] = out
        max_audit = max((r.id for r in chosen.get("audit_entry", [])), default=last_audit)
        schema = current_version(store.db)
    hashes = sorted({r["file_hash"] for r in records.get("photo", [])})
    missing: list[str] = []  # photos whose file is not here (found while copying the others)
    files: dict[str, dict[str, Any]] = {}
    target.parent.mkdir(parents=True, exist_ok=True)
    photo_files = 0
    try:
        with atomic_path(target, prefix=".bundle-", suffix=".part") as tmp, \
                zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for spec in TABLES:
                data = json.dumps(records[spec.name], ensure_ascii=False, separators=(",", ":")).encode("utf-8")
                name = f"rows/{spec.name}.json"
                archive.writestr(name, data)
                files[name] = {"sha256": sha256_bytes(data), "size": len(data)}
            for done, file_hash in enumerate(hashes):
                progress(done, len(hashes))  # raises Cancelled when the user stopped: the temp file goes
                for path, prefix in ((photos.path_for(file_hash), "photos"),
                                     (photos.thumbnail_path(file_hash), "thumbs")):
                    if not plain_file_inside(path, photos.folder):
                        if prefix == "photos":
                            missing.append(file_hash)
                        continue  # missing, or a symbolic link: never followed out of the photo folder
                    data = path.read_bytes()
                    name = f"{prefix}/{file_hash[:2]}/{file_hash}.jpg"
                    archive.writestr(name, data, compress_type=zipfile.ZIP_STORED)
                    files[name] = {"sha256": sha256_bytes(data), "size": len(data)}
                    photo_files += 1
            manifest = {
                "format": FORMAT, "format_version": FORMAT_VERSION, "app_version": __version__,
                "schema_version": schema, "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "device": socket.gethostname(), "database_id": database_id(),
                "label_prefix": Meta.get_value(PREFIX_KEY) or "",
                "everything": everything, "assign_label_prefix": assigned,
                "tables": {spec.name: {"rows": len(records[spec.name]), "key": list(spec.key), "kind": spec.kind}
                           for spec in TABLES},
                "files": files,
            }
            archive.writestr(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False))
    except OSError as exc:
        raise BundleError(_("Bundtet kunne ikke skrives: {error}", error=os_reason(exc))) from exc
    with store.db.atomic():  # the rows have travelled: the next bundle starts from here
        for model in (Item, Decision):
            spec = SPECS[model._meta.table_name]
            for row, record in zip(chosen[spec.name], records[spec.name]):  # what travelled, even if changed since
                model.update(synced_version=row.row_version, synced_hash=content_hash(spec, record)) \
                    .where(model.id == row.id).execute()
        Meta.set_value(LAST_AUDIT_KEY, str(max_audit))
        Meta.set_value(LAST_EXPORT_KEY, datetime.now(UTC).replace(tzinfo=None).isoformat())
    return ExportResult(target, {name: len(rows) for name, rows in records.items()}, photo_files, assigned, missing,
                        photos.folder)


# -- import --------------------------------------------------------------------------------------
def _decode(spec: TableSpec, record: dict[str, Any], index: _KeyIndex,
            result: ImportResult) -> dict[str, Any] | None:
    """Column values for the local database, FKs translated; None when a required reference is missing."""
    values: dict[str, Any] = {}
    foreign = spec.foreign_keys()
    entity_col, id_col = spec.polymorphic
    for f in spec.fields():
        if f.column_name not in record:
            continue
        value = record[f.column_name]
        if f.column_name in foreign and value is not None:
            local = index.id_of(foreign[f.column_name], tuple(value))
            if local is None and not f.null:
                result.problems.append(_("{table}: rækken {key} peger på en {target}, som ikke findes her; sprunget "
                                         "over", table=spec.name, key=_key_text(spec, record),
                                         target=foreign[f.column_name]))
                return None
            value = local
        elif f.column_name == id_col and id_col and record.get(entity_col) in SPECS and value is not None:
            value = index.id_of(record[entity_col], tuple(value))
            if value is None:
                return None  # history of a row that was skipped
        values[f.name] = decode_value(f, value)
    return values


def _key_text(spec: TableSpec, record: dict[str, Any]) -> str:
    return "/".join(str(v) for v in row_key(spec, record))


def _conflict_text(name: str, value: Any, index: _KeyIndex, spec: TableSpec) -> str:
    """A value as the conflict dialog shows it; references by what users call them."""
    foreign = spec.foreign_keys()
    if name not in foreign or value is None:
        return value_text(name, value)
    key = tuple(value) if isinstance(value, (list, tuple)) else (value,)
    table = foreign[name]
    if table == "room":
        room = Room.get_or_none(Room.id == index.id_of("room", key)) if index.id_of("room", key) else None
        return room_display(room.floor, room.number, room.name) if room else str(key[-1])
    if table == "floor":
        return _("Etage {level}", level=key[0])
    return " ".join(str(v) for v in key)


def _merge_versioned(spec: TableSpec, record: dict, values: dict, index: _KeyIndex,
                     result: ImportResult) -> None:
    model = spec.model
    key = row_key(spec, record)
    local_id = index.id_of(spec.name, key)
    version = int(record.get("row_version") or 1)
    incoming = content_hash(spec, record)
    base = record.get("base_hash")
    if local_id is None:
        taken_code = None
        if spec.name == "item" and values.get("label_code"):
            owner = index.code_owner(values["label_code"])
            if owner is not None:  # two databases made the same code: keep both items, give this one a new code
                taken_code = values["label_code"]
                values["label_code"] = LabelCodeService(user="bundle").allocate(1)[0]
                # one version ahead of what travelled: the next bundle takes the new code back to the sender
                values["row_version"] = version + 1
                result.relabel.append(_("Sæt en ny etiket på »{title}« ({uuid}): koden {old} bruges allerede af "
                                        "»{owner}«, så genstanden har fået koden {new}", title=values.get("title")
                                        or _(CATEGORIES.get(values.get("category", ""), "")), uuid=record.get("uuid"),
                                        old=taken_code, owner=owner, new=values["label_code"]))
            index.remember_code(values["label_code"], values.get("title") or record.get("uuid"))
        row_id = model.insert(**values, synced_version=version, synced_hash=incoming).execute()
        if taken_code is not None:
            audit.record("bundle", "item", row_id, "relabel", {"label_code": (taken_code, values["label_code"])})
        index.remember(spec.name, key, row_id)
        result.add(result.inserted, spec.name)
        return
    if base is not None and incoming == base:
        result.add(result.unchanged, spec.name)  # the sender did not change it: nothing to bring
        return
    current = model.get_by_id(local_id)
    here = index.encode_row(spec, current)
    if content_hash(spec, here) == incoming or (current.synced_hash, current.synced_version) == (incoming, version):
        # already the same here, or exactly this version of the sender's row arrived here before (and was
        # changed here since, e.g. relabelled): importing a bundle twice changes nothing
        result.add(result.unchanged, spec.name)
        return
    column, locked_value = spec.locked
    if column and here.get(column) == locked_value:
        pass  # locked here (an approved decision): a change from a bundle is a conflict, never applied
    elif base is not None and content_hash(spec, here) == base:  # unchanged here since the sender's base
        new_version = max(version, current.row_version + 1)
        values = {k: v for k, v in values.items() if k != spec.model._meta.primary_key.name}
        model.update(**{**values, "row_version": new_version, "synced_version": new_version,
                        "synced_hash": incoming}).where(model._meta.primary_key == local_id).execute()
        result.add(result.updated, spec.name)
        return
    mine = {name: record.get(name) for name in spec.compare}
    theirs = {name: here.get(name) for name in spec.compare}
    fields = compare(mine, theirs, spec.compare, text=lambda n, v: _conflict_text(n, v, index, spec))
    title = " · ".join(str(p) for p in (record.get("title"), record.get("label_code")) if p) or _key_text(spec, record)
    if spec.name == "decision":
        item = Item.get_or_none(Item.id == current.item_id)
        title = _("Beslutning for {item}", item=(item.title or item.label_code or item.uuid) if item else "?")
    result.conflicts.append(Conflict(spec.name, _key_text(spec, record), title, mine, theirs,
                                     current.row_version, fields))


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return float(a) == float(b)
    if a in (None, "") and b in (None, ""):
        return True
    return a == b


def _merge_plain(spec: TableSpec, record: dict, values: dict, index: _KeyIndex, result: ImportResult) -> None:
    key = row_key(spec, record)
    if index.id_of(spec.name, key) is not None:
        result.add(result.unchanged, spec.name)
        if spec.name == "label_series":
            here = spec.model.get_by_id(record["prefix"])
            if here.device != record.get("device"):
                result.problems.append(_("Etiketserien {prefix} bruges både af {here} og af {there}; tjek "
                                         "etiketkoderne", prefix=record["prefix"], here=here.device,
                                         there=record.get("device")))
        return
    pk = spec.model._meta.primary_key
    if pk.name == "id":
        values.pop("id", None)
    if spec.name == "photo" and values.get("is_primary"):
        if Photo.select().where((Photo.item == values["item"]) & (Photo.is_primary == True)).exists():  # noqa: E712
            values["is_primary"] = False
    new_id = spec.model.insert(**values).execute()
    index.remember(spec.name, key, values.get(pk.name, new_id) if pk.name != "id" else new_id)
    result.add(result.inserted, spec.name)


def _known_criteria() -> set[str]:
    """The built-in strategy criteria and every one already used here (a loaded strategy's own codes)."""
    used = {c for (text,) in Item.select(Item.strategy_criteria).distinct().tuples() for c in (text or "").split(",")}
    return set(STRATEGY_CRITERIA) | {c for c in used if c}


def import_bundle(store: Store, source: Path, progress: Progress = no_progress) -> ImportResult:
    """Verify ``source`` completely, then merge it in one transaction (see the module note).

    ``progress`` may raise :class:`~inventar.errors.Cancelled`: the transaction is rolled back.  On any failure
    (a cancel, a full disk, a commit refused) the photo files this import copied go again: nothing is left."""
    contents = read_bundle(Path(source), HEAD)
    # the photo files it copies were not here before, so no other row points at them; one import at a time: two
    # at once would both find a row missing
    with removed_on_failure() as copied, write_transaction():
        lock_imports()
        return _import_contents(store, contents, progress, copied)


def _import_contents(store: Store, contents, progress: Progress, copied: list[Path]) -> ImportResult:
    photos = PhotoStore(store.photo_dir)
    result = ImportResult()
    index = _KeyIndex()
    # Every value checked like the form does, before any photo is copied or any row written.
    check_bundle_rows(contents.rows, lambda table, key: index.id_of(table, key) is not None, _known_criteria())
    # Photo files first: content-addressed, so a file with the same name is the same photo.
    steps = len(contents.photo_files) + len(TABLES)
    for done, member in enumerate(contents.photo_files):
        progress(done, steps)
        kind, _folder, file_name = member.split("/")
        file_hash = file_name[:-4]
        path = photos.path_for(file_hash) if kind == "photos" else photos.thumbnail_path(file_hash)
        if not path.exists():
            copy_verified(contents, member, path)
            copied.append(path)
    with store.db.atomic():
        for done, spec in enumerate(TABLES):
            progress(len(contents.photo_files) + done, steps)
            for record in contents.rows.get(spec.name, []):
                values = _decode(spec, record, index, result)
                if values is None:
                    continue
                if spec.kind == VERSIONED:
                    _merge_versioned(spec, record, values, index, result)
                else:
                    _merge_plain(spec, record, values, index, result)
        assigned = str(contents.manifest.get("assign_label_prefix") or "")
        if assigned:
            current = Meta.get_value(PREFIX_KEY)
            if current is None:
                Meta.set_value(PREFIX_KEY, assigned)
                result.label_prefix = assigned
            elif current != assigned:
                result.problems.append(_("Denne database bruger allerede etiketserien {current}; serien {assigned}, "
                                         "som bundtet har reserveret, bruges ikke", current=current,
                                         assigned=assigned))
    return result


def pending_changes(store: Store) -> dict[str, int]:
    """How many items and decisions changed since the last bundle (for the status line)."""
    return {m._meta.table_name: m.select().where(m.synced_version.is_null()
                                                 | (m.synced_version != m.row_version)).count()
            for m in (Item, Decision)}


__all__ = ["BundleError", "ExportResult", "ImportResult", "export_bundle", "import_bundle", "pending_changes"]


def apply_conflict_choice(store: Store, conflict: Conflict, choices: dict[str, str], user: str) -> bool:
    """Save a bundle conflict as the user resolved it (per field: the bundle's or this database's value).

    Checks the row version the conflict was reported against; returns False when the row
    changed again since (then nothing is written and the import should be repeated).
    """
    spec = SPECS[conflict.entity]
    merged = conflict.resolve(choices)
    index = _KeyIndex()
    by_column = {f.column_name: f for f in spec.fields()}
    foreign = spec.foreign_keys()
    values: dict[str, Any] = {}
    changes: dict[str, tuple[Any, Any]] = {}
    for name in spec.compare:
        value = merged.get(name)
        if name in foreign and value is not None:
            value = index.id_of(foreign[name], tuple(value))
        values[by_column[name].name] = decode_value(by_column[name], value)
        if not _equal(merged.get(name), conflict.theirs.get(name)):
            changes[name] = (conflict.theirs.get(name), merged.get(name))
    model = spec.model
    key_column = model._meta.columns[spec.key[0]]
    with store.db.atomic():
        if "updated_at" in model._meta.fields:
            values["updated_at"] = datetime.now(UTC).replace(tzinfo=None)
        updated = (model.update(**values)
                   .where((key_column == conflict.key) & (model.row_version == conflict.theirs_version)).execute())
        if updated != 1:
            return False
        if changes:
            row_id = model.get(key_column == conflict.key).id
            audit.record(user, spec.name, row_id, "update", changes)
    return True
