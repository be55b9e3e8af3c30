"""Photo import of a 12-megapixel JPEG (stored copy + thumbnail) and registering 100 items via the services."""

from __future__ import annotations

import io
import statistics
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter
from run import Result

RUNS = 15
ITEMS = 100


def _camera_like_jpeg(path: Path) -> None:
    """4000 × 3000 with gradients, shapes and sensor noise: decodes like a real photo, not like a flat colour."""
    width, height = 4000, 3000
    base = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(base)
    for i in range(40):
        x, y = (i * 397) % width, (i * 211) % height
        draw.rectangle((x, y, x + 600, y + 300), fill=((i * 53) % 256, (i * 97) % 256, (i * 151) % 256))
    noise = Image.effect_noise((width, height), 24).convert("RGB")
    photo = Image.blend(base, noise, 0.25).filter(ImageFilter.SMOOTH)
    exif = Image.Exif()
    exif[0x0112] = 6  # portrait, as phones write it
    photo.save(path, "JPEG", quality=90, exif=exif.tobytes())


def _import_times(workdir: Path) -> tuple[list[float], int]:
    from inventar.services.photos.store import PhotoStore

    source = workdir / "12mp.jpg"
    _camera_like_jpeg(source)
    data = source.read_bytes()
    times = []
    for run in range(RUNS):
        variant = workdir / f"photo-{run}.jpg"
        # a different comment segment: a new content hash, so nothing is deduplicated away
        variant.write_bytes(data[:2] + b"\xff\xfe\x00\x08run" + bytes([65 + run]) + b"\x00\x00" + data[2:])
        store = PhotoStore(workdir / f"photos-{run}")
        start = time.perf_counter()
        stored = store.import_file(variant)
        times.append((time.perf_counter() - start) * 1000)
        assert store.thumbnail_path(stored.file_hash).exists() and stored.height > stored.width
    return times, len(data)


def _register_items(workdir: Path) -> float:
    from inventar.domain.items import ItemData
    from inventar.domain.registration import load_strategy
    from inventar.models import open_store
    from inventar.paths import asset_path
    from inventar.services.items.service import ItemService
    from inventar.services.photos.item_photos import PhotoService
    from inventar.services.photos.store import PhotoStore
    from inventar.services.registration.service import RegistrationService
    from inventar.services.rooms.service import RoomService

    store = open_store(workdir / "register.sqlite")
    photos = PhotoStore(store.photo_dir)
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), "teal").save(buffer, "JPEG")
    photo = photos.import_bytes(buffer.getvalue(), "stol.jpg")
    room = RoomService(user="bench").create(2, "2.10", "Kontor")
    service = RegistrationService(ItemService(user="bench"), PhotoService(photos, user="bench"),
                                  load_strategy(asset_path("strategy.json")))
    start = time.perf_counter()
    for number in range(ITEMS):
        service.register(ItemData(category="chair", title=f"Stol {number}", room_id=room, quantity=4,
                                  material="Bøg", period="1960'erne", strategy_criteria=["period"],
                                  width_cm="50", depth_cm="52", height_cm="80"), [photo],
                         label_code=f"RH-{number:05d}")
    elapsed = time.perf_counter() - start
    store.close()
    return elapsed


def run(workdir: Path) -> list[Result]:
    times, size = _import_times(workdir)
    total = _register_items(workdir)
    return [
        Result(f"import 12-MP JPEG ({size // 1024} KiB) -> stored copy + thumbnail", statistics.median(times),
               "ms", 150, len(times)),
        Result("import 12-MP JPEG, slowest run", max(times), "ms", None, len(times)),
        Result(f"register {ITEMS} items with a photo via the services (total)", total * 1000, "ms", None, 1),
        Result("register one item with a photo via the services", total * 1000 / ITEMS, "ms", None, ITEMS),
    ]
