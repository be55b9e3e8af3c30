"""Turning a lost-update attempt into a :class:`Conflict`, and versioned saves of decisions.

``ItemService.update`` raises :class:`ConflictError` with the other user's
version; :func:`item_conflict` pairs it with the form's data field by field.
Decisions are saved through :func:`update_decision`, which checks
``row_version`` the same way and raises :class:`VersionConflictError`.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from inventar.domain.items import ItemData
from inventar.domain.sync import Conflict, compare, value_text
from inventar.errors import UserError
from inventar.i18n import _
from inventar.models import Decision, Item, Room
from inventar.models.entities import utcnow
from inventar.services import audit
from inventar.services.items.service import EDITABLE_FIELDS, ConflictError, ItemDetail, NotFoundError, room_display

DECISION_FIELDS = ["kind", "route", "reason", "quantity", "decided_by", "approval", "meeting_ref", "approved_at"]


class VersionConflictError(UserError, RuntimeError):
    """A versioned row changed since it was opened; ``current`` holds its fields now."""

    def __init__(self, entity: str, row_id: int, current: dict[str, Any], current_version: int) -> None:
        self.entity = entity
        self.row_id = row_id
        self.current = current
        self.current_version = current_version
        super().__init__(_("Rækken er ændret af en anden, siden du åbnede den"))


def _room_text_factory():
    cache: dict[int, str] = {}

    def text(name: str, value: Any) -> str:
        if name == "room_id" and value is not None:
            if value not in cache:
                room = Room.get_or_none(Room.id == value)
                cache[value] = room_display(room.floor, room.number, room.name) if room else f"#{value}"
            return cache[value]
        return value_text(name, value)

    return text


def item_values(data: ItemData) -> dict[str, Any]:
    values = asdict(data)
    values["strategy_criteria"] = list(values.get("strategy_criteria") or [])
    return {name: values.get(name) for name in EDITABLE_FIELDS}


def item_conflict(mine: ItemData, error: ConflictError, base: ItemData | None = None) -> Conflict:
    """The form's data against the version another user saved (``error.current``)."""
    theirs: ItemDetail | None = error.current
    if theirs is None:
        raise NotFoundError(error.item_id)
    mine_values = item_values(mine)
    theirs_values = item_values(theirs.data)
    fields = compare(mine_values, theirs_values, EDITABLE_FIELDS,
                     item_values(base) if base is not None else None, _room_text_factory())
    title = theirs.data.title or theirs.label_code or _("Genstand {id}", id=theirs.id)
    return Conflict("item", theirs.label_code or theirs.uuid, title, mine_values, theirs_values,
                    theirs.row_version, fields, theirs_at=theirs.updated_at)


def resolved_item_data(conflict: Conflict, choices: dict[str, str], mine: ItemData) -> ItemData:
    """``mine`` with the fields chosen as »theirs« replaced; save it with ``conflict.theirs_version``."""
    merged = conflict.resolve(choices)
    values = mine.as_dict()
    values.update({name: merged[name] for name in EDITABLE_FIELDS})
    return ItemData(**values)


# -- decisions -----------------------------------------------------------------------------
def decision_values(decision: Decision) -> dict[str, Any]:
    return {name: getattr(decision, name) for name in DECISION_FIELDS}


def update_decision(decision_id: int, values: dict[str, Any], expected_version: int, user: str) -> int:
    """Save ``values`` on a decision unless someone else saved it since ``expected_version``."""
    unknown = set(values) - set(DECISION_FIELDS)
    if unknown:
        raise ValueError(f"Unknown decision fields: {sorted(unknown)}")
    with Decision._meta.database.atomic():
        old = Decision.get_or_none(Decision.id == decision_id)
        if old is None:
            raise NotFoundError(decision_id)
        changes = {n: (getattr(old, n), v) for n, v in values.items() if getattr(old, n) != v}
        updated = (Decision.update(**values, decided_at=utcnow())
                   .where((Decision.id == decision_id) & (Decision.row_version == expected_version)).execute())
        if updated != 1:
            current = Decision.get_by_id(decision_id)
            raise VersionConflictError("decision", decision_id, decision_values(current), current.row_version)
        if changes:
            audit.record(user, "decision", decision_id, "update", changes)
    return expected_version + 1


def decision_conflict(mine: dict[str, Any], error: VersionConflictError,
                      base: dict[str, Any] | None = None) -> Conflict:
    decision = Decision.get_by_id(error.row_id)
    item = Item.get_by_id(decision.item_id)
    title = _("Beslutning for {item}", item=item.title or item.label_code or item.uuid)
    fields = compare(mine, error.current, [name for name in DECISION_FIELDS if name in mine], base)
    return Conflict("decision", decision.uuid or str(decision.id), title, dict(mine), dict(error.current),
                    error.current_version, fields, theirs_by=decision.decided_by, theirs_at=decision.decided_at)
