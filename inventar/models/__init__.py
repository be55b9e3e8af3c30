"""Peewee models, database opening and schema migrations."""

from inventar.models.database import IN_CHUNK, Store, db_proxy, open_store
from inventar.models.entities import (
    ALL_MODELS,
    AuditEntry,
    Centre,
    Collaboration,
    Decision,
    Floor,
    FurnishingNorm,
    Item,
    ItemPiece,
    LabelSeries,
    LabelTemplate,
    Meta,
    Need,
    Photo,
    Placement,
    ReservedCode,
    Room,
    Scenario,
    SchemaVersion,
    Vote,
)

__all__ = [
    "ALL_MODELS", "IN_CHUNK", "AuditEntry", "Centre", "Collaboration", "Decision", "Floor", "FurnishingNorm", "Item",
    "ItemPiece", "LabelSeries", "LabelTemplate", "Meta", "Need", "Photo", "Placement", "ReservedCode", "Room",
    "Scenario", "SchemaVersion", "Store", "Vote", "db_proxy", "open_store",
]
