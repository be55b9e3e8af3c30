"""Opening a workbook for import with clear messages, and finding its sheets by their headers."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from lxml import etree
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException

from inventar.domain.times import format_number
from inventar.errors import UserError, os_reason
from inventar.i18n import _
from inventar.services.excel.columns import SHEET_KINDS, Field, normalise

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
HEADER_SCAN_ROWS = 10
SKIPPED_SHEETS = {"om", "about", "vejledning", "instructions", "readme", "læsmig"}  # i18n: ignore (sheet names)
REQUIRED = {  # kind: groups of fields; every group needs at least one of its fields
    "items": [("category", "uuid", "label_code")],
    "rooms": [("number",), ("floor",)],
    "centres": [("abbreviation",), ("name",)],
    "floors": [("level",), ("name",)],
    "needs": [("centre",), ("category",), ("quantity",)],
}
DETECT_ORDER = ["items", "needs", "centres", "rooms", "floors"]  # on a tie the first wins
# A workbook from outside is bounded: a 10 MB file of 1,000,000 rows took 100 s and 1.1 GB to check (the
# municipality's whole register is some 10,000 items, 3 MB of sheet XML)
MAX_ROWS = 100_000  # data rows a sheet
MAX_UNPACKED = 256 * (1 << 20)  # bytes of the whole workbook unpacked, as its zip headers say


class ImportFileError(UserError, ValueError):
    """The file cannot be imported at all; the message is for users."""


def open_workbook(path: Path | str) -> Any:
    """A read-only workbook, or :class:`ImportFileError` saying why the file is not one."""
    path = Path(path)
    if not path.exists():
        raise ImportFileError(_("Filen »{name}« findes ikke", name=path.name))
    if path.is_dir():
        raise ImportFileError(_("»{name}« er en mappe, ikke en Excel-fil", name=path.name))
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
            if head == OLE_MAGIC:
                if ENCRYPTION_STREAM in head + handle.read():
                    raise ImportFileError(_("»{name}« er beskyttet med adgangskode. Åbn den i Excel, fjern "
                                            "adgangskoden (Filer ▸ Oplysninger ▸ Beskyt projektmappe) og gem "
                                            "den igen.", name=path.name))
                raise ImportFileError(_("»{name}« er i det gamle Excel-format (.xls). Åbn den i Excel og gem "
                                        "den som Excel-projektmappe (.xlsx).", name=path.name))
    except OSError as exc:
        raise ImportFileError(_("»{name}« kan ikke læses: {error}", name=path.name, error=os_reason(exc))) from exc
    not_a_workbook = _("»{name}« er ikke en Excel-projektmappe (.xlsx). Gem filen som .xlsx i Excel og prøv igen.",
                       name=path.name)
    if head[:4] != b"PK\x03\x04":
        raise ImportFileError(not_a_workbook)
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED:
            raise ImportFileError(_("»{name}« er for stor: {size} MB pakket ud (højst {limit} MB). Del listen op i "
                                    "flere filer.", name=path.name, size=unpacked >> 20, limit=MAX_UNPACKED >> 20))
        return load_workbook(path, read_only=True, data_only=True)
    except zipfile.BadZipFile as exc:  # begins like one, but its table of contents is gone: cut off on the way
        raise ImportFileError(_("»{name}« er beskadiget eller afkortet (kun en del af en Excel-projektmappe). Hent "
                                "eller gem filen igen, og prøv igen.", name=path.name)) from exc
    except (InvalidFileException, KeyError, ValueError, TypeError, OSError) as exc:
        raise ImportFileError(not_a_workbook + " " + _("({error})", error=exc)) from exc


@dataclass
class Mapping:
    """Which column of a sheet holds which field."""

    kind: str
    header_row: int  # 1-based, as the spreadsheet shows it
    columns: dict[str, int]  # field name -> 0-based column index
    headers: dict[str, str]  # field name -> the header text in the file
    ignored: list[str] = field(default_factory=list)

    def column_label(self, name: str) -> str:
        if name in self.columns:
            return f"{get_column_letter(self.columns[name] + 1)} »{self.headers[name]}«"
        return name


def _match(row: tuple, fields: list[Field]) -> tuple[dict[str, int], dict[str, str], list[str]]:
    lookup: dict[str, str] = {}
    for f in fields:
        for key in f.keys():
            lookup.setdefault(key, f.name)
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    for index, value in enumerate(row):
        if value is None or not str(value).strip():
            continue
        name = lookup.get(normalise(value))
        if name and name not in columns:
            columns[name] = index
            headers[name] = str(value).strip()
        else:
            ignored.append(str(value).strip())
    return columns, headers, ignored


def _acceptable(kind: str, columns: dict[str, int]) -> bool:
    return all(any(name in columns for name in group) for group in REQUIRED[kind])


def detect(ws: Any) -> Mapping | None:
    """The best header row and sheet kind in the first rows of ``ws`` (by its name first, then its headers)."""
    name = normalise(ws.title)
    if name in SKIPPED_SHEETS:
        return None
    named = [kind for kind, (_f, _n, names) in SHEET_KINDS.items() if name in {normalise(n) for n in names}]
    kinds = named or DETECT_ORDER
    best: Mapping | None = None
    for row_number, row in enumerate(ws.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True), 1):
        for kind in kinds:
            columns, headers, ignored = _match(row, SHEET_KINDS[kind][0])
            if not _acceptable(kind, columns):
                continue
            if best is None or len(columns) > len(best.columns):
                best = Mapping(kind, row_number, columns, headers, ignored)
    return best


def no_sheet_message(path: Path, sheet_names: list[str]) -> str:
    return _("Ingen ark i »{name}« har kolonneoverskrifter, som Inventar kender (fandt arkene: {sheets}). "
             "Et ark med genstande skal mindst have kolonnen »Kategori« (eller »UUID«/»Etiketkode«); "
             "hent skabelonen for at se alle kolonner.", name=path.name, sheets=", ".join(sheet_names) or "–")


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _INLINE_TEXT = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}v", f"{_MAIN}t"


def data_rows(ws: Any, min_row: int) -> Iterator[tuple[int, tuple]]:
    """(row number as the spreadsheet shows it, values) of every row from ``min_row`` of a read-only sheet;
    :class:`ImportFileError` past :data:`MAX_ROWS` rows."""
    for count, row in enumerate(_sheet_rows(ws, min_row), start=1):
        if count > MAX_ROWS:
            raise ImportFileError(_("Arket »{sheet}« har over {limit} rækker; Inventar læser højst {limit} rækker pr. "
                                    "ark. Del listen op i flere filer.", sheet=ws.title,
                                    limit=format_number(MAX_ROWS, 0)))
        yield row


def _sheet_rows(ws: Any, min_row: int) -> Iterator[tuple[int, tuple]]:
    """The rows of :func:`data_rows`: the same values openpyxl's read-only ``iter_rows(values_only=True)`` gives,
    read with lxml straight from the sheet's XML: openpyxl builds and validates an object per cell (three times
    slower on 10,000 rows).  Falls back to openpyxl when the sheet is not a plain read-only worksheet."""
    try:
        source = ws.parent._archive.open(ws._worksheet_path)
        strings, dates, epoch = ws._shared_strings, ws.parent._date_formats, ws.parent.epoch
    except AttributeError:
        yield from enumerate(ws.iter_rows(min_row=min_row, values_only=True), min_row)
        return
    columns: dict[str, int] = {}
    with source:
        previous = 0
        for _event, row in etree.iterparse(source, tag=_ROW, huge_tree=True):
            number = int(row.get("r") or previous + 1)
            previous = number
            if number >= min_row:
                values: list = []
                for cell in row.iterchildren(_CELL):
                    ref = cell.get("r")
                    if ref:
                        letters = ref.rstrip("0123456789")
                        column = columns.get(letters)
                        if column is None:
                            column = columns[letters] = column_index_from_string(letters) - 1
                    else:
                        column = len(values)
                    if column > len(values):
                        values.extend([None] * (column - len(values)))
                    values.append(_cell_value(cell, strings, dates, epoch))
                yield number, tuple(values)
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]


def _cell_value(cell: Any, strings: Any, dates: Any, epoch: Any) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return "".join(cell.itertext(_INLINE_TEXT))
    value = None
    for child in cell:
        if child.tag == _VALUE:
            value = child.text
            break
    if value is None:
        return None
    if kind == "n":
        number = float(value) if ("." in value or "E" in value or "e" in value) else int(value)
        if dates and int(cell.get("s", 0)) in dates:
            return from_excel(number, epoch)
        return number
    if kind == "s":
        return strings[int(value)]
    if kind == "b":
        return value == "1"
    if kind == "d":
        return datetime.fromisoformat(value.rstrip("Z"))
    if kind == "e":
        return None
    return value  # "str": a formula's text result
