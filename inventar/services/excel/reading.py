"""Opening a workbook for import with clear messages, and finding its sheets by their headers."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from inventar.i18n import _
from inventar.services.excel.columns import SHEET_KINDS, Field, normalise

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
HEADER_SCAN_ROWS = 10
SKIPPED_SHEETS = {"om", "about", "vejledning", "instructions", "readme", "læsmig"}
REQUIRED = {  # kind: groups of fields; every group needs at least one of its fields
    "items": [("category", "uuid", "label_code")],
    "rooms": [("number",), ("floor",)],
    "centres": [("abbreviation",), ("name",)],
    "floors": [("level",), ("name",)],
    "needs": [("centre",), ("category",), ("quantity",)],
}
DETECT_ORDER = ["items", "needs", "centres", "rooms", "floors"]  # on a tie the first wins


class ImportFileError(ValueError):
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
        raise ImportFileError(_("»{name}« kan ikke læses: {error}", name=path.name, error=exc.strerror)) from exc
    not_a_workbook = _("»{name}« er ikke en Excel-projektmappe (.xlsx). Gem filen som .xlsx i Excel og prøv igen.",
                       name=path.name)
    if head[:4] != b"PK\x03\x04":
        raise ImportFileError(not_a_workbook)
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError) as exc:
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
