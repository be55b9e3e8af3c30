"""The audit trail: every change of an item or a decision is one entry per field."""

from __future__ import annotations

import json
from typing import Any

from inventar.models import AuditEntry


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def record(who: str, entity: str, entity_id: int, action: str,
           changes: dict[str, tuple[Any, Any]] | None = None) -> None:
    """Write the entries of one change (call inside the change's transaction)."""
    rows = [
        {"who": who, "entity": entity, "entity_id": entity_id, "action": action,
         "field": name, "before": _text(before), "after": _text(after)}
        for name, (before, after) in (changes or {}).items()
    ] or [{"who": who, "entity": entity, "entity_id": entity_id, "action": action}]
    AuditEntry.insert_many(rows).execute()


def history(entity: str, entity_id: int) -> list[AuditEntry]:
    return list(
        AuditEntry.select()
        .where((AuditEntry.entity == entity) & (AuditEntry.entity_id == entity_id))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
