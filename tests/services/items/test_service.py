"""The item service: create, read, list, optimistic locking, audit trail."""

import pytest

from inventar.domain.items import ItemData, ValidationError
from inventar.models import AuditEntry, Item, Photo, Room
from inventar.services import audit
from inventar.services.items.service import ConflictError, ItemService, NotFoundError


@pytest.fixture
def service(store):
    return ItemService(user="Bente")


@pytest.fixture
def room(store):
    return Room.create(floor=2, number="2.10", name="Projektrum")


def test_create_and_read_back(service, room):
    item_id = service.create(ItemData(category="meeting_table", title="Byrådsbord", width_cm="480", depth_cm="140",
                                      height_cm="74", quantity=1, condition=4, room_id=room.id,
                                      strategy_criteria=["story", "craftsmanship"], material="Eg massiv"))
    detail = service.get(item_id)
    assert detail.data.title == "Byrådsbord"
    assert (detail.data.width_cm, detail.data.depth_cm, detail.data.height_cm) == (480.0, 140.0, 74.0)
    assert detail.data.strategy_criteria == ["story", "craftsmanship"]
    assert detail.room == "2.10 Projektrum"
    assert detail.data.registered_by == "Bente"
    assert len(detail.uuid) == 36
    assert [e.action for e in audit.history("item", item_id)] == ["create"]


def test_invalid_item_is_not_written(service):
    with pytest.raises(ValidationError):
        service.create(ItemData(category="chair", quantity=0))
    with pytest.raises(ValidationError, match="Rum: det valgte rum findes ikke"):
        service.create(ItemData(category="chair", room_id=999))
    assert Item.select().count() == 0
    assert AuditEntry.select().count() == 0


def test_list_rows_carry_search_text_photo_count_and_primary(service, room):
    first = service.create(ItemData(category="chair", title="Syveren", colour="Sennepsgul", room_id=room.id))
    service.create(ItemData(category="desk", title="Hæve-sænkebord", quantity=12))
    Photo.create(item=first, file_hash="aa", is_primary=False, position=1)
    Photo.create(item=first, file_hash="bb", is_primary=True, position=0)
    rows = {row.id: row for row in service.list_rows()}
    assert rows[first].photo_count == 2 and rows[first].primary_photo == "bb"
    assert "sennepsgul" in rows[first].search_text and "stol" in rows[first].search_text
    assert "projektrum" in rows[first].search_text
    assert service.count() == (2, 13)


def test_update_records_each_changed_field(service):
    item_id = service.create(ItemData(category="chair", title="Stol", quantity=4))
    data = service.get(item_id).data
    data.title, data.quantity = "Myren", 6
    assert service.update(item_id, data, expected_version=1) == 2
    changes = {(e.field, e.before, e.after) for e in audit.history("item", item_id) if e.action == "update"}
    assert changes == {("title", "Stol", "Myren"), ("quantity", "4", "6")}
    assert all(e.who == "Bente" for e in audit.history("item", item_id))


def test_stale_update_is_a_conflict_not_a_lost_update(service):
    item_id = service.create(ItemData(category="chair", title="Stol"))
    mine = service.get(item_id)
    theirs = service.get(item_id)
    theirs.data.title = "Skrevet af en anden"
    service.update(item_id, theirs.data, theirs.row_version)
    mine.data.title = "Mit navn"
    with pytest.raises(ConflictError) as conflict:
        service.update(item_id, mine.data, mine.row_version)
    assert conflict.value.current.data.title == "Skrevet af en anden"
    assert service.get(item_id).data.title == "Skrevet af en anden"


def test_missing_item(service):
    with pytest.raises(NotFoundError, match="findes ikke længere \\(id 12345\\)") as missing:
        service.get(12345)
    assert missing.value.key == 12345


def _first_rows_match_the_list(service, room) -> None:
    """``list_rows(first=n, ...)`` gives the rows the item list starts with when sorted that way (what a start
    shows while it loads the rest): by label code, no code counting as the lowest, ties in id order."""
    coded = [service.create(ItemData(category="chair", title=f"Stol {n}", room_id=room.id), label_code=code)
             for n, code in enumerate(["HTK-AA0002-X", "HTK-ZZ0001-X", "HTK-MM0003-X"])]
    uncoded = [service.create(ItemData(category="desk", title=f"Bord {n}")) for n in range(3)]
    Photo.create(item=uncoded[0], file_hash="cc", is_primary=True, position=0)
    full = service.list_rows()
    for descending in (True, False):
        expected = sorted(full, key=lambda row: row.label_code, reverse=descending)
        for first in (2, 4, 5):
            assert service.list_rows(first, by_code=True, descending=descending) == expected[:first]
    assert service.list_rows(4) == full[:4]  # id order
    assert [row.id for row in service.list_rows(6, by_code=True, descending=True)] == [coded[1], coded[2], coded[0],
                                                                                       *uncoded]
    assert [row.id for row in service.list_rows(6, by_code=True)] == [*uncoded, coded[0], coded[2], coded[1]]


def test_the_first_rows_of_the_list(service, room):
    _first_rows_match_the_list(service, room)


def test_the_first_rows_of_the_list_on_postgresql(pg_url):
    from inventar.models import open_store

    store = open_store(pg_url)
    try:
        _first_rows_match_the_list(ItemService(user="Bente"), Room.create(floor=2, number="2.10", name="Projekt"))
    finally:
        store.close()
