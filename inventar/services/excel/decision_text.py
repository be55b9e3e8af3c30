"""The current decision of every item as one short Danish text, for the register's »Beslutning« column."""

from __future__ import annotations

from inventar.domain.vocabulary import APPROVAL_STATES, DECISION_KINDS, DISPOSAL_ROUTES
from inventar.i18n import _
from inventar.models import Decision


def decision_texts() -> dict[int, str]:
    """Item id -> "Genbrug (Godkendt)", "Kassér: Sælges (Foreslået)", or for a split item its parts
    "4 stk. Genbrug (Godkendt); 2 stk. Kassér: Skrottes (Ikke indstillet)"."""
    parts: dict[int, list[tuple[int | None, str]]] = {}
    query = (Decision.select(Decision.item, Decision.kind, Decision.route, Decision.approval, Decision.quantity)
             .order_by(Decision.item, Decision.id).tuples())
    for item_id, kind, route, approval, quantity in query:
        text = _(DECISION_KINDS.get(kind, kind))
        if route:
            text += ": " + _(DISPOSAL_ROUTES.get(route, route))
        text += f" ({_(APPROVAL_STATES.get(approval, approval))})"
        parts.setdefault(item_id, []).append((quantity, text))
    return {item_id: "; ".join(text if quantity is None else _("{n} stk. {text}", n=quantity, text=text)
                               for quantity, text in rows)
            for item_id, rows in parts.items()}
