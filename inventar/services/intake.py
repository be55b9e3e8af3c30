"""Files from outside (backups and bundles): bounded zip reading, safe member names, photo checks.

A backup or bundle may come from another laptop, a USB stick or an e-mail, so nothing in it is
trusted before it is checked:

* every entry's uncompressed size is limited (by kind) and so is the total, first from the zip
  headers and again while the entry is streamed (a header can lie);
* every entry is hashed while it is streamed, before anything parses it;
* a member name must be a plain relative path: no absolute path, no ``..``, no drive
  (``D:evil.jpg``), no backslash and no Windows device name (``CON``, ``aux.jpg`` ...);
* a photo must be named like the photo store names its files and must decode as a JPEG.

Writing an archive never follows a symbolic link out of the photo folder (:func:`plain_photo_files`).
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from inventar.errors import UserError
from inventar.i18n import _
from inventar.services.checksums import CHUNK
from inventar.services.photos.store import MAX_PIXELS

MIB = 1 << 20
PHOTO_MAX_BYTES = 32 * MIB  # a stored photo is ~1 MB (2048 px JPEG); a thumbnail a few kB
ROWS_MAX_BYTES = 256 * MIB  # one table of a bundle as JSON
MANIFEST_MAX_BYTES = 64 * MIB
DATABASE_MAX_BYTES = 8 * 1024 * MIB  # the SQLite file in a backup
TOTAL_MAX_BYTES = 32 * 1024 * MIB  # everything in one archive, uncompressed

# Photo store layout (relative to the photo folder): <aa>/<sha256>.jpg and thumbs/<aa>/<sha256>.jpg
_PHOTO_NAME = re.compile(r"^(?:thumbs/)?([0-9a-f]{2})/([0-9a-f]{64})\.jpg$")
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",  # i18n: ignore
             *(f"COM{n}" for n in "123456789¹²³"), *(f"LPT{n}" for n in "123456789¹²³")}
_FORBIDDEN_CHARS = set('<>:"|?*\\') | {chr(c) for c in range(32)}


def unsafe_name(name: str) -> bool:
    """True when ``name`` (an archive member, ``/``-separated) is not a plain relative path on every system."""
    if not name or name.startswith("/") or len(name) > 400:
        return True
    for part in name.split("/"):
        if part in ("", ".", "..") or part != part.rstrip(" .") or set(part) & _FORBIDDEN_CHARS:
            return True
        if part.split(".")[0].rstrip(" ").upper() in _RESERVED:
            return True
    return False


def photo_hash_of(relative: str) -> str | None:
    """The content hash a photo-store path (``aa/<hash>.jpg`` or ``thumbs/aa/<hash>.jpg``) names, or None."""
    match = _PHOTO_NAME.match(relative)
    if not match or unsafe_name(relative) or match.group(2)[:2] != match.group(1):
        return None
    return match.group(2)


def check_headers(archive: zipfile.ZipFile, limit_for: Callable[[str], int], error: type[UserError]) -> None:
    """Refuse an archive whose headers declare an entry or a total above the limits, or an unsafe name."""
    total = 0
    for info in archive.infolist():
        if unsafe_name(info.filename):
            raise error(_("Ugyldigt filnavn i arkivet: {name}", name=info.filename))
        limit = limit_for(info.filename)
        if info.file_size > limit:
            raise error(_("Filen {name} i arkivet er for stor ({size} MB; højst {limit} MB)", name=info.filename,
                          size=info.file_size // MIB, limit=limit // MIB))
        total += info.file_size
        if total > TOTAL_MAX_BYTES:
            raise error(_("Arkivet fylder for meget udpakket (over {limit} MB)", limit=TOTAL_MAX_BYTES // MIB))


def stream_member(archive: zipfile.ZipFile, name: str, limit: int, error: type[UserError],
                  sink: Callable[[bytes], object] | None = None) -> tuple[str, int]:
    """Stream one entry, counting and hashing it (SHA-256); ``sink`` gets every chunk. Refuses above ``limit``."""
    digest = hashlib.sha256()
    size = 0
    with archive.open(name) as handle:
        while chunk := handle.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise error(_("Filen {name} i arkivet er for stor (over {limit} MB)", name=name, limit=limit // MIB))
            digest.update(chunk)
            if sink is not None:
                sink(chunk)
    return digest.hexdigest(), size


def read_member(archive: zipfile.ZipFile, name: str, limit: int, error: type[UserError]) -> tuple[bytes, str]:
    """(bytes, SHA-256) of one entry, read with :func:`stream_member`'s limit."""
    buffer = io.BytesIO()
    digest, _size = stream_member(archive, name, limit, error, buffer.write)
    return buffer.getvalue(), digest


def check_photo(data: bytes, name: str, error: type[UserError]) -> None:
    """Refuse a photo file that is not a JPEG Inventar can decode (HTML or a script planted as ``<hash>.jpg``)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != "JPEG" or image.width * image.height > MAX_PIXELS:
                    raise error(_("Fotoet {name} i arkivet er ikke et JPEG-billede, som Inventar kan bruge",
                                  name=name))
                image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error,
            Image.DecompressionBombError) as exc:
        raise error(_("Fotoet {name} i arkivet er ikke et billede (beskadiget eller noget andet end et foto)",
                      name=name)) from exc


def read_photo(archive: zipfile.ZipFile, name: str, error: type[UserError]) -> tuple[bytes, str]:
    """A photo entry's bytes and SHA-256, bounded and checked to be a JPEG."""
    data, digest = read_member(archive, name, PHOTO_MAX_BYTES, error)
    check_photo(data, name, error)
    return data, digest


def plain_file_inside(path: Path, folder: Path) -> bool:
    """True for a regular file reached without a symbolic link, inside ``folder`` (never follows a link out)."""
    try:
        if path.is_symlink() or not path.is_file():
            return False
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def plain_photo_files(folder: Path) -> list[Path]:
    """The photo store's files (photos and thumbnails) that are plain files; symbolic links are skipped."""
    folder = Path(folder)
    found = []
    for path in sorted(folder.rglob("*.jpg")):
        relative = path.relative_to(folder).as_posix()
        if photo_hash_of(relative) is not None and plain_file_inside(path, folder):
            found.append(path)
    return found
