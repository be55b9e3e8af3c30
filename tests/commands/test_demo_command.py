"""``demo`` refuses a database with real (non-demo) items unless ``--force``; a demo database takes more."""

from __future__ import annotations

from inventar.cli import main
from inventar.models import Item, Room, open_store


def _real_item(path) -> None:
    store = open_store(path)
    try:
        Item.create(category="chair", title="Rigtig stol", room=Room.create(floor=1, number="1.01"))
    finally:
        store.close()


def _count(path) -> int:
    store = open_store(path)
    try:
        return Item.select().count()
    finally:
        store.close()


def test_demo_refuses_real_items_unless_forced(tmp_path, capsys):
    target = tmp_path / "rigtig.sqlite"
    _real_item(target)
    assert main(["--db", str(target), "demo", "--items", "3", "--seed", "1"]) == 1
    assert "--force" in capsys.readouterr().err and _count(target) == 1
    assert main(["--db", str(target), "demo", "--items", "3", "--seed", "1", "--force"]) == 0
    assert _count(target) == 4


def test_demo_adds_to_a_demo_database(tmp_path):
    target = tmp_path / "demo.sqlite"
    assert main(["--db", str(target), "demo", "--items", "3"]) == 0
    assert main(["--db", str(target), "demo", "--items", "2", "--seed", "5"]) == 0
    assert _count(target) == 5
