"""A PDF painted by Qt into memory, then written with the one atomic write (:mod:`inventar.files`).

Qt's own PDF file writer does not report a failed write: a full disk gave a truncated PDF reported
as written.  Painted into a buffer, checked for its end marker and written with
:func:`inventar.files.write_bytes`, a failure raises and leaves no half file (the label sheets and
the board's meeting paper both write their PDFs this way).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QBuffer, QByteArray, QIODevice

from inventar.errors import FileError, UserError
from inventar.files import write_bytes

T = TypeVar("T")


def write_pdf(target: str | Path, paint: Callable[[QIODevice], T], broken: UserError,
              prefix: str = ".pdf-", make_folder: bool = False) -> T:
    """``paint(device)`` paints the whole PDF onto ``device`` (a ``QPdfWriter`` on it, its painter ended);
    the result is written to ``target`` atomically (its folder made first with ``make_folder``).  Raises
    ``broken`` when Qt made no complete PDF, and a :class:`~inventar.errors.FileError` naming ``target``
    when it cannot be written.  Returns what ``paint`` returned."""
    target = Path(target)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    result = paint(buffer)
    buffer.close()
    pdf = bytes(data.data())
    if not pdf.rstrip().endswith(b"%%EOF"):
        raise broken
    try:
        if make_folder:
            target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(target, pdf, prefix=prefix)
    except OSError as exc:
        exc.filename = str(target)  # the PDF the user asked for, not the temp file beside it
        raise FileError.from_os_error(exc) from exc
    return result
