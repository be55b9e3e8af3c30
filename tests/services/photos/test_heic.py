"""Phone photos in HEIC/HEIF: read through pillow-heif, stored as an upright JPEG without EXIF or GPS."""

from PIL import Image

from inventar.services.photos.store import PhotoStore
from tests.support.photofiles import GPS_IFD, rotated_heic_with_gps


def test_a_rotated_heic_with_gps_is_stored_upright_without_metadata(store, tmp_path):
    source = rotated_heic_with_gps(tmp_path / "IMG_2211.HEIC")
    assert source.read_bytes()[4:12] in (b"ftypheic", b"ftypmif1"), "a real HEIC file"
    with Image.open(source) as raw:  # the file itself carries the GPS position
        assert dict(raw.getexif().get_ifd(GPS_IFD))
    photos = PhotoStore(store.photo_dir)
    stored = photos.import_file(source)
    assert (stored.width, stored.height) == (200, 400)
    assert stored.taken_at is not None and stored.taken_at.year == 2023
    path = photos.path_for(stored.file_hash)
    assert path.read_bytes()[:3] == b"\xff\xd8\xff", "stored as JPEG"
    with Image.open(path) as copy:
        assert copy.format == "JPEG" and copy.size == (200, 400)  # upright: portrait as the phone meant it
        assert copy.getpixel((180, 200))[0] > 200 and copy.getpixel((20, 200))[2] > 200  # red right, blue left
        exif = copy.getexif()
        assert not dict(exif) and not exif.get_ifd(GPS_IFD)
        assert "exif" not in copy.info and "xmp" not in copy.info
    assert b"Jensen" not in path.read_bytes()
    assert photos.thumbnail_path(stored.file_hash).exists()


def test_a_heif_named_file_is_read_too(store, tmp_path):
    source = rotated_heic_with_gps(tmp_path / "foto.heif", width=64, height=48)
    stored = PhotoStore(store.photo_dir).import_file(source)
    assert (stored.width, stored.height) == (48, 64)
