"""The phone as the camera: from an upload fully received by the form's HTTP server to the photo shown in the
registration form's photo list (import off the GUI thread: upright copy, thumbnail, label codes; then the row
added and the list repainted), for a 12-MP JPEG and a 12-MP HEIC sent over a real local HTTP connection."""

from __future__ import annotations

import hashlib
import http.client
import io
import statistics
import struct
import threading
import time
from pathlib import Path

from PIL import Image
from run import Result

RUNS = 9
TARGET_MS = 300


def _variant(data: bytes, run: int) -> bytes:
    """The same JPEG with another comment segment: a new content hash, so nothing is deduplicated away."""
    return data[:2] + b"\xff\xfe\x00\x08run" + bytes([65 + run]) + b"\x00\x00" + data[2:]


def _heic(jpeg: bytes) -> list[bytes]:
    """The photo as HEIC (encoded once: slow), each run with another top-level ``free`` box: a new content hash."""
    from pillow_heif import register_heif_opener

    register_heif_opener()
    buffer = io.BytesIO()
    with Image.open(io.BytesIO(jpeg)) as image:
        image.save(buffer, "HEIF", quality=80, exif=image.getexif().tobytes())
    data = buffer.getvalue()
    return [data + struct.pack(">I", 12) + b"free" + struct.pack(">I", run) for run in range(RUNS)]


def _post(address: str, port: int, path: str, data: bytes, item: int, cookie: str) -> int:
    connection = http.client.HTTPConnection(address, port, timeout=60)
    try:
        connection.request("POST", path, data, {"X-Sha256": hashlib.sha256(data).hexdigest(), "X-Item": str(item),
                                                "X-File-Name": "IMG.jpg", "Content-Type": "application/octet-stream",
                                                "Cookie": cookie})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _times(dialog, uploads: list[bytes]) -> list[float]:
    """Milliseconds from each upload's arrival (the server's request handler) to its thumbnail painted."""
    from PySide6.QtCore import QEventLoop, QTimer

    from inventar.services.phone.endpoint import COOKIE

    panel = dialog.phone
    server, endpoint = panel.server, panel.endpoint
    endpoint.rate.limit = 10**12  # the benchmark sends faster than a janitor
    cookie = f"{COOKIE}={endpoint.pairing.device_key}"
    times = []
    for data in uploads:
        loop = QEventLoop()
        done: list[float] = []

        def shown(_upload_id: str, _seconds: float, done=done, loop=loop) -> None:
            dialog.photo_strip.view.viewport().repaint()  # the thumbnail painted in the list
            done.append(time.perf_counter())
            loop.quit()

        panel.photo_shown.connect(shown)
        statuses: list[int] = []
        thread = threading.Thread(target=lambda data=data, statuses=statuses: statuses.append(
            _post(server.address, server.port, endpoint.base + "/photo", data, endpoint.generation, cookie)))
        thread.start()
        QTimer.singleShot(60_000, loop.quit)
        loop.exec()
        thread.join()
        panel.photo_shown.disconnect(shown)
        assert statuses == [202] and done, (statuses, dialog.message.text())
        times.append((done[0] - server.request_started) * 1000)
    return times


def run(workdir: Path) -> list[Result]:
    from bench_registration import _camera_like_jpeg
    from PySide6.QtWidgets import QApplication

    from inventar.domain.registration import load_strategy
    from inventar.models import open_store
    from inventar.paths import asset_path
    from inventar.services.items.service import ItemService
    from inventar.services.photos.item_photos import PhotoService
    from inventar.services.photos.store import PhotoStore
    from inventar.services.registration.service import RegistrationService
    from inventar.services.rooms.service import RoomService
    from inventar.settings import Settings
    from inventar.ui.registration.dialog import RegistrationDialog

    app = QApplication.instance() or QApplication([])
    source = workdir / "12mp.jpg"
    _camera_like_jpeg(source)
    jpeg = source.read_bytes()
    store = open_store(workdir / "phone.sqlite")
    rooms = RoomService(user="bench")
    room = rooms.create(2, "2.10", "Kontor")
    photos = PhotoStore(store.photo_dir)
    service = RegistrationService(ItemService(user="bench"), PhotoService(photos, user="bench"),
                                  load_strategy(asset_path("strategy.json")))
    settings = Settings(workdir / "settings.json")
    settings.set("phone_port", 0)
    dialog = RegistrationDialog(service, rooms, room_id=room, db=store.db, settings=settings)
    dialog.show()
    app.processEvents()
    panel = dialog.phone
    panel.toggle.setChecked(True)
    panel.network.addItem("loopback", "127.0.0.1")
    panel.network.setCurrentIndex(panel.network.count() - 1)
    panel.network.activated.emit(panel.network.count() - 1)
    assert panel.active, panel.status.text()
    panel.endpoint.pairing.admit_device(None)  # the phone's first request claims the pairing
    try:
        jpeg_times = _times(dialog, [_variant(jpeg, n) for n in range(RUNS)])
        heic_times = _times(dialog, _heic(jpeg))
    finally:
        dialog._clean_state = dialog.form_state()
        dialog.close()
        dialog.deleteLater()
        app.processEvents()
        store.close()
    return [
        Result(f"phone upload received -> shown in the form, 12-MP JPEG ({len(jpeg) // 1024} KiB)",
               statistics.median(jpeg_times), "ms", TARGET_MS, len(jpeg_times)),
        Result("phone upload received -> shown, 12-MP JPEG, slowest run", max(jpeg_times), "ms", None, len(jpeg_times)),
        Result("phone upload received -> shown in the form, 12-MP HEIC", statistics.median(heic_times), "ms", None,
               len(heic_times)),
    ]
