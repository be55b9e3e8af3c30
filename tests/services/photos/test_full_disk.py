"""A photo batch onto a full disk: every photo that fit is kept and attached, every one that did not is named
with a Danish reason, and the batch never stops at the first failure."""

from __future__ import annotations

import random

import pytest
from PIL import Image

from inventar.services.photos.item_photos import import_files
from inventar.services.photos.store import PhotoStore
from tests.support.disks import tiny_tmpfs


@pytest.fixture
def tiny_disk(tmp_path):
    with tiny_tmpfs(tmp_path, "400k") as folder:
        yield folder


def _noise_jpeg(path, seed):
    rng = random.Random(seed)
    image = Image.frombytes("RGB", (320, 240), bytes(rng.getrandbits(8) for _ in range(320 * 240 * 3)))
    image.save(path, "JPEG", quality=95)
    return path


def test_a_full_photo_folder_keeps_what_fit_and_names_the_rest(tmp_path, tiny_disk):
    paths = [_noise_jpeg(tmp_path / f"foto{n}.jpg", n) for n in range(12)]
    outcomes = import_files(PhotoStore(tiny_disk), paths)
    kept = [o for o in outcomes if o.photo]
    failed = [o for o in outcomes if o.error]
    assert len(outcomes) == 12, "the batch went on after the first failed write"
    assert kept and failed
    assert all("kunne ikke gemmes i fotomappen: " in o.error and "disken er fuld" in o.error for o in failed)
    assert all(PhotoStore(tiny_disk).has(o.photo.file_hash) for o in kept)
    leftovers = [p for p in tiny_disk.rglob("*") if p.is_file() and p.name.startswith(".")]
    assert leftovers == [], "no temp file left behind"
