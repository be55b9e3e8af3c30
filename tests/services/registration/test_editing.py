"""Editing a saved item: fields, label code and photos in one versioned transaction; delete and undo."""

import pytest

from inventar.domain.items import ItemData, ValidationError
from inventar.domain.registration import load_strategy
from inventar.models import AuditEntry, Decision, Item, Photo, Vote
from inventar.paths import asset_path
from inventar.services.items.deletion import ItemDeletion, ItemHasApprovedDecision
from inventar.services.items.service import ConflictError, ItemService
from inventar.services.photos.item_photos import PhotoService
from inventar.services.photos.store import PhotoStore
from inventar.services.registration.editing import ItemEditor
from inventar.services.registration.service import RegistrationService
from inventar.services.rooms.service import RoomService
from tests.support.photofiles import plain_jpeg


@pytest.fixture
def service(store):
    return RegistrationService(ItemService(user="pedel"), PhotoService(PhotoStore(store.photo_dir), user="pedel"),
                               load_strategy(asset_path("strategy.json")))


@pytest.fixture
def photos(tmp_path, service):
    return [service.photos.store.import_file(plain_jpeg(tmp_path / f"{c}.jpg", c)) for c in ("red", "green", "blue")]


@pytest.fixture
def item_id(service, photos):
    room = RoomService(user="pedel").create(2, "2.10", "Kontor")
    return service.register(ItemData(category="chair", room_id=room, strategy_criteria=["period"], title="Syveren"),
                            photos[:2], primary=1, label_code="GL-17")


def test_load_gives_fields_code_photos_and_primary(service, photos, item_id):
    state = ItemEditor(service).load(item_id)
    assert (state.data.title, state.label_code, state.row_version) == ("Syveren", "GL-17", 1)
    assert [p.file_hash for p in state.photos] == [p.file_hash for p in photos[:2]]
    assert state.primary == 1


def test_save_changes_fields_code_and_photos_together(service, photos, item_id):
    editor = ItemEditor(service)
    state = editor.load(item_id)
    state.data.title = "Myren"
    version = editor.writer([photos[2], photos[0]], 0, "GL-18").update(item_id, state.data, state.row_version)
    item = Item.get_by_id(item_id)
    assert (item.title, item.label_code, item.row_version) == ("Myren", "GL-18", version)
    rows = list(Photo.select().where(Photo.item == item_id).order_by(Photo.position))
    assert [(r.file_hash, r.is_primary) for r in rows] == [(photos[2].file_hash, True), (photos[0].file_hash, False)]
    assert {"update", "photos"} <= {e.action for e in AuditEntry.select().where(AuditEntry.entity_id == item_id)}


def test_conflict_or_taken_code_writes_nothing(service, photos, item_id):
    editor = ItemEditor(service)
    other = service.register(ItemData(category="chair", room_id=Item.get_by_id(item_id).room_id,
                                      strategy_criteria=["period"], no_photo_reason="bag reol"), label_code="GL-99")
    state = editor.load(item_id)
    state.data.title = "Myren"
    with pytest.raises(ValidationError) as taken:
        editor.writer([photos[2]], 0, "GL-99").update(item_id, state.data, state.row_version)
    assert taken.value.field == "label_code" and "GL-99" in taken.value.message and other != item_id
    service.items.update(item_id, ItemData(**{**state.data.as_dict(), "title": "Andens"}), state.row_version)
    with pytest.raises(ConflictError):
        editor.writer([photos[2]], 0, "GL-17").update(item_id, state.data, state.row_version)
    item = Item.get_by_id(item_id)
    assert (item.title, item.label_code) == ("Andens", "GL-17")
    assert Photo.select().where(Photo.item == item_id).count() == 2


def test_delete_and_restore_bring_back_photos_and_decisions(service, item_id):
    Decision.create(item=item_id, kind="reuse", decided_by="pedel")
    Vote.create(item=item_id, voter="pedel", kind="reuse")
    deletion = ItemDeletion(user="pedel")
    deleted = deletion.delete(item_id)
    assert not Item.select().where(Item.id == item_id).exists()
    assert Photo.select().where(Photo.item == item_id).count() == 0
    assert "Syveren" in deleted.name
    assert AuditEntry.select().where((AuditEntry.entity_id == item_id) & (AuditEntry.action == "delete")).exists()
    assert deletion.restore(deleted) == item_id
    item = Item.get_by_id(item_id)
    assert (item.title, item.label_code) == ("Syveren", "GL-17")
    assert Photo.select().where(Photo.item == item_id).count() == 2
    assert Decision.select().where(Decision.item == item_id).count() == 1
    assert Vote.select().where(Vote.item == item_id).count() == 1


