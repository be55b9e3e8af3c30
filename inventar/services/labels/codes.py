"""Label codes in the database: this database's series, new codes, pre-printed codes, scans.

Uniqueness (the scheme ``README.md`` describes under "Label codes"):

* every code carries a two-letter *series prefix*; a database uses exactly one
  series for the codes it makes (``Meta['label_prefix']``) and records every
  series it knows in ``label_series`` (prefix is the primary key);
* inside a series, serials come from ``label_series.next_serial``, raised with a
  compare-and-set update in a transaction, so laptops sharing one PostgreSQL
  database never hand out the same serial;
* an offline laptop must work in a series nobody else uses: the offline-bundle
  export claims a fresh prefix in the shared database (:meth:`claim_series`) and
  writes it as the bundle's ``label_prefix``;
* ``item.label_code``, ``item_piece.label_code`` (the per-piece labels of a set,
  :mod:`inventar.services.labels.pieces`) and ``reserved_code.code`` are unique in
  the database as a last guard; a new code is checked against all three.
"""

from __future__ import annotations

import getpass
import random
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from peewee import JOIN, IntegrityError, PostgresqlDatabase, chunked

from inventar.domain.labels.codes import (
    LETTERS,
    MAX_SERIAL,
    LabelCodeError,
    is_valid_prefix,
    make_code,
    normalise,
)
from inventar.errors import UserError
from inventar.i18n import _
from inventar.models import IN_CHUNK, Item, Meta, Room
from inventar.models.entities import ItemPiece, LabelSeries, ReservedCode, utcnow
from inventar.services import audit
from inventar.services.identity import identity
from inventar.services.items.service import LabelCodeTaken, room_display

PREFIX_KEY = "label_prefix"
ALL_PREFIXES = [a + b for a in LETTERS for b in LETTERS]


class LabelSeriesError(UserError, ValueError):
    """A label series or a number of blank codes cannot be had as asked; the message says why."""


@dataclass(frozen=True)
class LabelData:
    """What one label shows. ``item_id`` is None for a blank (pre-printed) label."""

    code: str
    title: str = ""
    room: str = ""
    item_id: int | None = None


@dataclass(frozen=True)
class ScanResult:
    kind: str  # "item", "reserved", "used", "unknown", "invalid"
    text: str
    code: str = ""
    item_id: int | None = None
    message: str = ""


def _device_name() -> str:
    try:
        return f"{getpass.getuser()}@{socket.gethostname()}"[:200]
    except (KeyError, OSError):
        return socket.gethostname()[:200]


