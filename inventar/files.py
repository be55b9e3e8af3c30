"""Atomic file writes: every file Inventar writes goes through a temp file beside it and one rename.

The temp file is created in the target's folder (so :func:`os.replace` is a rename on one disk),
flushed and fsynced, given the permissions a normally created file gets (``0666`` minus the
umask; :func:`tempfile.mkstemp` makes ``0600`` files) and renamed over the target.  On any
failure – an exception, ``KeyboardInterrupt`` included – the temp file is removed and the old
target is left untouched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

TEMP_PREFIX = ".tmp-"


def current_umask() -> int:
    """The process umask, read without changing it where the system allows (``os.umask`` sets it)."""
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/self/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("Umask:"):
                        return int(line.split()[1], 8)
        except (OSError, ValueError):
            pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


@contextmanager
def atomic_path(target: str | Path, prefix: str = TEMP_PREFIX, suffix: str | None = None,
                private: bool = False) -> Iterator[Path]:
    """Yield a temp path beside ``target`` for a writer that wants a file name (openpyxl, zipfile, Qt).

    When the block ends normally the file is fsynced, given umask permissions and renamed to
    ``target``; when it raises, the temp file is removed and ``target`` is unchanged. ``private``
    files (a password file) are readable by their owner only.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=target.suffix if suffix is None else suffix, dir=folder)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        _fsync(temporary)
        os.chmod(temporary, 0o600 if private else 0o666 & ~current_umask())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_file(target: str | Path, mode: str = "wb", prefix: str = TEMP_PREFIX, suffix: str | None = None,
                private: bool = False, **options: Any) -> Iterator[IO[Any]]:
    """Yield an open temp file beside ``target`` (``mode`` "wb" or "w"); renamed into place at the end."""
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_file writes a new file; mode {mode!r} is not 'w' or 'wb'")
    with atomic_path(target, prefix, suffix, private) as temporary, open(temporary, mode, **options) as handle:
        yield handle
        handle.flush()


def write_bytes(target: str | Path, data: bytes, prefix: str = TEMP_PREFIX, private: bool = False) -> Path:
    """Write ``data`` to ``target`` atomically; returns the target."""
    with atomic_file(target, "wb", prefix=prefix, private=private) as handle:
        handle.write(data)
    return Path(target)


@contextmanager
def removed_on_failure() -> Iterator[list[Path]]:
    """``with removed_on_failure() as made:``: the files appended to ``made`` are removed again when the block
    fails (a full disk, a cancel): a restore or an import that copies photos before its rows leaves none behind."""
    made: list[Path] = []
    try:
        yield made
    except BaseException:
        for path in made:
            path.unlink(missing_ok=True)
        raise
