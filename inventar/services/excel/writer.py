"""Writing workbooks: Danish headers, frozen header row, autofilter, widths, number formats, real dates,
a first "Om" sheet, and an atomic save (temp file in the target folder, then rename).

Sheets are openpyxl write-only sheets (streamed through lxml: fast for 10,000 rows).  Each column has
one template cell that carries its number format; a row re-uses those cells, which is safe because a
write-only sheet serialises a row as soon as it is appended.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.drawing.image import Image as XlImage
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from inventar import __version__
from inventar.i18n import _

Progress = Callable[[int, int], None]

INT = "0"
DECIMAL = "0.0"
DATE = "dd-mm-yyyy"
DATETIME = "dd-mm-yyyy hh:mm"
TEXT = "@"

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="2C3E50")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
THUMB_PX = 72  # long edge of a thumbnail in the sheet
THUMB_ROW_HEIGHT = 58  # points: 72 px plus a little air


class ExportError(RuntimeError):
    """The workbook could not be written; the message is for users."""


@dataclass
class Col:
    header: str  # Danish, passed through _() when written
    width: float = 14
    number_format: str | None = None
    wrap: bool = False


@dataclass
class SheetInfo:
    title: str
    description: str
    rows: int = 0


@dataclass
class About:
    title: str
    description: str
    filter_text: str
    source: str = ""
    sheets: list[SheetInfo] = field(default_factory=list)
    made_at: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))


class SheetWriter:
    """One data sheet: header row, formatted cells, optional thumbnail column, autofilter on close."""

    def __init__(self, book: Workbook, title: str, columns: list[Col], image_column: int | None = None) -> None:
        self.ws = book.create_sheet(title)
        self.columns = columns
        self.image_column = image_column  # 0-based column that gets a thumbnail picture
        self.row = 1
        for index, column in enumerate(columns, 1):
            self.ws.column_dimensions[get_column_letter(index)].width = column.width
        self.ws.freeze_panes = "A2"
        header = []
        for column in columns:
            cell = WriteOnlyCell(self.ws, _(column.header))
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            header.append(cell)
        self.ws.row_dimensions[1].height = 30
        self.ws.append(header)
        self._cells = []
        for column in columns:
            cell = WriteOnlyCell(self.ws)
            if column.number_format:
                cell.number_format = column.number_format
            if column.wrap:
                cell.alignment = WRAP
            self._cells.append(cell)

    def append(self, values: Iterable[Any], image: bytes | None = None) -> None:
        self.row += 1
        cells = self._cells
        for cell, value in zip(cells, values):
            cell.value = value
        if image is not None and self.image_column is not None:
            picture = XlImage(io.BytesIO(image))
            picture.anchor = f"{get_column_letter(self.image_column + 1)}{self.row}"
            self.ws.add_image(picture)
            self.ws.row_dimensions[self.row].height = THUMB_ROW_HEIGHT
        self.ws.append(cells)

    def append_plain(self, values: Iterable[Any], bold: bool = False) -> None:
        """A row without the column formats (e.g. a totals row)."""
        self.row += 1
        row = []
        for column, value in zip(self.columns, values):
            cell = WriteOnlyCell(self.ws, value)
            if column.number_format and not isinstance(value, str):
                cell.number_format = column.number_format
            if bold:
                cell.font = BOLD
            row.append(cell)
        self.ws.append(row)

    def close(self, filter_rows: int | None = None) -> int:
        """Set the autofilter over the header and ``filter_rows`` data rows (default: all); returns data rows."""
        last = self.row if filter_rows is None else 1 + filter_rows
        self.ws.auto_filter.ref = f"A1:{get_column_letter(len(self.columns))}{max(last, 1)}"
        return self.row - 1


def thumbnail_bytes(path: Path) -> bytes | None:
    """A small PNG of a stored thumbnail, or None when the file is missing or unreadable."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            image = image.convert("RGB")
            image.thumbnail((THUMB_PX, THUMB_PX))
            out = io.BytesIO()
            image.save(out, "PNG")
            return out.getvalue()
    except (OSError, ValueError):
        return None


def new_book() -> tuple[Workbook, Any]:
    """A write-only workbook whose first sheet is "Om" (filled by :func:`write_about` at the end)."""
    book = Workbook(write_only=True)
    about = book.create_sheet(_("Om"))
    return book, about


def write_about(ws: Any, about: About) -> None:
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 90
    ws.column_dimensions["C"].width = 12

    def cell(value: Any, font: Font | None = None, number_format: str | None = None) -> WriteOnlyCell:
        c = WriteOnlyCell(ws, value)
        if font:
            c.font = font
        if number_format:
            c.number_format = number_format
        return c

    ws.append([cell(about.title, TITLE_FONT)])
    ws.append([cell(about.description)])
    ws.append([])
    ws.append([cell(_("Lavet"), BOLD), cell(about.made_at, number_format=DATETIME)])
    ws.append([cell(_("Filter"), BOLD), cell(about.filter_text)])
    if about.source:
        ws.append([cell(_("Database"), BOLD), cell(about.source)])
    ws.append([cell(_("Program"), BOLD), cell(f"Inventar {__version__}")])
    ws.append([])
    ws.append([cell(_("Ark"), BOLD), cell(_("Indhold"), BOLD), cell(_("Rækker"), BOLD)])
    for sheet in about.sheets:
        ws.append([cell(sheet.title), cell(sheet.description), cell(sheet.rows, number_format=INT)])


def save_atomic(book: Workbook, target: Path | str) -> Path:
    """Save to a temp file beside ``target`` and rename it into place; never leaves a half-written file."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(_("Mappen »{folder}« findes ikke", folder=folder))
    fd, tmp = tempfile.mkstemp(prefix=".inventar-", suffix=".xlsx.part", dir=folder)
    os.close(fd)
    try:
        book.save(tmp)
        os.replace(tmp, target)
    except PermissionError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(_("»{name}« kan ikke skrives – er filen åben i Excel? ({error})",
                            name=target.name, error=exc.strerror)) from exc
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(_("»{name}« kan ikke skrives: {error}", name=target.name, error=exc.strerror)) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
