"""QR codes with zxing-cpp: the module matrix of a label's code, and label codes found in photos.

zxing-cpp makes a QR symbol in about 0.1 ms (the pure-Python ``qrcode``
package needs ~4 ms, too slow for 1,000 labels) and reads QR codes in photos.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from inventar.domain.labels.codes import LabelCodeError, normalise

if TYPE_CHECKING:  # zxing-cpp and Pillow load with the first label or photo, not with the app's first window
    from PIL import Image

log = logging.getLogger(__name__)

QUIET_ZONE = 4  # modules of white around every symbol (the QR standard's minimum)
MAX_SIDE = 3000  # photos are decoded at most this many pixels wide or high


def qr_matrix(text: str) -> list[bytes]:
    """The symbol's rows, one byte per module: 1 = dark; without quiet zone, error correction M."""
    import zxingcpp

    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = memoryview(barcode.to_image(scale=1, add_quiet_zones=False))
    height, width = image.shape
    raw = image.tobytes()
    return [bytes(1 if value < 128 else 0 for value in raw[row * width:(row + 1) * width])
            for row in range(height)]


def texts_in_image(image: Image.Image) -> list[str]:
    """Every QR code's text in ``image``, in reading order (top to bottom, then left to right)."""
    import zxingcpp

    found = zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    found.sort(key=lambda b: (b.position.top_left.y, b.position.top_left.x))
    return [b.text for b in found if b.valid]


def codes_in_image(path: str | Path) -> list[str]:
    """The label codes shown in a photo, canonical and without repeats; [] when none or unreadable.

    The registration form uses it for imported photos: a photo of a label offers to link that code.
    """
    from PIL import Image, ImageOps

    try:
        with Image.open(path) as opened:
            opened.draft("L", (MAX_SIDE, MAX_SIDE))  # JPEG: decode at a reduced size, much faster
            image = ImageOps.exif_transpose(opened)
            if max(image.size) > MAX_SIDE:
                image.thumbnail((MAX_SIDE, MAX_SIDE))
            texts = texts_in_image(image)
    except (OSError, ValueError) as error:
        log.info("No codes read from %s: %s", path, error)
        return []
    codes: list[str] = []
    for text in texts:
        try:
            code = normalise(text)
        except LabelCodeError:
            continue
        if code not in codes:
            codes.append(code)
    return codes
