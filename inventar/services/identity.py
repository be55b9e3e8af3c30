"""This database's own identity: a random id made once, never copied by bundles (unlike a device name,
which two laptops seeded from the same bundle, or two laptops with the same name, share)."""

from __future__ import annotations

import socket
import uuid

from inventar.models import Meta

DATABASE_ID_KEY = "database_id"


def database_id() -> str:
    """The id, made on first use; two processes making it at once agree on the first one written."""
    value = Meta.get_value(DATABASE_ID_KEY)
    if value is None:
        Meta.insert(key=DATABASE_ID_KEY, value=str(uuid.uuid4())).on_conflict_ignore().execute()
        value = Meta.get_value(DATABASE_ID_KEY)
    return value


def identity() -> str:
    """How a label series names its owner: the computer and this database's id (»laptop-7 · 3f2a9c1e«)."""
    return f"{socket.gethostname()[:180]} · {database_id()[:8]}"
