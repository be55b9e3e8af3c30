"""Photo storage: content-addressed files beside the database, written atomically.

A photo is stored once per content hash (SHA-256 of the bytes the user gave),
as an upright JPEG without EXIF (so no GPS position or camera owner leaves the
laptop), plus one cached thumbnail.  Phone photos in HEIC/HEIF are read through
``pillow-heif`` (its Pillow opener is registered on the first import) and stored
the same way.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
import time
import warnings
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from inventar.errors import FileError, UserError, os_reason
from inventar.files import TEMP_PREFIX, write_bytes
from inventar.i18n import _

if TYPE_CHECKING:  # Pillow is imported where photos are read or written, not with the app's first window
    from PIL import Image

MAX_PIXELS = 80_000_000  # above this we refuse: ~320 MB decoded, and no camera here needs it
STORED_LONG_EDGE = 2048  # stored copies: sharp on any screen, 0.5-1 MB
MIN_STORED_LONG_EDGE = 1600  # JPEG draft decoding never goes below this
THUMB_LONG_EDGE = 320
JPEG_QUALITY = 87


class PhotoError(UserError, ValueError):
    """A photo could not be imported; the message is for users and names the file."""


@dataclass(frozen=True)
class StoredPhoto:
    file_hash: str
    original_name: str
    taken_at: datetime | None
    width: int
    height: int


SHARED_ORPHAN_AGE_S = 3600  # another laptop may still be writing to a shared folder: only old leftovers go
LOCAL_ORPHAN_AGE_S = 60  # where the writer's process cannot be checked (Windows)


def _atomic_write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # The writer's PID in the name lets a later start tell an orphan (writer killed) from a live write.
    write_bytes(target, data, prefix=f"{TEMP_PREFIX}{os.getpid()}-")


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


@cache
def register_heif() -> None:
    """Let Pillow open HEIC/HEIF (iPhone photos); once, on the first import (not at start-up)."""
    from pillow_heif import register_heif_opener

    register_heif_opener()  # libheif applies the rotation; the EXIF orientation it leaves is 1


def _taken_at(image: Image.Image) -> datetime | None:
    try:
        exif = image.getexif()
        raw = exif.get_ifd(0x8769).get(0x9003) or exif.get(0x0132)  # DateTimeOriginal / DateTime
        return datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S") if raw else None
    except (ValueError, TypeError, KeyError, OSError):
        return None


def _draft_scale(width: int, height: int) -> int:
    """The largest JPEG decode scale (1, 2, 4, 8) that still leaves at least MIN_STORED_LONG_EDGE pixels."""
    scale = 1
    while scale < 8 and max(width, height) // (scale * 2) >= MIN_STORED_LONG_EDGE:
        scale *= 2
    return scale


def _flatten(image: Image.Image) -> Image.Image:
    """RGB without metadata (a fresh image from the decoder is reused); transparency becomes white."""
    from PIL import Image

    profile = image.info.get("icc_profile")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
    elif image.mode != "RGB":
        flat = image.convert("RGB")
    else:
        flat = image
    flat.info = {"icc_profile": profile} if profile else {}
    return flat


def _colour_profile(image: Image.Image) -> dict:
    profile = image.info.get("icc_profile")
    return {"icc_profile": profile} if profile else {}


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
            raise PhotoError(_("Filen »{name}« kan ikke læses: {error}", name=path.name, error=os_reason(exc))) from exc
        return self.import_bytes(data, path.name)

    def import_bytes(self, data: bytes, original_name: str) -> StoredPhoto:
        if not data:
            raise PhotoError(_("»{name}« er tom", name=original_name))
        from PIL import Image, ImageOps, UnidentifiedImageError

        file_hash = hashlib.sha256(data).hexdigest()
        register_heif()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # we check the size below
                image = Image.open(io.BytesIO(data))
                width, height = image.size
        except UnidentifiedImageError as exc:
            raise PhotoError(_("»{name}« er ikke et billede, som Inventar kan læse (brug JPEG, PNG eller HEIC)",
                               name=original_name)) from exc
        except Image.DecompressionBombError as exc:
            raise PhotoError(_("»{name}« er for stort (over {limit} megapixel); tag billedet med lavere opløsning",
                               name=original_name, limit=MAX_PIXELS // 1_000_000)) from exc
        except (OSError, SyntaxError, ValueError, RuntimeError, struct.error) as exc:  # a header cut short or garbled
            raise PhotoError(_("»{name}« er beskadiget og kan ikke læses ({error})", name=original_name,
                               error=exc)) from exc
        if width * height > MAX_PIXELS:
            raise PhotoError(_("»{name}« er for stort ({mp} megapixel; højst {limit}); tag billedet med lavere "
                               "opløsning", name=original_name,
                               mp=round(width * height / 1e6), limit=MAX_PIXELS // 1_000_000))
        taken_at = _taken_at(image)
        if self.has(file_hash) and self.thumbnail_path(file_hash).exists():
            image.close()  # the same photo again: already stored and checked
            return self._known(file_hash, original_name, taken_at)
        try:
            if image.format == "JPEG":
                # libjpeg decodes at 1/2, 1/4 or 1/8 scale while reading: a 12-MP photo costs a quarter.
                scale = _draft_scale(width, height)
                if scale > 1:
                    image.draft("RGB", (width // scale, height // scale))
            image = ImageOps.exif_transpose(image)
            image = _flatten(image)
            if max(image.size) > STORED_LONG_EDGE:
                image.thumbnail((STORED_LONG_EDGE, STORED_LONG_EDGE), Image.Resampling.LANCZOS, reducing_gap=2.0)
        except (OSError, SyntaxError, ValueError, RuntimeError, struct.error, Image.DecompressionBombError) as exc:
            raise PhotoError(_("»{name}« er beskadiget og kan ikke læses ({error})", name=original_name,
                               error=exc)) from exc
        try:
            self._write(file_hash, image)
        except OSError as exc:  # a full disk, a read-only or vanished (network) photo folder: this photo only
            raise PhotoError(_("»{name}« kunne ikke gemmes i fotomappen: {reason}", name=original_name,
                               reason=FileError.from_os_error(exc))) from exc
        return StoredPhoto(file_hash, original_name, taken_at, image.width, image.height)

    def _write(self, file_hash: str, image: Image.Image) -> None:
        from PIL import Image

        if not self.has(file_hash):
            stored = io.BytesIO()
            # No exif=, xmp= or comment: GPS position, camera serial and owner name stay behind.
            image.save(stored, "JPEG", quality=JPEG_QUALITY, optimize=False, **_colour_profile(image))
            _atomic_write(self.path_for(file_hash), stored.getvalue())
        if not self.thumbnail_path(file_hash).exists():
            factor = THUMB_LONG_EDGE / max(image.size)
            thumb = image.resize((max(1, round(image.width * factor)), max(1, round(image.height * factor))),
                                 Image.Resampling.BILINEAR, reducing_gap=2.0) if factor < 1 else image
            buffer = io.BytesIO()
            thumb.save(buffer, "JPEG", quality=80)
            _atomic_write(self.thumbnail_path(file_hash), buffer.getvalue())

    def _known(self, file_hash: str, original_name: str, taken_at: datetime | None) -> StoredPhoto:
        from PIL import Image

        with Image.open(self.path_for(file_hash)) as stored:
            width, height = stored.size
        return StoredPhoto(file_hash, original_name, taken_at, width, height)

    def stored_info(self, file_hash: str, original_name: str = "") -> StoredPhoto:
        """A :class:`StoredPhoto` for a file already in the store (reusing a photo of another item)."""
        path = self.path_for(file_hash)
        if not path.exists():
            raise PhotoError(_("Fotoet »{name}« findes ikke i fotomappen", name=original_name or file_hash[:12]))
        from PIL import Image

        with Image.open(path) as image:
            width, height = image.size
        return StoredPhoto(file_hash, original_name, None, width, height)
