"""The current decision of every item as one short Danish text, for the register's »Beslutning« column."""

from __future__ import annotations

from inventar.domain.vocabulary import APPROVAL_STATES, DECISION_KINDS, DISPOSAL_ROUTES
from inventar.i18n import _
from inventar.models import Centre, Decision


def decision_texts() -> dict[int, str]:
    """Item id -> "Genbrug (Godkendt)", "Kassér: Sælges (Foreslået)", or for a split item its parts
    "4 stk. Genbrug → BU (Godkendt); 2 stk. Kassér: Skrottes (Ikke indstillet)" (→ a part's own target centre)."""
    parts: dict[int, list[tuple[int | None, str]]] = {}
    centres = dict(Centre.select(Centre.id, Centre.abbreviation).tuples())
    query = (Decision.select(Decision.item, Decision.kind, Decision.route, Decision.approval, Decision.quantity,
                             Decision.target_centre)
             .order_by(Decision.item, Decision.id).tuples())
    for item_id, kind, route, approval, quantity, centre in query:
        text = _(DECISION_KINDS.get(kind, kind))
        if route:
            text += ": " + _(DISPOSAL_ROUTES.get(route, route))
        if centre is not None:
            text += " " + _("→ {centre}", centre=centres.get(centre, centre))
        text += f" ({_(APPROVAL_STATES.get(approval, approval))})"
        parts.setdefault(item_id, []).append((quantity, text))
    return {item_id: "; ".join(text if quantity is None else _("{n} stk. {text}", n=quantity, text=text)
                               for quantity, text in rows)
            for item_id, rows in parts.items()}
