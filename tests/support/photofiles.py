"""Real photo files for tests: an EXIF-rotated JPEG with GPS, a corrupt one, a fake 100-MP one."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def rotated_jpeg_with_gps(path: Path, width: int = 400, height: int = 200) -> Path:
    """Raw pixels landscape (red top half, blue bottom); EXIF says rotate 90° clockwise; GPS + owner set."""
    image = Image.new("RGB", (width, height), "blue")
    image.paste("red", (0, 0, width, height // 2))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x013B] = "Pedel Jensen"  # Artist
    exif[0x0132] = "2021:08:23 10:15:00"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (55.0, 39.0, 57.0), 3: "E", 4: (12.0, 16.0, 20.0)})
    image.save(path, "JPEG", exif=exif.tobytes(), comment=b"Kontor 2.10, Pedel Jensen")
    return path


def plain_jpeg(path: Path, colour: str = "green", size: tuple[int, int] = (320, 240)) -> Path:
    Image.new("RGB", size, colour).save(path, "JPEG")
    return path


def corrupt_jpeg(path: Path) -> Path:
    buffer = io.BytesIO()
    Image.effect_noise((640, 480), 60).convert("RGB").save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 3])  # cut off: truncated scan data
    return path


def huge_jpeg(path: Path, width: int = 10_000, height: int = 10_000) -> Path:
    """A small file whose header claims 100 megapixels (what a panorama or a scanner gives)."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 7] = height.to_bytes(2, "big")
    data[sof + 7:sof + 9] = width.to_bytes(2, "big")
    path.write_bytes(bytes(data))
    return path


def not_an_image(path: Path) -> Path:
    path.write_text("Dette er en indkøbsliste, ikke et foto.\n", encoding="utf-8")
    return path


def rotated_heic_with_gps(path: Path, width: int = 400, height: int = 200) -> Path:
    """A real HEIC made by pillow-heif: raw pixels as :func:`rotated_jpeg_with_gps`, EXIF orientation 6, GPS."""
    from pillow_heif import register_heif_opener

    register_heif_opener()
    image = Image.new("RGB", (width, height), "blue")
    image.paste("red", (0, 0, width, height // 2))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x013B] = "Pedel Jensen"  # Artist
    exif[0x0132] = "2023:05:17 09:30:00"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (55.0, 39.0, 57.0), 3: "E", 4: (12.0, 16.0, 20.0)})
    image.save(path, "HEIF", exif=exif.tobytes(), quality=90)
    return path
