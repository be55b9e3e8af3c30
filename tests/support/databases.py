"""Switching the models between two open databases (a laptop and the office) in one test."""

from inventar.models import db_proxy


def use(store):
    db_proxy.initialize(store.db)
    return store


def older_database(path, steps: int):
    """An open SQLite database at ``path`` as the first ``steps`` schema steps left it (for upgrade tests)."""
    from peewee import SqliteDatabase

    from inventar.models import migrations
    from inventar.models.database import SQLITE_PRAGMAS

    db = SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS)
    db.connect()
    migrations.upgrade(db, steps=migrations.STEPS[:steps])
    return db
