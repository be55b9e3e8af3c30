"""Peewee models, database opening and schema migrations."""

from inventar.models.database import Store, open_store, db_proxy
from inventar.models.entities import (
    ALL_MODELS,
    AuditEntry,
    Centre,
    Collaboration,
    Decision,
    Floor,
    Item,
    Meta,
    Photo,
    Placement,
    Room,
    Scenario,
    SchemaVersion,
)

__all__ = [
    "ALL_MODELS", "AuditEntry", "Centre", "Collaboration", "Decision", "Floor", "Item", "Meta", "Photo", "Placement", "Room",
    "Scenario", "SchemaVersion", "Store", "db_proxy", "open_store",
]
