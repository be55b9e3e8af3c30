"""Writing workbooks: Danish headers, frozen header row, autofilter, widths, number formats, real dates,
a first "Om" sheet, and an atomic save (temp file in the target folder, then rename).

Sheets are openpyxl write-only sheets.  openpyxl builds and type-checks a Cell object per value and
serialises it through lxml (about 25 µs each: 7 s for 10,000 items of 30 fields), so the data rows are
written by :class:`_Rows` instead: SpreadsheetML text per row (inline strings, numbers, Excel date
serials, each column's style id) spooled to a temp file and put into the sheet file openpyxl wrote
(header row, widths, frozen pane, autofilter, images, styles stay openpyxl's) just before saving.
"""

from __future__ import annotations

import functools
import io
import logging
import re
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.drawing.image import Image as XlImage
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from inventar import __version__
from inventar.domain.fields import FIELD_LABELS
from inventar.domain.times import local_now
from inventar.errors import UserError, os_reason
from inventar.files import atomic_path
from inventar.i18n import _

log = logging.getLogger(__name__)
T = TypeVar("T")

Progress = Callable[[int, int], None]

INT = "0"
DECIMAL = "0.0"
DATE = "dd-mm-yyyy"
DATETIME = "dd-mm-yyyy hh:mm"

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="2C3E50")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
THUMB_PX = 72  # long edge of a thumbnail in the sheet
THUMB_ROW_HEIGHT = 58  # points: 72 px plus a little air


class ExportError(UserError, RuntimeError):
    """The workbook could not be written; the message is for users."""


@dataclass
class Col:
    header: str  # Danish in every language: the headers are the import's (and scripts') contract
    width: float = 14
    number_format: str | None = None
    wrap: bool = False


def field_col(name: str, width: float = 14, number_format: str | None = None, wrap: bool = False) -> Col:
    """A column of an item or decision field, headed by the field's one Danish name."""
    return Col(FIELD_LABELS[name], width, number_format, wrap)


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
    made_at: datetime = field(default_factory=local_now)  # Danish local time, as every exported time


class Formula(str):
    """A live Excel formula written by the program (``=SUM(B2:B9)``), with its value cached for readers
    that do not calculate.  Text from users is never a Formula: it stays plain text (see :func:`as_text`)."""

    def __new__(cls, text: str, value: int | float | None = None) -> Formula:
        formula = super().__new__(cls, text)
        formula.value = value
        return formula


def sum_formula(column: str, first: int, last: int, value: int | float | None = None) -> Formula:
    """``=SUM(<column><first>:<column><last>)``; ``0`` when the range is empty."""
    return Formula(f"=SUM({column}{first}:{column}{last})" if last >= first else "=0", value)


_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
_SPECIAL = re.compile(r"[&<>\000-\010\013\014\016-\037]")


FORMULA_START = ("=", "+", "-", "@")


