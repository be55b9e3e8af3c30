"""Photo import hardening and the photo service: real JPEG files, a real SQLite file."""

import pytest
from PIL import Image

from inventar.domain.items import ItemData
from inventar.models import AuditEntry, Item, Photo
from inventar.services.items.service import ItemService
from inventar.services.photos.item_photos import PhotoService, import_files
from inventar.services.photos.store import PhotoError, PhotoStore
from tests.support.photofiles import GPS_IFD, corrupt_jpeg, huge_jpeg, not_an_image, plain_jpeg, rotated_jpeg_with_gps


@pytest.fixture
def photo_store(store):
    return PhotoStore(store.photo_dir)


@pytest.fixture
def item_id(store):
    return ItemService(user="test").create(ItemData(category="chair"))


def test_exif_rotation_applied_and_metadata_stripped(tmp_path, photo_store):
    source = rotated_jpeg_with_gps(tmp_path / "stol.jpg")
    stored = photo_store.import_file(source)
    assert (stored.width, stored.height) == (200, 400)
    assert stored.taken_at is not None and stored.taken_at.year == 2021
    with Image.open(photo_store.path_for(stored.file_hash)) as copy:
        assert copy.size == (200, 400)  # upright: portrait as the camera meant it
        assert copy.getpixel((180, 200))[0] > 200 and copy.getpixel((20, 200))[2] > 200  # red right, blue left
        exif = copy.getexif()
        assert not dict(exif) and not exif.get_ifd(GPS_IFD)
        assert "comment" not in copy.info and "exif" not in copy.info
    assert b"Jensen" not in photo_store.path_for(stored.file_hash).read_bytes()
    assert photo_store.thumbnail_path(stored.file_hash).exists()


def test_same_photo_twice_is_one_file(tmp_path, photo_store):
    first = photo_store.import_file(plain_jpeg(tmp_path / "a.jpg"))
    second = photo_store.import_file(plain_jpeg(tmp_path / "b.jpg"))
    assert first.file_hash == second.file_hash
    files = [p for p in photo_store.folder.rglob("*.jpg") if "thumbs" not in p.parts]
    assert len(files) == 1
    assert not list(photo_store.folder.rglob(".tmp-*"))


def test_transparent_png_gets_a_white_background(tmp_path, photo_store):
    path = tmp_path / "logo.png"
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(path)
    stored = photo_store.import_file(path)
    with Image.open(photo_store.path_for(stored.file_hash)) as copy:
        assert min(copy.getpixel((25, 25))) > 240


@pytest.mark.parametrize("make, message", [
    (corrupt_jpeg, "er beskadiget og kan ikke læses"),
    (huge_jpeg, "er for stort (100 megapixel; højst 80)"),
    (not_an_image, "er ikke et billede, som Inventar kan læse"),
])
def test_bad_files_give_specific_messages(tmp_path, photo_store, make, message):
    path = make(tmp_path / "fil.jpg")
    with pytest.raises(PhotoError) as info:
        photo_store.import_file(path)
    assert message in str(info.value) and "»fil.jpg«" in str(info.value)
    assert not list(photo_store.folder.rglob("*.jpg"))


def test_vanished_file(tmp_path, photo_store):
    path = plain_jpeg(tmp_path / "væk.jpg")
    path.unlink()
    with pytest.raises(PhotoError, match="findes ikke længere"):
        photo_store.import_file(path)


def test_batch_keeps_good_photos_when_some_fail(tmp_path, store, photo_store, item_id):
    service = PhotoService(photo_store, user="test")
    good = [plain_jpeg(tmp_path / "1.jpg", "red"), plain_jpeg(tmp_path / "2.jpg", "blue")]
    bad = [corrupt_jpeg(tmp_path / "3.jpg"), tmp_path / "gone.jpg"]
    seen = []
    outcomes = service.add_files(item_id, [good[0], bad[0], good[1], bad[1]], lambda d, t: seen.append((d, t)))
    assert seen[-1] == (4, 4)
    assert [bool(o.photo) for o in outcomes] == [True, False, True, False]
    assert "beskadiget" in outcomes[1].error and "findes ikke længere" in outcomes[3].error
    photos = list(Photo.select().where(Photo.item == item_id).order_by(Photo.position))
    assert [p.original_name for p in photos] == ["1.jpg", "2.jpg"]
    assert [p.is_primary for p in photos] == [True, False]


def test_reorder_primary_remove_with_audit(tmp_path, photo_store, item_id):
    service = PhotoService(photo_store, user="test")
    outcomes = import_files(photo_store, [plain_jpeg(tmp_path / f"{c}.jpg", c) for c in ("red", "green", "blue")])
    ids = service.attach(item_id, [o.photo for o in outcomes])
    service.reorder(item_id, [ids[2], ids[0], ids[1]])
    assert [p.id for p in Photo.select().where(Photo.item == item_id).order_by(Photo.position)] == \
        [ids[2], ids[0], ids[1]]
    with pytest.raises(ValueError):
        service.reorder(item_id, [ids[0], ids[1]])
    service.set_primary(ids[1])
    assert Photo.get_by_id(ids[1]).is_primary and not Photo.get_by_id(ids[0]).is_primary
    service.remove(ids[1])
    assert Photo.get_by_id(ids[2]).is_primary  # the next one in order took over
    assert photo_store.has(outcomes[1].photo.file_hash)  # the file stays: it may be shared
    actions = [e.action for e in AuditEntry.select().where(AuditEntry.entity_id == item_id)]
    assert {"photo_add", "photo_order", "photo_primary", "photo_remove"} <= set(actions)
    assert Item.get_by_id(item_id)


def test_large_jpeg_is_decoded_at_reduced_scale_and_stored_smaller(tmp_path, photo_store):
    from inventar.services.photos.store import MIN_STORED_LONG_EDGE, STORED_LONG_EDGE

    path = tmp_path / "12mp.jpg"
    Image.linear_gradient("L").resize((4000, 3000)).convert("RGB").save(path, "JPEG", quality=85)
    stored = photo_store.import_file(path)
    assert MIN_STORED_LONG_EDGE <= max(stored.width, stored.height) <= STORED_LONG_EDGE
    with Image.open(photo_store.thumbnail_path(stored.file_hash)) as thumb:
        assert max(thumb.size) == 320
    again = photo_store.import_file(path)  # known content: no second decode, same answer
    assert (again.file_hash, again.width, again.height) == (stored.file_hash, stored.width, stored.height)
