"""SHA-256 of files and streams, read in chunks (backups and bundles check every file with it)."""

from __future__ import annotations

import hashlib
from typing import BinaryIO

CHUNK = 1 << 20


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_stream(handle: BinaryIO) -> tuple[str, int]:
    """(hex digest, size in bytes) of everything left in ``handle``."""
    digest = hashlib.sha256()
    size = 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size