def as_text(cell: Any) -> Any:
    """Make a cell whose text starts like a formula (``=``, ``+``, ``-``, ``@``) plain text, never a live formula.

    The register sheets are written as inline strings (never formulas); every cell written through
    openpyxl's cell objects (the »Om« sheet, the floor-plan template) goes through this one function."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
        cell.data_type = "s"
    return cell


def _escape(text: str) -> str:
    if _SPECIAL.search(text) is None:
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _ILLEGAL.sub("", text)


class _Rows:
    """The data rows of one sheet as SpreadsheetML text, spooled to a temp file until the sheet is saved."""

    def __init__(self, style_ids: list[int], date_style: int) -> None:
        self.letters = [get_column_letter(i) for i in range(1, len(style_ids) + 1)]
        self.styles = [f' s="{sid}"' if sid else "" for sid in style_ids]
        self.date_styles = [f' s="{sid or date_style}"' for sid in style_ids]
        self.buffer = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)

    def write(self, values: Iterable[Any], row_idx: int, height: float | None = None,
              styles: list[str] | None = None) -> None:
        parts = [f'<row r="{row_idx}" ht="{height}" customHeight="1">' if height else f'<row r="{row_idx}">']
        for letter, style, date_style, value in zip(self.letters, styles or self.styles, self.date_styles, values):
            if value is None or value == "":
                continue
            if isinstance(value, Formula):
                cached = "" if value.value is None else f"<v>{value.value}</v>"
                parts.append(f'<c r="{letter}{row_idx}"{style}><f>{_escape(value[1:])}</f>{cached}</c>')
            elif isinstance(value, str):
                space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
                parts.append(f'<c r="{letter}{row_idx}" t="inlineStr"{style}><is><t{space}>{_escape(value)}</t></is></c>')
            elif isinstance(value, bool):
                parts.append(f'<c r="{letter}{row_idx}" t="b"{style}><v>{int(value)}</v></c>')
            elif isinstance(value, int):
                parts.append(f'<c r="{letter}{row_idx}"{style}><v>{value}</v></c>')
            elif isinstance(value, float):
                if value == value:  # NaN has no cell
                    parts.append(f'<c r="{letter}{row_idx}"{style}><v>{value!r}</v></c>')
            elif isinstance(value, (datetime, date)):
                parts.append(f'<c r="{letter}{row_idx}"{date_style}><v>{to_excel(value)!r}</v></c>')
            else:
                parts.append(f'<c r="{letter}{row_idx}" t="inlineStr"{style}><is><t>{_escape(str(value))}</t></is></c>')
        parts.append("</row>")
        self.buffer.write("".join(parts).encode("utf-8"))

    def merge_into(self, sheet_xml_path: str, last_row: int) -> None:
        """Put the rows into the sheet file openpyxl wrote (header row only), before ``</sheetData>``, and
        state the sheet's size (readers such as openpyxl's read-only mode otherwise scan the whole sheet)."""
        with open(sheet_xml_path, "rb") as handle:
            data = handle.read()
        cut = data.rfind(b"</sheetData>")
        if cut < 0:
            raise ExportError("sheetData missing")
        views = data.find(b"<sheetViews")
        dimension = f'<dimension ref="A1:{self.letters[-1]}{last_row}"/>'.encode()
        self.buffer.seek(0)
        with open(sheet_xml_path, "wb") as handle:
            if 0 <= views < cut and b"<dimension" not in data[:views]:
                handle.write(data[:views] + dimension + data[views:cut])
            else:
                handle.write(data[:cut])
            while chunk := self.buffer.read(1024 * 1024):
                handle.write(chunk)
            handle.write(data[cut:])
        self.buffer.close()


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
        set_printing(self.ws)
        header = []
        for column in columns:
            cell = WriteOnlyCell(self.ws, column.header)  # always Danish: the import and scripts rely on them
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            header.append(cell)
        self.ws.row_dimensions[1].height = 30
        self.ws.append(header)
        style_ids = []
        for column in columns:
            if column.number_format or column.wrap:
                cell = WriteOnlyCell(self.ws)
                if column.number_format:
                    cell.number_format = column.number_format
                if column.wrap:
                    cell.alignment = WRAP
                style_ids.append(cell.style_id)
            else:
                style_ids.append(0)
        self._bold_ids = []
        for column in columns:
            cell = WriteOnlyCell(self.ws)
            cell.font = BOLD
            if column.number_format:
                cell.number_format = column.number_format
            self._bold_ids.append(cell.style_id)
        date_cell = WriteOnlyCell(self.ws)
        date_cell.number_format = DATETIME
        self._rows = _Rows(style_ids, date_cell.style_id)
        book.__dict__.setdefault("_inventar_sheets", []).append(self)

    def append(self, values: Iterable[Any], image: bytes | None = None) -> None:
        self.row += 1
        height = None
        if image is not None and self.image_column is not None:
            picture = XlImage(io.BytesIO(image))
            picture.anchor = f"{get_column_letter(self.image_column + 1)}{self.row}"
            self.ws.add_image(picture)
            height = THUMB_ROW_HEIGHT
        self._rows.write(values, self.row, height)

    def append_plain(self, values: Iterable[Any], bold: bool = False) -> None:
        """A row outside the autofilter (e.g. a totals row), bold when asked."""
        self.row += 1
        styles = [f' s="{sid}"' for sid in self._bold_ids] if bold else None
        self._rows.write(values, self.row, styles=styles)

    def flush(self) -> None:
        """Let openpyxl write the sheet (header, layout, filter, images), then add the data rows to it."""
        self.ws.close()
        self._rows.merge_into(self.ws._writer.out, self.row)

    def close(self, filter_rows: int | None = None) -> int:
        """Set the autofilter over the header and ``filter_rows`` data rows (default: all); returns data rows."""
        last = self.row if filter_rows is None else 1 + filter_rows
        self.ws.auto_filter.ref = f"A1:{get_column_letter(len(self.columns))}{max(last, 1)}"
        return self.row - 1


def set_printing(ws: Any) -> None:
    """Print a list sheet landscape, one page wide, the header row on every page, "Side x af y" below."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.right.text = _("Side &P af &N")


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


