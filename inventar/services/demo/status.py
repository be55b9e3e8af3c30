"""Is this a demo database, and does it hold real registrations?  Where the separate demo file lives.

Demo data goes only into a database of its own (``inventar-demo.sqlite`` in the data folder, beside the
default ``inventar.sqlite``): the GUI switches to that file, and the ``demo`` command refuses a database
with real (non-demo) items unless ``--force``.
"""

from __future__ import annotations

from pathlib import Path

from inventar.models import Item, Meta, Room
from inventar.paths import data_dir

DEMO_FILE = "inventar-demo.sqlite"


def demo_database_path() -> Path:
    """The separate demo database file."""
    return data_dir() / DEMO_FILE


def is_demo_database() -> bool:
    """The open database was filled with demo data (the ``demo`` flag in Meta)."""
    return Meta.get_value("demo") == "1"


def real_item_count() -> int:
    """Items that are not demo data: real registrations a demo must never be mixed into."""
    return Item.select().where(Item.is_demo == False).count()  # noqa: E712 (peewee expression)


def item_count() -> int:
    return Item.select().count()


def has_rooms() -> bool:
    """At least one room of the old building exists (else the app is on its first run)."""
    return Room.select().exists()
