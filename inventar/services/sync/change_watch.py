"""A cheap check whether anyone changed the data since the list was loaded.

Every change writes an audit entry, and items carry ``updated_at``; comparing a
few aggregates (indexed columns, no row data) costs well under a millisecond on
SQLite and one round trip on PostgreSQL, so the list can poll it every few
seconds and reload only when it changed.
"""

from __future__ import annotations

from peewee import fn

from inventar.models import AuditEntry, Item, Photo

Fingerprint = tuple


def fingerprint() -> Fingerprint:
    """(item count, newest item change, newest item id, newest audit entry, photo count)."""
    items = Item.select(fn.COUNT(Item.id), fn.MAX(Item.updated_at), fn.MAX(Item.id)).tuples().get()
    audit = AuditEntry.select(fn.MAX(AuditEntry.id)).scalar()
    photos = Photo.select(fn.COUNT(Photo.id)).scalar()
    return (*items, audit, photos)