class LabelCodeService:
    def __init__(self, user: str = "") -> None:
        self.user = user or _device_name()

    # -- series --------------------------------------------------------------------
    def series_prefix(self) -> str:
        """This database's series prefix; claims a free one on first use."""
        row = Meta.get_or_none(Meta.key == PREFIX_KEY)
        if row is not None:
            return row.value
        database = Item._meta.database
        with database.atomic():
            if isinstance(getattr(database, "obj", database), PostgresqlDatabase):  # one laptop claims, others wait
                database.execute_sql("SELECT pg_advisory_xact_lock(74658)")
            row = Meta.get_or_none(Meta.key == PREFIX_KEY)
            if row is not None:
                return row.value
            prefix = self.claim_series(identity())  # this database, not the user or the device name
            Meta.create(key=PREFIX_KEY, value=prefix)
        return prefix

    def claim_series(self, device: str, prefix: str | None = None) -> str:
        """Record a new series (a random free prefix unless given) for ``device``; returns the prefix.

        The offline-bundle export calls this on the shared database for each laptop.
        """
        taken = {p for (p,) in LabelSeries.select(LabelSeries.prefix).tuples()}
        if prefix is not None:
            if not is_valid_prefix(prefix):
                raise LabelSeriesError(_("»{prefix}« er ikke et gyldigt serieprefiks (to bogstaver af {letters})",
                                   prefix=prefix, letters=LETTERS))
            if prefix in taken:
                raise LabelSeriesError(_("Serien {prefix} er allerede taget", prefix=prefix))
        else:
            free = [p for p in ALL_PREFIXES if p not in taken]
            if not free:
                raise LabelSeriesError(_("Alle serieprefikser er brugt"))
            prefix = random.SystemRandom().choice(free)
        LabelSeries.create(prefix=prefix, device=device[:200])
        return prefix

    def set_series_prefix(self, prefix: str) -> None:
        """Use ``prefix`` for this database's new codes (claims it when unknown)."""
        with Item._meta.database.atomic():
            if not LabelSeries.select().where(LabelSeries.prefix == prefix).exists():
                self.claim_series(self.user, prefix)
            Meta.set_value(PREFIX_KEY, prefix)

    def allocate(self, count: int) -> list[str]:
        """``count`` new codes in this database's series, never used before."""
        if count <= 0:
            return []
        prefix = self.series_prefix()
        codes: list[str] = []
        with Item._meta.database.atomic():
            while len(codes) < count:
                need = count - len(codes)
                start = LabelSeries.get_by_id(prefix).next_serial
                if start + need - 1 > MAX_SERIAL:
                    raise LabelSeriesError(_("Etiketserien {prefix} har kun {left} koder tilbage, og der skal bruges "
                                             "{need}", prefix=prefix, left=max(MAX_SERIAL - start + 1, 0), need=need))
                updated = (LabelSeries.update(next_serial=LabelSeries.next_serial + need)
                           .where((LabelSeries.prefix == prefix) & (LabelSeries.next_serial == start)).execute())
                if updated != 1:
                    continue  # another laptop took serials in between: read again
                fresh = [make_code(prefix, serial) for serial in range(start, start + need)]
                used = self._existing(fresh)
                codes.extend(c for c in fresh if c not in used)
        return codes

    def next_codes(self, count: int) -> list[str]:
        """The codes :meth:`allocate` would hand out next (for a preview; nothing is reserved)."""
        prefix = self.series_prefix()
        start = LabelSeries.get_by_id(prefix).next_serial
        return [make_code(prefix, serial) for serial in range(start, start + max(0, count))]

    @staticmethod
    def _existing(codes: list[str]) -> set[str]:
        found: set[str] = set()
        for chunk in chunked(codes, IN_CHUNK):
            found.update(c for (c,) in Item.select(Item.label_code).where(Item.label_code.in_(chunk)).tuples())
            found.update(c for (c,) in ReservedCode.select(ReservedCode.code)
                         .where(ReservedCode.code.in_(chunk)).tuples())
            found.update(c for (c,) in ItemPiece.select(ItemPiece.label_code)
                         .where(ItemPiece.label_code.in_(chunk)).tuples())
        return found

    # -- items ---------------------------------------------------------------------
    def assign_missing(self, item_ids: Iterable[int]) -> dict[int, str]:
        """Give every listed item without a code a new one; returns {item id: new code}."""
        ids = list(item_ids)
        with Item._meta.database.atomic():
            missing = [i for (i,) in Item.select(Item.id).where(Item.id.in_(ids) & Item.label_code.is_null())
                       .order_by(Item.id).tuples()] if ids else []
            codes = self.allocate(len(missing))
            for item_id, code in zip(missing, codes):
                Item.update(label_code=code) \
                    .where(Item.id == item_id).execute()  # a versioned change: bundles and open forms see it
                audit.record(self.user, "item", item_id, "update", {"label_code": (None, code)})
        return dict(zip(missing, codes))

    def label_rows(self, item_ids: Iterable[int] | None = None, only_unprinted: bool = False) -> list[LabelData]:
        """The labels of the given items (all items when None), codes assigned where missing."""
        query = Item.select(Item.id)
        if item_ids is not None:
            ids = list(item_ids)
            if not ids:
                return []
            query = query.where(Item.id.in_(ids))
        if only_unprinted:
            query = query.where(Item.label_printed_at.is_null())
        wanted = [i for (i,) in query.tuples()]
        self.assign_missing(wanted)
        rows: list[LabelData] = []
        for chunk in chunked(wanted, IN_CHUNK):
            for item_id, code, title, floor, number, name in (
                    Item.select(Item.id, Item.label_code, Item.title, Room.floor, Room.number, Room.name)
                    .join(Room, JOIN.LEFT_OUTER).where(Item.id.in_(chunk)).order_by(Item.id).tuples()):
                rows.append(LabelData(code, title, room_display(floor, number, name), item_id))
        rows.sort(key=lambda r: r.item_id)
        return rows

    def unprinted_count(self) -> int:
        return Item.select().where(Item.label_printed_at.is_null()).count()

    def mark_printed(self, labels: Iterable[LabelData], when: datetime | None = None) -> None:
        when = when or utcnow()
        labels = list(labels)
        item_ids = [label.item_id for label in labels if label.item_id is not None]
        blanks = [label.code for label in labels if label.item_id is None]
        with Item._meta.database.atomic():
            for chunk in chunked(item_ids, IN_CHUNK):
                Item.update(label_printed_at=when).where(Item.id.in_(chunk)).execute()
            for chunk in chunked(blanks, IN_CHUNK):
                ReservedCode.update(printed_at=when).where(ReservedCode.code.in_(chunk)).execute()

    # -- pre-printed codes ---------------------------------------------------------------
    def reserve_batch(self, count: int) -> list[LabelData]:
        """``count`` fresh codes reserved for blank labels printed ahead of the walk."""
        if count < 0:
            raise LabelSeriesError(_("Antallet af blanke etiketter skal være 0 eller mere"))
        batch = utcnow().strftime("%Y%m%d-%H%M%S")
        with Item._meta.database.atomic():
            codes = self.allocate(count)
            for chunk in chunked(codes, IN_CHUNK):
                ReservedCode.insert_many([{"code": c, "batch": batch, "reserved_by": self.user}
                                          for c in chunk]).execute()
        return [LabelData(code) for code in codes]

    def free_reserved_count(self) -> int:
        return ReservedCode.select().where(ReservedCode.used_at.is_null()).count()

    def take_code(self, code: str, item_id: int) -> str:
        """Give item ``item_id`` the (pre-printed or typed) ``code``; raises when it belongs to another item.

        The registration form calls this after saving a new item whose label was scanned.
        """
        code = normalise(code)
        with Item._meta.database.atomic():
            owner = Item.get_or_none(Item.label_code == code)
            if owner is not None and owner.id != item_id:
                raise LabelCodeTaken(code, owner.id)
            piece = ItemPiece.get_or_none(ItemPiece.label_code == code)
            if piece is not None:
                raise LabelCodeTaken(code, piece.item_id)
            reserved = ReservedCode.get_or_none(ReservedCode.code == code)
            if reserved is not None and reserved.used_at is not None and reserved.item_id not in (None, item_id):
                raise LabelCodeTaken(code, reserved.item_id)
            item = Item.get_by_id(item_id)
            try:
                Item.update(label_code=code, label_printed_at=reserved.printed_at if reserved else None) \
                    .where(Item.id == item_id).execute()
            except IntegrityError as exc:
                raise LabelCodeTaken.for_code(code) from exc
            if reserved is not None:
                ReservedCode.update(item=item_id, used_at=utcnow()).where(ReservedCode.id == reserved.id).execute()
            audit.record(self.user, "item", item_id, "update", {"label_code": (item.label_code, code)})
        return code

    # -- scanning --------------------------------------------------------------------------
    def resolve(self, text: str) -> ScanResult:
        """What a scanned or typed text means: an item, a free pre-printed code, or nothing we know."""
        text = (text or "").strip()
        exact = Item.get_or_none(Item.label_code == text) if text else None  # also codes from before this scheme
        if exact is not None:
            return ScanResult("item", text, text, exact.id)
        try:
            code = normalise(text)
        except LabelCodeError as error:
            return ScanResult("invalid", text, message=str(error))
        item = Item.get_or_none(Item.label_code == code)
        if item is not None:
            return ScanResult("item", text, code, item.id)
        piece = ItemPiece.get_or_none(ItemPiece.label_code == code)
        if piece is not None:  # one piece of a set: the set opens
            return ScanResult("item", text, code, piece.item_id,
                              message=_("{code} er stk. {number} af et sæt", code=code, number=piece.number))
        reserved = ReservedCode.get_or_none(ReservedCode.code == code)
        if reserved is not None and reserved.used_at is None:
            return ScanResult("reserved", text, code,
                              message=_("{code} er en fortrykt etiket uden genstand endnu", code=code))
        if reserved is not None:
            return ScanResult("used", text, code, message=_("{code} er brugt af en genstand, der er slettet",
                                                             code=code))
        return ScanResult("unknown", text, code, message=_("{code} findes ikke i denne database", code=code))
