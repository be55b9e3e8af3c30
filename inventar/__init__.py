"""Inventar: registration, review and reuse planning of furniture for the new town hall.

The package is split in layers:

* ``inventar.domain``   – plain values, vocabularies and validation (no I/O, no Qt)
* ``inventar.models``   – peewee models, database opening and schema migrations
* ``inventar.services`` – the operations the app and the CLI perform (the only place running queries)
* ``inventar.ui``       – Qt widgets and item models (the only package importing PySide6 widgets)
"""

__version__ = "0.1.0"
APP_NAME = "Inventar"
ORG_NAME = "Høje-Taastrup Kommune"

# Before anything imports peewee: peewee without its eager PostgreSQL driver import (see there).
from inventar import db_drivers  # noqa: E402,F401
