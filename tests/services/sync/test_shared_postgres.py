"""Several laptops on one real PostgreSQL database: no lost update, no code collisions, no half writes."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from peewee import PostgresqlDatabase

from inventar.domain.items import ItemData
from inventar.models import Item, open_store
from inventar.services.items.service import ConflictError, ItemService

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def shared(pg_url, tmp_path):
    store = open_store(pg_url, photo_dir=str(tmp_path / "share"))
    yield store
    store.close()


def test_two_sessions_editing_the_same_item_give_a_conflict_not_a_lost_update(shared):
    service = ItemService(user="anne")
    item_id = service.create(ItemData(category="desk", title="Skrivebord", material="Eg"))
    opened_by_anne = service.get(item_id)
    results: dict[str, object] = {}

    def bent() -> None:  # a second real session: peewee keeps one connection per thread
        with shared.db.connection_context():
            other = ItemService(user="bent")
            detail = other.get(item_id)
            detail.data.material = "Bøg"
            results["bent"] = other.update(item_id, detail.data, detail.row_version)

    thread = threading.Thread(target=bent)
    thread.start()
    thread.join()
    assert results["bent"] == 2

    opened_by_anne.data.title = "Hæve-sænkebord"
    with pytest.raises(ConflictError) as error:
        service.update(item_id, opened_by_anne.data, opened_by_anne.row_version)
    assert error.value.current.data.material == "Bøg"
    assert error.value.current.row_version == 2
    row = Item.get_by_id(item_id)
    assert (row.title, row.material, row.row_version) == ("Skrivebord", "Bøg", 2)


def test_concurrent_saves_in_open_transactions_do_not_lose_an_update(shared):
    """Bent's save waits for Anne's open transaction, then sees the new version and is refused."""
    service = ItemService(user="anne")
    item_id = service.create(ItemData(category="desk", title="Skrivebord"))
    start = service.get(item_id)
    bent_done = threading.Event()
    outcome: dict[str, object] = {}

    def bent() -> None:
        with shared.db.connection_context():
            data = ItemData(**{**start.data.as_dict(), "title": "Bents titel"})
            try:
                ItemService(user="bent").update(item_id, data, start.row_version)
                outcome["bent"] = "saved"
            except ConflictError:
                outcome["bent"] = "conflict"
            bent_done.set()

    with shared.db.atomic():
        service.update(item_id, ItemData(**{**start.data.as_dict(), "title": "Annes titel"}), start.row_version)
        thread = threading.Thread(target=bent)
        thread.start()
        assert not bent_done.wait(0.5)  # blocked on Anne's row lock
    thread.join(10)
    assert outcome["bent"] == "conflict"
    assert Item.get_by_id(item_id).title == "Annes titel"


@pytest.mark.slow
def test_four_laptops_registering_250_items_each_end_with_1000_distinct_codes(pg_url, tmp_path):
    open_store(pg_url, photo_dir=str(tmp_path / "share")).close()  # IT created the database (schema at head)
    started = time.perf_counter()
    processes = [subprocess.Popen([sys.executable, str(ROOT / "tests" / "support" / "concurrent_register.py"), pg_url, "250",
                                   f"laptop{n}", str(tmp_path / "share")],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
                 for n in range(4)]
    outputs = [p.communicate(timeout=240) for p in processes]
    for process, (_out, err) in zip(processes, outputs):
        assert process.returncode == 0, err
    elapsed = time.perf_counter() - started
    db = PostgresqlDatabase(pg_url.rsplit("/", 1)[1], host="127.0.0.1", port=5432, user="postgres")
    try:
        count, codes, nulls = db.execute_sql(
            "SELECT COUNT(*), COUNT(DISTINCT label_code), COUNT(*) - COUNT(label_code) FROM item").fetchone()
        per_laptop = dict(db.execute_sql("SELECT registered_by, COUNT(*) FROM item GROUP BY registered_by")
                          .fetchall())
    finally:
        db.close()
    assert (count, codes, nulls) == (1000, 1000, 0)
    assert per_laptop == {f"laptop{n}": 250 for n in range(4)}
    assert elapsed < 120


def _terminate(pg_url, pid):
    admin = PostgresqlDatabase("test", host="127.0.0.1", port=5432, user="postgres")
    admin.connect()
    admin.execute_sql("SELECT pg_terminate_backend(%s)", (pid,))
    admin.close()


def test_server_gone_mid_save_writes_nothing_and_a_retry_saves_once(shared, pg_url):
    from inventar.services.sync.connection import ConnectionLostError, guarded, reconnect

    service = ItemService(user="anne")
    service.create(ItemData(category="chair", title="Før"))
    pid = shared.db.execute_sql("SELECT pg_backend_pid()").fetchone()[0]

    def save():
        with shared.db.atomic():
            service.create(ItemData(category="chair", title="Ny"))
            _terminate(pg_url, pid)  # the server drops us between the item and its audit entry
            service.create(ItemData(category="chair", title="Nummer to"))

    with pytest.raises(ConnectionLostError) as error:
        guarded(shared.db, save)
    assert "afbrudt" in str(error.value) and "bevaret" in str(error.value)
    reconnect(shared.db)
    assert [i.title for i in Item.select()] == ["Før"]  # nothing half-written
    guarded(shared.db, lambda: service.create(ItemData(category="chair", title="Ny")))
    assert sorted(i.title for i in Item.select()) == ["Før", "Ny"]


def test_reconnect_while_the_server_is_unreachable_says_so(shared):
    from inventar.services.sync.connection import ConnectionLostError, reconnect

    shared.db.connect_params["port"] = 1  # nothing listens there: like a server that is down
    with pytest.raises(ConnectionLostError):
        reconnect(shared.db)
    shared.db.connect_params["port"] = 5432
    reconnect(shared.db)
    assert Item.select().count() == 0
