"""The Excel template for the new building: floors, centres and the collaboration matrix.

``export_template`` writes the current data (an empty template when there is
none); ``import_template`` reads it back, checks every cell first and then
writes everything in one transaction: floors are matched by level, centres by
abbreviation, and the matrix must be symmetric where both halves are filled.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from inventar.domain.vocabulary import floor_name
from inventar.files import atomic_path
from inventar.i18n import _
from inventar.models import Centre
from inventar.services.excel.reading import ImportFileError, open_workbook
from inventar.services.excel.writer import as_text
from inventar.services.placement.service import PlacementError, PlacementService

FLOOR_SHEET, CENTRE_SHEET, MATRIX_SHEET = "Etager", "Centre", "Samarbejde"
# The workbook format: Danish headers in every UI language (the import matches them).
FLOOR_HEADERS = ["Niveau", "Navn", "Arbejdspladser", "Areal m2"]  # i18n: ignore
CENTRE_HEADERS = ["Forkortelse", "Navn", "Arbejdspladser", "Borgerkontakt (0-5)", "Farve"]  # i18n: ignore

MAX_TEMPLATE_ROWS = 1000  # floors or centres a sheet: a building has tens


@dataclass
class ImportSummary:
    floors: int
    centres: int
    pairs: int


def export_template(service: PlacementService, path: str | Path) -> Path:
    path = Path(path)
    book = Workbook()
    bold = Font(bold=True)
    floors_sheet = book.active
    floors_sheet.title = FLOOR_SHEET
    floors_sheet.append(FLOOR_HEADERS)
    for f in service.floors():
        floors_sheet.append([f.level, f.name or floor_name(f.level), f.capacity, service.floor_area(f.id)])
    centres_sheet = book.create_sheet(CENTRE_SHEET)
    centres_sheet.append(CENTRE_HEADERS)
    problem = service.problem()
    for c in problem.centres:
        centres_sheet.append([c.abbreviation, c.name, c.workplaces, c.contact, c.colour])
        centres_sheet.cell(centres_sheet.max_row, 5).fill = PatternFill("solid", fgColor=c.colour.lstrip("#"))
    matrix = book.create_sheet(MATRIX_SHEET)
    matrix.append([""] + [c.abbreviation for c in problem.centres])
    for a in problem.centres:
        matrix.append([a.abbreviation] + [None if a.id == b.id else problem.value(a.id, b.id)
                                          for b in problem.centres])
    for sheet in (floors_sheet, centres_sheet):
        for cell in sheet[1]:
            cell.font = bold
        sheet.column_dimensions["B"].width = 36
    for cell in list(matrix[1]) + [row[0] for row in matrix.iter_rows(min_row=2)]:
        cell.font = bold
    for sheet in (floors_sheet, centres_sheet, matrix):  # a name like »=HYPERLINK(…)« stays text
        for row in sheet.iter_rows():
            for cell in row:
                as_text(cell)
    with atomic_path(path, prefix=".inventar-", suffix=".xlsx.part") as temp:
        book.save(temp)
    return path


def _int(value, sheet: str, row: int, column: str) -> int:
    try:
        if isinstance(value, float) and not value.is_integer():
            raise ValueError
        return int(value)
    except (TypeError, ValueError):
        raise PlacementError(_("Arket »{sheet}«, række {row}: {column} skal være et helt tal (fandt »{value}«)",
                               sheet=sheet, row=row, column=column, value=value)) from None


def _area(value, row: int) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        raise PlacementError(_("Arket »{sheet}«, række {row}: Areal m2 skal være et tal (fandt »{value}«)",
                               sheet=FLOOR_SHEET, row=row, value=value)) from None


def _rows(book, name: str, headers: list[str]) -> list[tuple[int, tuple]]:
    if name not in book.sheetnames:
        raise PlacementError(_("Regnearket mangler arket »{sheet}«", sheet=name))
    rows = list(islice(book[name].iter_rows(values_only=True), MAX_TEMPLATE_ROWS + 2))  # the header and one more
    if len(rows) > MAX_TEMPLATE_ROWS + 1:
        raise PlacementError(_("Arket »{sheet}« har over {limit} rækker; en skabelon har en række pr. etage eller "
                               "center", sheet=name, limit=MAX_TEMPLATE_ROWS))
    found = [str(v or "").strip() for v in (rows[0] if rows else ())][:len(headers)]
    if name != MATRIX_SHEET and found != headers:
        raise PlacementError(_("Arket »{sheet}« skal have kolonnerne: {columns}", sheet=name,
                               columns=", ".join(headers)))
    return [(i, r) for i, r in enumerate(rows[1:], start=2) if any(v not in (None, "") for v in r)]


def import_template(service: PlacementService, path: str | Path) -> ImportSummary:
    try:  # the import's checks: not a workbook, the old format, a password, cut off, too large
        book = open_workbook(path)
    except ImportFileError as exc:
        raise PlacementError(str(exc)) from exc
    floors, centres = [], []
    for row, values in _rows(book, FLOOR_SHEET, FLOOR_HEADERS):
        level, name, capacity, area = (list(values) + [None] * 4)[:4]
        area = _area(area, row)
        level = _int(level, FLOOR_SHEET, row, "Niveau")
        floors.append((row, level, str(name or "").strip() or floor_name(level),  # the one floor name when blank
                       _int(capacity, FLOOR_SHEET, row, "Arbejdspladser"), area))
    for row, values in _rows(book, CENTRE_SHEET, CENTRE_HEADERS):
        abbreviation, name, workplaces, contact, colour = (list(values) + [None] * 5)[:5]
        centres.append((row, str(abbreviation or "").strip(), str(name or "").strip(),
                        _int(workplaces, CENTRE_SHEET, row, "Arbejdspladser"),
                        _int(contact, CENTRE_SHEET, row, "Borgerkontakt"), str(colour or "#7f8c8d").strip()))
    for label, keys in ((FLOOR_SHEET, [f[1] for f in floors]), (CENTRE_SHEET, [c[1].lower() for c in centres])):
        duplicates = sorted({str(k) for k in keys if keys.count(k) > 1})
        if duplicates:
            raise PlacementError(_("Arket »{sheet}« har dubletter: {list}", sheet=label, list=", ".join(duplicates)))
    known = {c[1] for c in centres} | {c for c, in Centre.select(Centre.abbreviation).tuples()}
    matrix: dict[tuple[str, str], int] = {}
    rows = _rows(book, MATRIX_SHEET, [])
    header = [str(v or "").strip() for v in next(book[MATRIX_SHEET].iter_rows(max_row=1, values_only=True), ())]
    for row, values in rows:
        a = str(values[0] or "").strip()
        for column, value in enumerate(values[1:], start=1):
            if value in (None, "") or column >= len(header) or not header[column] or header[column] == a:
                continue
            b = header[column]
            for abbreviation in (a, b):
                if abbreviation not in known:
                    raise PlacementError(_("Arket »{sheet}«, række {row}: ukendt center »{centre}«",
                                           sheet=MATRIX_SHEET, row=row, centre=abbreviation))
            number = _int(value, MATRIX_SHEET, row, b)
            if not 0 <= number <= 9:
                raise PlacementError(_("Arket »{sheet}«, række {row}: samarbejde {a}–{b} skal være 0–9 (fandt {value})",
                                       sheet=MATRIX_SHEET, row=row, a=a, b=b, value=number))
            key = (min(a, b), max(a, b))
            if key in matrix and matrix[key] != number:
                raise PlacementError(_("Matricen er ikke symmetrisk: {a}–{b} er både {x} og {y}", a=key[0], b=key[1],
                                       x=matrix[key], y=number))
            matrix[key] = number
    with Centre._meta.database.atomic():  # all or nothing: validation errors below roll back
        existing_floors = {f.level: f.id for f in service.floors()}
        for row, level, name, capacity, area in floors:
            try:
                service.save_floor(existing_floors.get(level), level, name, capacity, area)
            except PlacementError as exc:
                raise PlacementError(_("Arket »{sheet}«, række {row}: {error}", sheet=FLOOR_SHEET, row=row,
                                       error=exc)) from None
        existing_centres = {c.abbreviation: c.id for c in service.centres()}
        for row, abbreviation, name, workplaces, contact, colour in centres:
            try:
                service.save_centre(existing_centres.get(abbreviation), name, abbreviation, workplaces, contact,
                                    colour)
            except PlacementError as exc:
                raise PlacementError(_("Arket »{sheet}«, række {row}: {error}", sheet=CENTRE_SHEET, row=row,
                                       error=exc)) from None
        ids = {c.abbreviation: c.id for c in service.centres()}
        for (a, b), value in matrix.items():
            service.set_collaboration(ids[a], ids[b], value)
    return ImportSummary(len(floors), len(centres), sum(1 for v in matrix.values() if v))


__all__ = ["ImportSummary", "export_template", "import_template"]
