"""What a paired phone may send: the size of one photo, the bytes per minute, the image types, the file name.

The HTTP server refuses a body over :data:`MAX_UPLOAD_BYTES` before reading it all
(``QHttpServerConfiguration.setMaximumBodySize``); everything here is checked again on
the bytes that arrived, so the rules hold without the server's help too.
"""

from __future__ import annotations

import time
import unicodedata
from collections import deque
from collections.abc import Callable

MAX_UPLOAD_BYTES = 40 * 1024 * 1024  # a 48-MP phone JPEG is ~15 MB, a 12-MP one 3-6 MB
MAX_BYTES_PER_MINUTE = 200 * 1024 * 1024  # a burst of 30-40 photos; a runaway page is stopped
RATE_WINDOW_S = 60.0
MAX_NAME_CHARS = 100
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}


def image_type(head: bytes) -> str | None:
    """The photo format the first bytes announce: ``jpeg``, ``png``, ``heif`` or ``webp``; None for anything else.

    Only a first gate: the photo store decodes the whole file and refuses what does not decode.
    """
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return "heif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def clean_name(raw: str, fallback: str) -> str:
    """A file name for the photo list: no folders, no control characters, at most 100 characters."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if len(name) > MAX_NAME_CHARS:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[:MAX_NAME_CHARS - len(suffix) - 2] + "…" + dot + suffix) if dot and len(suffix) <= 8 \
            else name[:MAX_NAME_CHARS - 1] + "…"
    return name or fallback


class ByteRate:
    """Bytes accepted in the last minute (a sliding window): :meth:`admit` says whether more fit."""

    def __init__(self, limit: int = MAX_BYTES_PER_MINUTE, window: float = RATE_WINDOW_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._entries: deque[tuple[float, int]] = deque()
        self._total = 0

    def _expire(self, now: float) -> None:
        while self._entries and self._entries[0][0] <= now - self.window:
            self._total -= self._entries.popleft()[1]

    def used(self) -> int:
        self._expire(self.clock())
        return self._total

    def admit(self, size: int) -> bool:
        """Count ``size`` bytes and say True, or say False and count nothing when the minute's limit is reached."""
        now = self.clock()
        self._expire(now)
        if self._total + size > self.limit:
            return False
        self._entries.append((now, size))
        self._total += size
        return True

    def wait_seconds(self) -> int:
        """Whole seconds until the oldest counted upload leaves the window (for ``Retry-After``)."""
        now = self.clock()
        self._expire(now)
        if not self._entries:
            return 1
        return max(1, int(self._entries[0][0] + self.window - now + 0.999))
