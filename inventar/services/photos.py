"""Photo storage: content-addressed files beside the database, written atomically.

A photo is stored once per content hash (SHA-256 of the bytes the user gave),
as an upright JPEG without EXIF (so no GPS position or camera owner leaves the
laptop), plus one cached thumbnail.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from inventar.i18n import _

MAX_PIXELS = 80_000_000  # above this we refuse: ~320 MB decoded, and no camera here needs it
STORED_LONG_EDGE = 2560
THUMB_LONG_EDGE = 320
JPEG_QUALITY = 87


class PhotoError(ValueError):
    """A photo could not be imported; the message is for users and names the file."""


@dataclass(frozen=True)
class StoredPhoto:
    file_hash: str
    original_name: str
    taken_at: datetime | None
    width: int
    height: int


TEMP_PREFIX = ".tmp-"
SHARED_ORPHAN_AGE_S = 3600  # another laptop may still be writing to a shared folder: only old leftovers go
LOCAL_ORPHAN_AGE_S = 60  # where the writer's process cannot be checked (Windows)


def _atomic_write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # The writer's PID in the name lets a later start tell an orphan (writer killed) from a live write.
    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=target.suffix, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _process_alive(pid: int) -> bool | None:
    """True/False on POSIX; None where it cannot be checked safely (os.kill(pid, 0) kills on Windows)."""
    if os.name != "posix":
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_orphans(folder: Path, shared: bool = False) -> int:
    """Remove temp files left by a writer that was killed mid-write; returns how many went."""
    removed = 0
    now = time.time()
    for path in Path(folder).rglob(f"{TEMP_PREFIX}*"):
        try:
            age = now - path.stat().st_mtime
            pid_text = path.name[len(TEMP_PREFIX):].split("-", 1)[0]
            alive = None if shared or not pid_text.isdigit() else _process_alive(int(pid_text))
            if alive is False or (alive is None and age > (SHARED_ORPHAN_AGE_S if shared else LOCAL_ORPHAN_AGE_S)):
                path.unlink()
                removed += 1
        except OSError:
            continue  # vanished meanwhile, or not ours to remove
    return removed


def _taken_at(image: Image.Image) -> datetime | None:
    try:
        exif = image.getexif()
        raw = exif.get_ifd(0x8769).get(0x9003) or exif.get(0x0132)  # DateTimeOriginal / DateTime
        return datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S") if raw else None
    except (ValueError, TypeError, KeyError, OSError):
        return None


class PhotoStore:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def path_for(self, file_hash: str) -> Path:
        return self.folder / file_hash[:2] / f"{file_hash}.jpg"

    def thumbnail_path(self, file_hash: str) -> Path:
        return self.folder / "thumbs" / file_hash[:2] / f"{file_hash}.jpg"

    def has(self, file_hash: str) -> bool:
        return self.path_for(file_hash).exists()

    def import_file(self, path: Path | str) -> StoredPhoto:
        path = Path(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise PhotoError(_("Filen »{name}« findes ikke længere (flyttet eller slettet?)", name=path.name)) from exc
        except OSError as exc:
            raise PhotoError(_("Filen »{name}« kan ikke læses: {error}", name=path.name, error=exc.strerror)) from exc
        return self.import_bytes(data, path.name)

    def import_bytes(self, data: bytes, original_name: str) -> StoredPhoto:
        if not data:
            raise PhotoError(_("»{name}« er tom", name=original_name))
        file_hash = hashlib.sha256(data).hexdigest()
        try:
            image = Image.open(io.BytesIO(data))
        except UnidentifiedImageError as exc:
            raise PhotoError(_("»{name}« er ikke et billede, som Inventar kan læse (brug JPEG eller PNG)",
                               name=original_name)) from exc
        except (OSError, SyntaxError, ValueError, struct.error) as exc:  # a header cut short or garbled
            raise PhotoError(_("»{name}« er beskadiget og kan ikke læses ({error})", name=original_name,
                               error=exc)) from exc
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise PhotoError(_("»{name}« er for stort ({mp} megapixel; højst {limit})", name=original_name,
                               mp=round(width * height / 1e6), limit=MAX_PIXELS // 1_000_000))
        taken_at = _taken_at(image)
        try:
            if image.format == "JPEG":
                image.draft("RGB", (STORED_LONG_EDGE, STORED_LONG_EDGE))  # decode at reduced scale: fast
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            image.thumbnail((STORED_LONG_EDGE, STORED_LONG_EDGE), Image.Resampling.LANCZOS)
        except (OSError, SyntaxError, ValueError, struct.error, Image.DecompressionBombError) as exc:
            raise PhotoError(_("»{name}« er beskadiget og kan ikke læses ({error})", name=original_name,
                               error=exc)) from exc
        if not self.has(file_hash):
            stored = io.BytesIO()
            image.save(stored, "JPEG", quality=JPEG_QUALITY, optimize=False)  # no exif=: metadata dropped
            _atomic_write(self.path_for(file_hash), stored.getvalue())
        if not self.thumbnail_path(file_hash).exists():
            thumb = image.copy()
            thumb.thumbnail((THUMB_LONG_EDGE, THUMB_LONG_EDGE), Image.Resampling.BILINEAR)
            buffer = io.BytesIO()
            thumb.save(buffer, "JPEG", quality=80)
            _atomic_write(self.thumbnail_path(file_hash), buffer.getvalue())
        return StoredPhoto(file_hash, original_name, taken_at, image.width, image.height)
