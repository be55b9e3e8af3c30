"""Every value in a bundle is checked before anything is written: like the form and the Excel import do.

Per table spec (so a new table in :data:`~inventar.services.sync.bundle_format.TABLES` is checked too):
each travelling column's value must have its column's type (whole number, number, yes/no, text no
longer than the column, a date), text must not contain control characters (NUL), and a reference must
point at a row that is either here already or in the bundle.  Then a table's own rule runs on the row:
items go through :meth:`inventar.domain.items.ItemData.validated` (the form's and the Excel import's
validation), decisions through the decision vocabulary.  A bundle with any bad row is refused as a
whole, with one Danish line per row (table, key, field, reason).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Iterable
from datetime import datetime
from typing import Any

from peewee import BooleanField, CharField, DateTimeField, FloatField, ForeignKeyField, IntegerField, TextField

from inventar.domain.items import ItemData, ValidationError, check_text, parse_quantity
from inventar.domain.vocabulary import APPROVAL_STATES, DECISION_KINDS, DISPOSAL_ROUTES
from inventar.i18n import _
from inventar.services.sync.bundle_format import TABLES, BundleError, TableSpec, row_key

INT_LIMIT = 2**31 - 1  # PostgreSQL's integer
FLOAT_LIMIT = 1e12
TEXT_FIELD_LIMIT = 20_000
SHOWN = 20  # problems named in the message; the rest are counted
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class InvalidBundle(BundleError):
    """Rows of a bundle have values the form would not accept; nothing was written. ``problems``: one per row."""

    def __init__(self, problems: list[str]) -> None:
        shown = "; ".join(problems[:SHOWN])
        more = len(problems) - SHOWN
        text = _("Bundtet er ikke indlæst, fordi {count} rækker har ugyldige værdier: {problems}",
                 count=len(problems), problems=shown)
        if more > 0:
            text += " " + _("(og {more} mere)", more=more)
        super().__init__(text)
        self.problems = problems


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _field_problem(spec: TableSpec, f, value: Any, exists: Callable[[str, tuple], bool],
                   in_bundle: dict[str, set[tuple]]) -> str | None:
    """Why ``value`` cannot go into column ``f`` (None when it can)."""
    if value is None:
        return None if f.null else _("mangler")
    if isinstance(f, ForeignKeyField):
        target = f.rel_model._meta.table_name
        if not isinstance(value, list) or not value or not all(_scalar(v) for v in value):
            return _("skal være nøglen til en række i {table}", table=target)
        key = tuple(value)
        if key not in in_bundle.get(target, set()) and not exists(target, key):
            return _("peger på {table} {key}, som hverken findes her eller i bundtet", table=target,
                     key="/".join(str(v) for v in key))
        return None
    if isinstance(f, BooleanField):
        return None if isinstance(value, bool) or value in (0, 1) else _("skal være ja eller nej")
    if isinstance(f, IntegerField):
        if isinstance(value, bool) or not isinstance(value, int):
            return _("skal være et helt tal (fik {value})", value=repr(value)[:40])
        return None if abs(value) <= INT_LIMIT else _("tallet er for stort")
    if isinstance(f, FloatField):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return _("skal være et tal (fik {value})", value=repr(value)[:40])
        return None if math.isfinite(value) and abs(value) <= FLOAT_LIMIT else _("tallet er for stort")
    if isinstance(f, DateTimeField):
        if not isinstance(value, str):
            return _("skal være et tidspunkt")
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return _("»{value}« er ikke et tidspunkt", value=value[:40])
        return None
    if isinstance(f, (CharField, TextField)):
        if not isinstance(value, str):
            return _("skal være tekst")
        if "\x00" in value or _CONTROL.search(value) or (isinstance(f, CharField) and ("\n" in value or "\r" in value)):
            return _("indeholder et ugyldigt tegn (kontroltegn)")
        limit = f.max_length if isinstance(f, CharField) and f.max_length else TEXT_FIELD_LIMIT
        return None if len(value) <= limit else _("højst {limit} tegn (fik {count})", limit=limit, count=len(value))
    return None if _scalar(value) else _("har en ugyldig værdi")


def _item_rule(record: dict[str, Any], known_criteria: Collection[str]) -> tuple[str, str] | None:
    """The form's validation of an item row: (field, message) or None."""
    criteria = record.get("strategy_criteria") or ""
    values = {name: record.get(name) for name in ("category", "title", "description", "manufacturer", "model_name",
                                                  "period", "material", "colour", "width_cm", "depth_cm",
                                                  "height_cm", "quantity", "condition", "hidden_gold",
                                                  "hidden_gold_reason", "no_photo_reason", "registered_by")
              if name in record}
    try:
        ItemData(**values, strategy_criteria=[c for c in str(criteria).split(",") if c]).validated(known_criteria)
    except ValidationError as exc:
        return exc.field, exc.message
    return None


