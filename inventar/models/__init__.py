"""Peewee models, database opening and schema migrations."""

from inventar.models.database import Store, open_store, db_proxy
from inventar.models.entities import (
    ALL_MODELS,
    AuditEntry,
    Centre,
    Collaboration,
    Decision,
    Floor,
    FurnishingNorm,
    Item,
    LabelSeries,
    LabelTemplate,
    Meta,
    Need,
    Photo,
    ReservedCode,
    Placement,
    Room,
    Scenario,
    SchemaVersion,
    Vote,
)

__all__ = [
    "ALL_MODELS", "AuditEntry", "Centre", "Collaboration", "Decision", "Floor", "FurnishingNorm", "Item",
    "LabelSeries", "LabelTemplate", "Meta", "Need", "Photo", "Placement", "ReservedCode", "Room", "Scenario",
    "SchemaVersion", "Store", "Vote", "db_proxy", "open_store",
]
