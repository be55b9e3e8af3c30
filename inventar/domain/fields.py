"""The one Danish name of every item and decision field.

Forms, history and audit texts, the conflict dialog, table headers and Excel headers all name a
field from :data:`FIELD_LABELS`, so one field has one name everywhere.  Keys are the field names
as stored and audited (``room_id``, ``target_centre_id``); a few shown-only values (``photo_count``,
``target``, ``votes``) are named here too.  The names are Danish; :func:`field_label` translates,
Excel headers use them untranslated (they are the import's contract).
"""

from __future__ import annotations

from inventar.i18n import _

FIELD_LABELS: dict[str, str] = {
    # the item
    "label_code": "Etiketkode",
    "category": "Kategori",
    "title": "Betegnelse",
    "description": "Beskrivelse",
    "manufacturer": "Producent/designer",
    "model_name": "Model",
    "period": "Periode",
    "material": "Materiale",
    "colour": "Farve",
    "width_cm": "Bredde (cm)",
    "depth_cm": "Dybde (cm)",
    "height_cm": "Højde (cm)",
    "quantity": "Antal",
    "condition": "Stand",
    "room_id": "Rum",
    "strategy_criteria": "Strategikriterier",
    "hidden_gold": "Gemt guld",
    "hidden_gold_reason": "Begrundelse for gemt guld",
    "no_photo_reason": "Begrundelse for manglende foto",
    "registered_by": "Registreret af",
    "registered_at": "Registreret",
    "updated_at": "Opdateret",
    "photo_count": "Fotos",
    # its place in the new town hall
    "target_centre_id": "Målcenter",
    "target_floor_id": "Måletage",
    "target": "Nyt rådhus",  # centre and floor together, as the lists show them
    # a decision (part) on it
    "kind": "Beslutning",
    "route": "Rute",
    "reason": "Begrundelse",
    "decided_by": "Besluttet af",
    "approval": "Godkendelse",
    "meeting_ref": "Mødereference",
    "approved_at": "Godkendelsesdato",
    "reopen_reason": "Begrundelse for genåbning",
    "votes": "Stemmer",
}


def field_label(name: str) -> str:
    """The translated name of field ``name`` (the name itself when it has none)."""
    return _(FIELD_LABELS.get(name, name))
