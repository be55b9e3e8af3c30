"""Registration through the service layer: required fields, gemt guld, photos in the same transaction."""

import pytest
from peewee import IntegrityError

from inventar.domain.items import ItemData, ValidationError
from inventar.domain.registration import load_strategy
from inventar.models import Item, Photo, Room
from inventar.paths import asset_path
from inventar.services.items.service import ItemService
from inventar.services.photos.item_photos import PhotoService
from inventar.services.photos.store import PhotoStore
from inventar.services.registration.service import RegistrationService
from inventar.services.rooms.service import RoomService
from tests.support.photofiles import plain_jpeg


@pytest.fixture
def service(store):
    photos = PhotoStore(store.photo_dir)
    return RegistrationService(ItemService(user="pedel"), PhotoService(photos, user="pedel"),
                               load_strategy(asset_path("strategy.json")))


@pytest.fixture
def room_id(store):
    return RoomService(user="pedel").create(2, "2.10", "Kontor")


def test_register_with_photo_marks_room_in_progress(tmp_path, service, room_id):
    photo = service.photos.store.import_file(plain_jpeg(tmp_path / "stol.jpg"))
    item_id = service.register(ItemData(category="chair", room_id=room_id, strategy_criteria=["period"],
                                        quantity="12"), [photo], label_code="RH-00001")
    item = Item.get_by_id(item_id)
    assert (item.quantity, item.label_code, item.criteria_list) == (12, "RH-00001", ["period"])
    assert Photo.get(Photo.item == item_id).is_primary
    assert Room.get_by_id(room_id).status == "in_progress"


@pytest.mark.parametrize("data, field", [
    (ItemData(category="", room_id=None), "category"),
    (ItemData(category="chair", room_id=None, no_photo_reason="x", strategy_criteria=["period"]), "room_id"),
    (ItemData(category="chair", strategy_criteria=["period"]), "no_photo_reason"),
    (ItemData(category="chair", no_photo_reason="Bag reol"), "hidden_gold"),
    (ItemData(category="other", no_photo_reason="Bag reol", strategy_criteria=["period"]), "hidden_gold"),
    (ItemData(category="chair", no_photo_reason="x", hidden_gold=True), "hidden_gold_reason"),
    (ItemData(category="chair", no_photo_reason="x", strategy_criteria=["ufo"]), "strategy_criteria"),
])
def test_rules_name_the_field_and_write_nothing(service, room_id, data, field):
    if field != "room_id" and data.room_id is None and field != "category":
        data.room_id = room_id
    with pytest.raises(ValidationError) as info:
        service.register(data)
    assert info.value.field == field
    assert Item.select().count() == 0
    assert Room.get_by_id(room_id).status == "not_visited"


def test_gemt_guld_with_reason_outside_the_strategy(service, room_id):
    reason = service.gold_reason("other", [])
    assert "uden for strategien" in reason
    item_id = service.register(ItemData(category="other", room_id=room_id, no_photo_reason="Hænger højt",
                                        hidden_gold=True, hidden_gold_reason="Gammelt byvåben i messing"))
    item = Item.get_by_id(item_id)
    assert item.hidden_gold and item.hidden_gold_reason == "Gammelt byvåben i messing"


def test_duplicate_label_code_rolls_back_the_photos(tmp_path, service, room_id):
    photo = service.photos.store.import_file(plain_jpeg(tmp_path / "a.jpg"))
    data = {"category": "chair", "room_id": room_id, "strategy_criteria": ["craftsmanship"]}
    service.register(ItemData(**data), [photo], label_code="RH-1")
    with pytest.raises((ValidationError, IntegrityError)):  # the database or the service refuses it
        service.register(ItemData(**data), [photo], label_code="RH-1")
    assert Item.select().count() == 1 and Photo.select().count() == 1


def test_copy_of_returns_fields_and_photos_primary_first(tmp_path, service, room_id):
    photos = [service.photos.store.import_file(plain_jpeg(tmp_path / f"{c}.jpg", c)) for c in ("red", "blue")]
    item_id = service.register(ItemData(category="chair", room_id=room_id, title="Syveren", material="Bøg",
                                        strategy_criteria=["period", "story"]), photos, primary=1,
                               label_code="RH-7")
    data, copied = service.copy_of(item_id)
    assert (data.title, data.material, data.strategy_criteria) == ("Syveren", "Bøg", ["period", "story"])
    assert [p.original_name for p in copied] == ["blue.jpg", "red.jpg"]
    second = service.register(data, copied)
    assert Item.get_by_id(second).label_code is None
    assert Photo.select().where(Photo.item == second).count() == 2


def test_gemt_guld_is_searchable_in_the_item_list(service, room_id):
    service.register(ItemData(category="other", room_id=room_id, no_photo_reason="x", hidden_gold=True,
                              hidden_gold_reason="Byvåben"))
    service.register(ItemData(category="chair", room_id=room_id, no_photo_reason="x",
                              strategy_criteria=["period"]))
    rows = service.items.list_rows()
    assert [r.hidden_gold for r in rows if "gemt guld" in r.search_text] == [True]


def test_too_long_label_code(service, room_id):
    with pytest.raises(ValidationError) as info:
        service.register(ItemData(category="chair", room_id=room_id, no_photo_reason="x",
                                  strategy_criteria=["period"]), label_code="X" * 33)
    assert info.value.field == "label_code" and Item.select().count() == 0


@pytest.mark.postgres
def test_registration_and_coverage_on_postgresql(pg_url, tmp_path):
    from inventar.models import open_store

    store = open_store(pg_url, photo_dir=str(tmp_path / "fotos"))
    try:
        photos = PhotoStore(store.photo_dir)
        service = RegistrationService(ItemService(user="pedel"), PhotoService(photos, user="pedel"),
                                      load_strategy(asset_path("strategy.json")))
        rooms = RoomService(user="pedel")
        room = rooms.create(0, "0.01", "Reception")
        stored = [photos.import_file(plain_jpeg(tmp_path / f"{c}.jpg", c)) for c in ("red", "blue")]
        item_id = service.register(ItemData(category="sofa", room_id=room, quantity=3,
                                            strategy_criteria=["colour"]), stored, primary=1, label_code="RH-1")
        with pytest.raises((ValidationError, IntegrityError)):  # the database or the service refuses it
            service.register(ItemData(category="sofa", room_id=room, strategy_criteria=["colour"]), stored,
                             label_code="RH-1")
        assert Item.select().count() == 1 and Photo.select().count() == 2
        assert Photo.get((Photo.item == item_id) & (Photo.is_primary == True)).original_name == "blue.jpg"  # noqa: E712
        service.photos.reorder(item_id, [p.id for p in Photo.select().order_by(Photo.id.desc())])
        rooms.set_status(room, "done")
        (floor,) = rooms.coverage()
        assert (floor.rooms, floor.done, floor.items, floor.quantity) == (1, 1, 1, 3)
    finally:
        store.close()
