"""Write transactions that serialise writers of the same rows, on SQLite and PostgreSQL alike.

A read-modify-write (decide on 200 items, split, vote, approve) must not interleave with another
process doing the same: both would read "no decision yet" and both would insert one. So:

* :func:`write_transaction` starts the transaction with the write lock on SQLite (every store begins
  ``IMMEDIATE``: a second writer waits up to the busy timeout instead of reading stale rows);
* :func:`lock_rows` takes row locks on PostgreSQL (``SELECT … FOR UPDATE`` in id order, so two
  writers never deadlock); on SQLite the transaction's write lock already covers every row.

A caller that compares what it read before with what it finds once it holds the lock can tell the
user that someone else just changed the same rows (see ``DecisionService._apply``).
"""

from __future__ import annotations

from collections.abc import Iterable

from peewee import Model, PostgresqlDatabase, chunked

from inventar.models.base import db_proxy

CHUNK = 500  # ids per IN (...): far below SQLite's variable limit


def write_transaction():
    """``with write_transaction():`` – an ``atomic()`` block that holds the write lock from its start.

    Every SQLite store begins its transactions ``IMMEDIATE`` (:func:`inventar.models.database.open_store`),
    so this is ``atomic()``; the name says why the caller needs one. Nested inside another transaction it
    is a savepoint of that one.
    """
    return db_proxy.obj.atomic()


def lock_rows(model: type[Model], ids: Iterable[int]) -> None:
    """Lock the rows ``ids`` of ``model`` until the transaction ends (PostgreSQL; a no-op on SQLite)."""
    db = db_proxy.obj
    if not isinstance(db, PostgresqlDatabase):
        return
    pk = model._meta.primary_key
    for chunk in chunked(sorted(set(ids)), CHUNK):
        list(model.select(pk).where(pk.in_(chunk)).order_by(pk).for_update().tuples())


BUNDLE_IMPORT_LOCK = 74659  # an advisory lock key of our own (the label series use 74658)


def lock_imports() -> None:
    """Serialise bundle imports on PostgreSQL for the rest of the transaction (on SQLite the
    transaction's write lock already does)."""
    db = db_proxy.obj
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (BUNDLE_IMPORT_LOCK,))
