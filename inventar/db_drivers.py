"""peewee without its eager PostgreSQL driver import: psycopg loads when a PostgreSQL database is made.

peewee imports psycopg (and looks for psycopg2) the moment it is imported, whatever database is
opened: 0.1-0.2 s of every start of an SQLite laptop, for a driver it never uses.  The package
imports this module first (``inventar/__init__.py``), so peewee is imported with those drivers
hidden; :func:`load_postgres_driver` then gives peewee psycopg exactly as its own import would
have, and runs whenever a :class:`peewee.PostgresqlDatabase` is made (``open_store`` with a
``postgresql://`` URL, the connection probe, tests), before peewee picks its driver adapter.
If peewee was imported before Inventar (with its drivers), nothing here changes anything.
tests/test_startup.py checks both halves: no psycopg in a started GUI, and a PostgreSQL store
opened in a fresh process.
"""

from __future__ import annotations

import sys

_POSTGRES_DRIVERS = ("psycopg", "psycopg2", "psycopg2cffi")  # what peewee tries at its import


def _import_peewee_without_postgres_drivers():
    if "peewee" in sys.modules:
        return sys.modules["peewee"]
    hidden = [name for name in _POSTGRES_DRIVERS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # "import psycopg" raises ImportError, which peewee expects without one
    try:
        import peewee
    finally:
        for name in hidden:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]
    return peewee


peewee = _import_peewee_without_postgres_drivers()


def load_postgres_driver() -> None:
    """Import psycopg and hand it to peewee (as peewee's own import would have); idempotent."""
    if peewee.psycopg is not None:
        return
    try:
        import psycopg
        from psycopg.pq import TransactionStatus
        from psycopg.types.json import Json, Jsonb
    except ImportError:
        return  # no driver installed: peewee reports that when connecting, as it always did
    peewee.TransactionStatus = TransactionStatus
    peewee.Json_pg3, peewee.Jsonb_pg3 = Json, Jsonb
    adapter = peewee.Psycopg3Adapter  # its transaction states are class attributes set at peewee's import
    adapter.txn_idle = TransactionStatus.IDLE
    adapter.txn_inerror = TransactionStatus.INERROR
    adapter.txn_unknown = TransactionStatus.UNKNOWN
    peewee.psycopg = psycopg  # last: peewee checks this one to choose the psycopg 3 adapter


if peewee.psycopg is None and not getattr(peewee.PostgresqlDatabase.init, "loads_driver", False):
    _init = peewee.PostgresqlDatabase.init

    def _init_loading_driver(self, database, *args, **kwargs):
        load_postgres_driver()
        _init(self, database, *args, **kwargs)

    _init_loading_driver.loads_driver = True
    peewee.PostgresqlDatabase.init = _init_loading_driver