def _decision_rule(record: dict[str, Any], known_criteria: Collection[str]) -> tuple[str, str] | None:
    if record.get("kind") not in DECISION_KINDS:
        return "kind", _("ukendt beslutning »{value}«", value=str(record.get("kind"))[:40])
    if record.get("route") not in ("", None, *DISPOSAL_ROUTES):
        return "route", _("ukendt afhændelsesvej »{value}«", value=str(record.get("route"))[:40])
    if record.get("approval") not in (None, *APPROVAL_STATES):
        return "approval", _("ukendt godkendelse »{value}«", value=str(record.get("approval"))[:40])
    try:
        if record.get("quantity") is not None:
            parse_quantity(record["quantity"])
        check_text("reason", record.get("reason"), TEXT_FIELD_LIMIT, multiline=True)
    except ValidationError as exc:
        return exc.field, exc.message
    return None


def _photo_rule(record: dict[str, Any], known_criteria: Collection[str]) -> tuple[str, str] | None:
    if not isinstance(record.get("file_hash"), str) or not re.fullmatch(r"[0-9a-f]{64}", record["file_hash"]):
        return "file_hash", _("er ikke en gyldig fotonøgle")
    return None


# A table's own rule beyond the column types (tables without one are checked by type and reference only).
RULES: dict[str, Callable[[dict[str, Any], Collection[str]], tuple[str, str] | None]] = {
    "item": _item_rule,
    "decision": _decision_rule,
    "photo": _photo_rule,
}


def bundle_problems(rows: dict[str, list[dict[str, Any]]], exists: Callable[[str, tuple], bool],
                    known_criteria: Collection[str], tables: Iterable[TableSpec] = TABLES) -> list[str]:
    """One Danish line per bad row (table, key, field, reason); empty when every row may be imported."""
    tables = list(tables)
    in_bundle: dict[str, set[tuple]] = {}
    for spec in tables:
        keys = set()
        for record in rows.get(spec.name, []):
            key = row_key(spec, record)
            if all(_scalar(v) or (isinstance(v, tuple) and all(_scalar(x) for x in v)) for v in key):
                keys.add(key)
        in_bundle[spec.name] = keys
    problems: list[str] = []
    for spec in tables:
        entity_col, id_col = spec.polymorphic
        for record in rows.get(spec.name, []):
            key_text = "/".join(str(v) for v in row_key(spec, record))[:80]
            found = None
            for f in spec.fields():
                if f.column_name not in record or f.column_name == id_col:
                    continue
                reason = _field_problem(spec, f, record[f.column_name], exists, in_bundle)
                if reason is not None:
                    found = (f.column_name, reason)
                    break
            if found is None and entity_col and id_col:
                value = record.get(id_col)
                if value is not None and not (isinstance(value, list) and all(_scalar(v) for v in value)) \
                        and not isinstance(value, int):
                    found = (id_col, _("har en ugyldig værdi"))
            if found is None and spec.name in RULES:
                found = RULES[spec.name](record, known_criteria)
            if found is not None:
                problems.append(_("{table} {key}, feltet {field}: {reason}", table=spec.name, key=key_text,
                                  field=found[0], reason=found[1]))
    return problems


def check_bundle_rows(rows: dict[str, list[dict[str, Any]]], exists: Callable[[str, tuple], bool],
                      known_criteria: Collection[str]) -> None:
    """Raise :class:`InvalidBundle` when any row is bad (see :func:`bundle_problems`)."""
    problems = bundle_problems(rows, exists, known_criteria)
    if problems:
        raise InvalidBundle(problems)
