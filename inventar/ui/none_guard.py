"""A guard against a PySide6 6.12 reference-count bug on Python 3.11.

Each call of many void methods (``QPainterPath.addRect``, ``QPainter.fillRect``,
``QFont.setBold``...) returns ``None`` without taking a reference, so ``None``'s
reference count falls by one per call; Python aborts with "deallocating None"
after a few thousand calls.  Python 3.12 and later (immortal ``None``) are not
affected, and there the guard does nothing.  Code that makes many Qt calls in a
loop (label sheets) runs inside :func:`none_guard`, which adds the lost counts
back to ``None``'s reference count (CPython keeps it in the object's first field).
"""

from __future__ import annotations

import ctypes
import platform
import sys
from collections.abc import Iterator
from contextlib import contextmanager

_ACTIVE = sys.version_info < (3, 12) and platform.python_implementation() == "CPython"


@contextmanager
def none_guard() -> Iterator[None]:
    if not _ACTIVE:
        yield
        return
    before = sys.getrefcount(None)
    try:
        yield
    finally:
        lost = before - sys.getrefcount(None)
        if lost > 0:
            ctypes.c_ssize_t.from_address(id(None)).value += lost