def test_delete_refused_with_an_approved_decision(service, item_id):
    Decision.create(item=item_id, kind="reuse", approval="approved", decided_by="pedel")
    with pytest.raises(ItemHasApprovedDecision, match="Syveren"):
        ItemDeletion(user="pedel").delete(item_id)
    assert Item.select().where(Item.id == item_id).exists()


def test_restore_under_a_new_id_when_sqlite_gave_the_id_away(service, item_id):
    deleted = ItemDeletion(user="pedel").delete(item_id)
    taken = service.register(ItemData(category="chair", room_id=deleted.item["room"], strategy_criteria=["period"],
                                      no_photo_reason="bag reol"))
    restored = ItemDeletion(user="pedel").restore(deleted)
    assert taken == item_id  # SQLite reuses the highest id: the old item comes back under a new one
    assert restored != item_id
    assert Item.get_by_id(restored).title == "Syveren" and Item.get_by_id(taken).title == ""
    assert Photo.select().where(Photo.item == restored).count() == 2
    assert ItemDeletion(user="pedel").restore(deleted) == restored  # twice is harmless


@pytest.fixture
def listed_item(service):
    """An item as an imported list gives it: a category outside the strategy, no criterion, no photo, no reasons."""
    room = RoomService(user="pedel").create(1, "1.04", "Kontor")
    return service.items.create(ItemData(category="task_chair", room_id=room, title="Kontorstol"))


def test_a_saved_item_outside_the_strategy_can_be_corrected_as_it_is(service, listed_item):
    editor = ItemEditor(service)
    state = editor.load(listed_item)
    with pytest.raises(ValidationError):  # registered new like this, it would be refused
        service.check(state.data, 0)
    state.data.title = "Kontorstol, rettet"
    state.data.width_cm = 64
    editor.writer(None, 0, None).update(listed_item, state.data, state.row_version)
    item = Item.get_by_id(listed_item)
    assert (item.title, item.width_cm, item.hidden_gold) == ("Kontorstol, rettet", 64, False)


@pytest.mark.parametrize("change, field", [
    (lambda data: setattr(data, "category", "screen"), "hidden_gold"),  # another category outside it
    (lambda data: setattr(data, "strategy_criteria", ["period"]), "hidden_gold"),  # a criterion: still outside
    (lambda data: setattr(data, "hidden_gold", True), "hidden_gold_reason"),  # gemt guld wants its reason
])
def test_a_change_to_what_the_strategy_is_about_must_fit_it(service, listed_item, change, field):
    editor = ItemEditor(service)
    state = editor.load(listed_item)
    change(state.data)
    with pytest.raises(ValidationError) as refused:
        editor.writer(None, 0, None).update(listed_item, state.data, state.row_version)
    assert refused.value.field == field
    assert Item.get_by_id(listed_item).row_version == state.row_version  # nothing written


def test_a_correction_that_makes_it_fit_is_saved(service, listed_item):
    editor = ItemEditor(service)
    state = editor.load(listed_item)
    state.data.category, state.data.strategy_criteria = "chair", ["period"]
    editor.writer(None, 0, None).update(listed_item, state.data, state.row_version)
    assert (Item.get_by_id(listed_item).category, Item.get_by_id(listed_item).strategy_criteria) == ("chair", "period")


def test_an_item_saved_with_photos_still_needs_one_or_a_reason(service, photos, item_id):
    editor = ItemEditor(service)
    state = editor.load(item_id)
    with pytest.raises(ValidationError) as refused:  # its photos removed in the correction
        editor.writer([], 0, state.label_code).update(item_id, state.data, state.row_version)
    assert refused.value.field == "no_photo_reason"
    assert Photo.select().where(Photo.item == item_id).count() == 2
