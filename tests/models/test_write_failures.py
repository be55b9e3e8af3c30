"""SQLite cannot write (a read-only database file, a full disk): one Danish message, the transaction rolled back,
and still an OperationalError for the code that handles those."""

import subprocess
from contextlib import contextmanager

import pytest
from peewee import OperationalError

from inventar.cli import main
from inventar.domain.items import ItemData
from inventar.models import Item, open_store
from inventar.models.database import DatabaseWriteError
from inventar.services.items.service import ItemService
from tests.support.databases import demo_file
from tests.support.disks import tiny_tmpfs


@contextmanager
def immutable(path):
    """``path`` read-only even for root (the tests run as root in CI): ``chattr +i``, skipped where unsupported."""
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"chattr +i is not possible here: {made.stderr.decode(errors='replace').strip()}")
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=False)


@pytest.fixture
def demo_db(tmp_path):
    return demo_file(tmp_path / "demo.sqlite", items=20, seed=5, unprinted=True)


def test_a_read_only_database_reads_and_refuses_a_write_in_danish(demo_db):
    with immutable(demo_db):
        store = open_store(demo_db)
        try:
            assert Item.select().count() == 20  # reading works
            with pytest.raises(DatabaseWriteError, match="»demo.sqlite« eller dens mappe er skrivebeskyttet") as refused:
                ItemService(user="pedel").create(ItemData(category="chair", title="Ny", no_photo_reason="x"))
            assert isinstance(refused.value, OperationalError)
            assert Item.select().count() == 20
        finally:
            store.close()


def test_a_command_on_a_read_only_database_is_one_danish_line(qapp, demo_db, tmp_path, capsys):
    with immutable(demo_db):
        assert main(["--db", str(demo_db), "labels", "-o", str(tmp_path / "etiketter.pdf"), "--only-unprinted"]) == 1
    err = capsys.readouterr().err
    assert "skrivebeskyttet" in err and "Traceback" not in err and "readonly" not in err
    store = open_store(demo_db)
    try:
        assert not Item.select().where(Item.label_printed_at.is_null(False)).exists()  # nothing marked printed
    finally:
        store.close()


def test_a_full_disk_under_the_database_rolls_the_change_back(tmp_path):
    with tiny_tmpfs(tmp_path, "1m") as disk:
        store = open_store(disk / "lille.sqlite")
        try:
            service = ItemService(user="pedel")
            with pytest.raises(DatabaseWriteError, match="disken er fuld"):
                for batch in range(1000):  # about 60 kB of text a transaction, until the disk is full
                    with Item._meta.database.atomic():
                        for n in range(20):
                            service.create(ItemData(category="chair", title=f"Stol {batch}-{n}",
                                                    description="x" * 3000, no_photo_reason="x"))
            kept = Item.select().count()
            assert kept % 20 == 0 and kept > 0  # whole transactions only: the failed one is rolled back
        finally:
            store.close()


def test_a_lock_held_past_the_busy_timeout_is_said_in_danish(demo_db):
    import sqlite3

    store = open_store(demo_db)
    holder = sqlite3.connect(demo_db, isolation_level=None)
    try:
        store.db.execute_sql("PRAGMA busy_timeout = 200")  # the app waits 10 s; the test need not
        holder.execute("BEGIN IMMEDIATE")  # another laptop's program holds the write lock
        with pytest.raises(DatabaseWriteError, match="databasen er optaget af et andet program"):
            ItemService(user="pedel").create(ItemData(category="chair", title="Ny", no_photo_reason="x"))
        holder.execute("ROLLBACK")
        ItemService(user="pedel").create(ItemData(category="chair", title="Ny", no_photo_reason="x"))  # free again
        assert Item.select().where(Item.title == "Ny").count() == 1
    finally:
        holder.close()
        store.close()
