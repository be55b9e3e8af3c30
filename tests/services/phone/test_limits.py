"""Upload limits: image types by their first bytes, bytes per minute, file names."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from inventar.services.phone.limits import ByteRate, clean_name, image_type
from tests.support.photofiles import rotated_heic_with_gps


def _encoded(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), "teal").save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.parametrize(("fmt", "kind"), [("JPEG", "jpeg"), ("PNG", "png"), ("WEBP", "webp")])
def test_photo_formats_are_recognised(fmt, kind):
    assert image_type(_encoded(fmt)[:16]) == kind


def test_heic_from_pillow_heif_is_recognised(tmp_path):
    data = rotated_heic_with_gps(tmp_path / "iphone.heic").read_bytes()
    assert image_type(data[:16]) == "heif"


@pytest.mark.parametrize("data", [
    b"", b"hello world, not a photo", b"%PDF-1.7\n", b"PK\x03\x04zipfile", b"<html><script>",
    b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00",  # an MP4 video: an ftyp box, but no image brand
    _encoded("GIF"), _encoded("BMP"), b"\xff\xd8",  # GIF and BMP are no phone photos; a JPEG cut after 2 bytes
])
def test_anything_else_is_refused(data):
    assert image_type(data[:16]) is None


def test_byte_rate_counts_one_sliding_minute():
    now = [0.0]
    rate = ByteRate(limit=100, window=60, clock=lambda: now[0])
    assert rate.admit(60) and rate.admit(40)
    assert not rate.admit(1)  # the minute is full: nothing is counted for a refused upload
    assert rate.used() == 100 and rate.wait_seconds() == 60
    now[0] = 59.5
    assert not rate.admit(1) and rate.wait_seconds() == 1
    now[0] = 60.0  # the first uploads leave the window
    assert rate.admit(100) and not rate.admit(1)
    assert not ByteRate(limit=10).admit(11)  # one upload above the whole limit never fits


def test_file_names_lose_folders_and_control_characters():
    assert clean_name("IMG_0001.HEIC", "x.jpg") == "IMG_0001.HEIC"
    assert clean_name("../../etc/passwd", "x.jpg") == "passwd"
    assert clean_name("C:\\Users\\pedel\\stol.jpg", "x.jpg") == "stol.jpg"
    assert clean_name("stol\r\n\x00.jpg", "x.jpg") == "stol.jpg"
    assert clean_name("   ", "telefon-1.jpg") == "telefon-1.jpg"
    long = clean_name("a" * 300 + ".jpeg", "x.jpg")
    assert len(long) == 100 and long.endswith("….jpeg")
    assert clean_name("Skab i kælderen – før.jpg", "x") == "Skab i kælderen – før.jpg"