_unsaved = threading.local()  # this thread's workbooks made by new_book() and not saved yet


def new_book() -> tuple[Workbook, Any]:
    """A write-only workbook whose first sheet is "Om" (filled by :func:`write_about` at the end)."""
    book = Workbook(write_only=True)
    about = book.create_sheet(_("Om"))
    _unsaved.__dict__.setdefault("books", []).append(book)
    return book, about


def discard(book: Workbook) -> None:
    """Close an unsaved write-only workbook (a cancelled or failed export): its sheet writers and their
    temporary files, which would otherwise stay open until garbage collection."""
    books = _unsaved.__dict__.get("books", [])
    if book in books:
        books.remove(book)
    for sheet in book.__dict__.get("_inventar_sheets", []):
        sheet._rows.buffer.close()
    for ws in book.worksheets:
        try:
            if not ws.closed:
                ws.close()
        except Exception:  # noqa: BLE001 - a half-written sheet; it is thrown away anyway
            log.debug("closing an unsaved sheet failed", exc_info=True)
        out = getattr(getattr(ws, "_writer", None), "out", None)
        if isinstance(out, str):
            Path(out).unlink(missing_ok=True)


def discarding_unsaved(export_fn: Callable[..., T]) -> Callable[..., T]:
    """Decorator for an export: if it fails or is cancelled, the workbooks it made are discarded."""
    @functools.wraps(export_fn)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        before = len(_unsaved.__dict__.get("books", []))
        try:
            return export_fn(*args, **kwargs)
        except BaseException:
            for book in _unsaved.__dict__.get("books", [])[before:]:
                discard(book)
            raise
    return wrapper


def write_about(ws: Any, about: About) -> None:
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 90
    ws.column_dimensions["C"].width = 12

    def cell(value: Any, font: Font | None = None, number_format: str | None = None) -> WriteOnlyCell:
        c = as_text(WriteOnlyCell(ws, value))
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


class _SettledOnFailure:
    """The file a workbook is saved to; once the save failed, it takes every later call without a word.

    openpyxl leaves its zip archive open when the save fails midway (a full disk, a workbook saved twice), and
    the archive's finaliser writes its table of contents at some later garbage collection, after the file is
    closed: that printed "Exception ignored in ZipFile.__del__ … No space left on device" (or "I/O operation on
    closed file").  The failure itself still reaches the caller, and the temp file is removed."""

    def __init__(self, handle) -> None:
        self.handle = handle
        self.settled: int | None = None  # the position when the save failed

    def settle(self) -> None:
        if self.settled is None:
            self.settled = 0 if self.handle.closed else self.handle.tell()

    def write(self, data) -> int:
        if self.settled is not None:
            return len(data)
        try:
            return self.handle.write(data)
        except OSError:
            self.settle()
            raise

    def tell(self) -> int:
        return self.settled if self.settled is not None else self.handle.tell()

    def seek(self, *args) -> int:
        return self.settled if self.settled is not None else self.handle.seek(*args)

    def seekable(self) -> bool:
        return True

    def flush(self) -> None:
        if self.settled is None:
            self.handle.flush()


def save_atomic(book: Workbook, target: Path | str) -> Path:
    """Save to a temp file beside ``target`` and rename it into place; never leaves a half-written file."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(_("Mappen »{folder}« findes ikke", folder=folder))
    try:
        with atomic_path(target, prefix=".inventar-", suffix=".xlsx.part") as tmp:
            for sheet in book.__dict__.get("_inventar_sheets", []):
                sheet.flush()
            with open(tmp, "wb", buffering=1 << 20) as handle:
                sink = _SettledOnFailure(handle)
                try:
                    book.save(sink)
                except BaseException:
                    sink.settle()
                    raise
        books = _unsaved.__dict__.get("books", [])
        if book in books:
            books.remove(book)
    except PermissionError as exc:
        raise ExportError(_("»{name}« kan ikke skrives – er filen åben i Excel? ({error})",
                            name=target.name, error=os_reason(exc))) from exc
    except OSError as exc:
        raise ExportError(_("»{name}« kan ikke skrives: {error}", name=target.name, error=os_reason(exc))) from exc
    return target
