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


def demo_file(path, items: int, seed: int, unprinted: bool = False):
    """A closed SQLite file at ``path`` with ``items`` demo items (and their photos); ``unprinted``: no label of
    them printed yet."""
    from inventar.models import Item, open_store
    from inventar.services.demo.data import create_demo
    from inventar.services.photos.store import PhotoStore

    store = open_store(path)
    try:
        create_demo(PhotoStore(store.photo_dir), items=items, seed=seed)
        if unprinted:
            Item.update(label_printed_at=None).execute()
    finally:
        store.close()
    return path
