"""The five exports: register, reuse, disposal, procurement, board.

Each ``export_*`` function reads the database, writes a workbook atomically and returns an
:class:`ExportResult`.  ``progress(done, total)`` is called now and then (it may raise to cancel).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from peewee import JOIN, fn

from inventar.domain.times import format_number, to_local
from inventar.domain.vocabulary import (
    APPROVAL_STATES,
    CATEGORIES,
    DECISION_KINDS,
    DISPOSAL_ROUTES,
    STRATEGY_CRITERIA,
)
from inventar.i18n import _
from inventar.models import Centre, Decision, Floor, Item, Photo, Room
from inventar.services.excel.columns import CENTRE_FIELDS, FLOOR_FIELDS, ITEM_EXPORT_ONLY, ITEM_FIELDS, UUID_FIELD
from inventar.services.excel.decision_text import decision_texts
from inventar.services.excel.procurement_sheets import write_procurement_sheets
from inventar.services.excel.writer import (
    DATE,
    INT,
    About,
    Col,
    SheetInfo,
    SheetWriter,
    discarding_unsaved,
    field_col,
    new_book,
    save_atomic,
    sum_formula,
    thumbnail_bytes,
    write_about,
)
from inventar.services.needs.co2 import co2_avoided
from inventar.services.needs.procurement import BASES, BASIS_LABELS, net, target_centre
from inventar.services.photos.store import PhotoStore
from inventar.services.placement.main_floors import main_floors

BOARD_CO2_BASIS = "proposed"  # the board is asked about proposals: counted with what is approved already
DISPOSAL_BASIS_LABELS = {"approved": "Kun godkendt bortskaffelse", "proposed": "Foreslået og godkendt bortskaffelse"}

Progress = Callable[[int, int], None]
KINDS = ["register", "reuse", "disposal", "procurement", "board"]
STEP = 500


@dataclass
class ExportResult:
    path: Path
    kind: str
    rows: int


def _noop(done: int, total: int) -> None:
    pass


def category_name(code: str) -> str:
    return _(CATEGORIES.get(code, code))


def criteria_names(codes: str) -> str:
    return ", ".join(_(STRATEGY_CRITERIA.get(c, c)) for c in codes.split(",") if c)


def _timestamp(value):
    """A stored UTC datetime as Danish local time to the second (SQLite hands raw rows over as ISO text,
    PostgreSQL as datetime)."""
    return to_local(value)


def _raw_rows(query):
    """The rows of ``query`` straight from the cursor: no per-value conversion (10,000 x 30 values)."""
    sql, params = query.sql()
    cursor = Item._meta.database.execute_sql(sql, params)
    while True:
        rows = cursor.fetchmany(1000)
        if not rows:
            return
        yield from rows


def _yes(value: bool) -> str:
    return _("Ja") if value else _("Nej")


def _primary_photos() -> dict[int, str]:
    primary: dict[int, str] = {}
    query = Photo.select(Photo.item, Photo.file_hash, Photo.is_primary).order_by(Photo.position, Photo.id).tuples()
    for item_id, file_hash, is_primary in query:
        if is_primary:
            primary[item_id] = file_hash
        else:
            primary.setdefault(item_id, file_hash)
    return primary


def _thumb(photos: PhotoStore | None, primary: dict[int, str], item_id: int) -> bytes | None:
    if photos is None or item_id not in primary:
        return None
    path = photos.thumbnail_path(primary[item_id])
    if not path.exists():
        path = photos.path_for(primary[item_id])
    return thumbnail_bytes(path)


def _finish(book, about_ws, about: About, path: Path, kind: str, rows: int) -> ExportResult:
    write_about(about_ws, about)
    save_atomic(book, path)
    return ExportResult(Path(path), kind, rows)


# -- register -----------------------------------------------------------------------------
@discarding_unsaved
def export_register(path: Path | str, *, photos: PhotoStore | None = None, thumbnails: bool = False,
                    source: str = "", progress: Progress = _noop) -> ExportResult:
    """Every item, every field, the photo count, optionally the primary photo as a thumbnail."""
    total = Item.select().count()
    progress(0, total)
    counts = dict(Photo.select(Photo.item, fn.COUNT(Photo.id)).group_by(Photo.item).tuples())
    primary = _primary_photos() if thumbnails and photos else {}
    categories = {code: _(name) for code, name in CATEGORIES.items()}
    yes, no = _yes(True), _yes(False)
    book, about_ws = new_book()
    decisions = decision_texts()
    columns = [f.col() for f in ITEM_FIELDS[1:] + ITEM_EXPORT_ONLY]
    if thumbnails:
        columns.append(Col("Foto", 12))
    columns.append(UUID_FIELD.col())  # last: the key for re-import, not for reading
    sheet = SheetWriter(book, _("Genstande"), columns, image_column=len(columns) - 2 if thumbnails else None)
    query = (Item.select(Item.id, Item.uuid, Item.label_code, Item.category, Item.title, Item.description,
                         Item.manufacturer, Item.model_name, Item.period, Item.material, Item.colour,
                         Item.width_cm, Item.depth_cm, Item.height_cm, Item.quantity, Item.condition,
                         Room.building, Room.floor, Room.number, Room.name, Item.strategy_criteria,
                         Item.hidden_gold, Item.hidden_gold_reason, Item.no_photo_reason, Item.registered_by,
                         Item.registered_at, Centre.abbreviation, Floor.level, Item.updated_at, Item.is_demo)
             .join_from(Item, Room, JOIN.LEFT_OUTER)
             .join_from(Item, Centre, JOIN.LEFT_OUTER, on=(Item.target_centre == Centre.id))
             .join_from(Item, Floor, JOIN.LEFT_OUTER, on=(Item.target_floor == Floor.id))
             .order_by(Item.id))
    for done, row in enumerate(_raw_rows(query), 1):
        (item_id, uid, code, category, title, description, manufacturer, model, period, material, colour, width,
         depth, height, quantity, condition, building, floor, number, room_name, criteria, gold, gold_reason,
         no_photo, registered_by, registered_at, centre, target_floor, updated_at, demo) = row
        values = [code, categories.get(category, category), title, description, manufacturer, model, period,
                  material, colour, width, depth, height, quantity, condition, building, floor, number, room_name,
                  criteria_names(criteria) if criteria else "", yes if gold else no, gold_reason, no_photo,
                  registered_by, _timestamp(registered_at), centre, target_floor, _timestamp(updated_at),
                  counts.get(item_id, 0), yes if demo else no, decisions.get(item_id, "")]
        image = _thumb(photos, primary, item_id) if thumbnails else None
        if thumbnails:
            values.append(None)
        values.append(uid)
        sheet.append(values, image)
        if done % STEP == 0:
            progress(done, total)
    rows = sheet.close()
    centres = SheetWriter(book, _("Centre"), [f.col() for f in CENTRE_FIELDS])
    for row in Centre.select(Centre.abbreviation, Centre.name, Centre.headcount, Centre.citizen_contact,
                             Centre.colour).order_by(Centre.abbreviation).tuples():
        centres.append(row)
    floors = SheetWriter(book, _("Etager"), [f.col() for f in FLOOR_FIELDS])
    for row in Floor.select(Floor.level, Floor.name, Floor.capacity, Floor.area_m2).order_by(Floor.level).tuples():
        floors.append(row)
    progress(total, total)
    about = About(_("Inventarregister"), _("Alle registrerede genstande med alle felter og antal fotos."),
                  _("Alle genstande") + (" · " + _("med fotos") if thumbnails else ""), source,
                  [SheetInfo(_("Genstande"), _("Én række pr. genstand med den aktuelle beslutning; "
                                               "UUID (sidste kolonne) er nøglen ved genimport"), rows),
                   SheetInfo(_("Centre"), _("Centrene, som genstandenes målcenter henviser til"), centres.close()),
                   SheetInfo(_("Etager"), _("Etagerne i det nye rådhus, som måletagen henviser til"),
                             floors.close())])
    return _finish(book, about_ws, about, Path(path), "register", rows)


# -- decisions (reuse, disposal, board) ------------------------------------------------------
def _decision_rows(where) -> list[tuple]:
    """One row per decision.  The target centre is the decision's own (a split part sent to a centre of its
    own: then the floor is that centre's main floor in the active stack plan) or else the item's."""
    query = (Decision.select(Decision.id, Item.id, Item.label_code, Item.category, Item.title, Item.width_cm,
                             Item.depth_cm, Item.height_cm, Item.material, Item.colour, Item.condition,
                             fn.COALESCE(Decision.quantity, Item.quantity), Room.number, Room.name,
                             Centre.abbreviation, Centre.name, Floor.level, Floor.name, Decision.kind,
                             Decision.route, Decision.approval, Decision.reason, Decision.decided_by,
                             Decision.decided_at, Decision.meeting_ref, Decision.approved_at,
                             Decision.target_centre)
             .join(Item)
             .join_from(Item, Room, JOIN.LEFT_OUTER)
             .join_from(Item, Centre, JOIN.LEFT_OUTER, on=(target_centre() == Centre.id))
             .join_from(Item, Floor, JOIN.LEFT_OUTER, on=(Item.target_floor == Floor.id))
             .where(where).tuples())
    rows = list(query)
    if any(r[26] is not None for r in rows):
        main = main_floors()
        floors = {f: (level, name) for f, level, name in Floor.select(Floor.id, Floor.level, Floor.name).tuples()}
        rows = [r if r[26] is None else r[:16] + floors.get(main.get(r[26]), (None, None)) + r[18:] for r in rows]
    return rows


def _room(number: str | None, name: str | None) -> str:
    return f"{number} {name or ''}".strip() if number else ""


@discarding_unsaved
def export_reuse(path: Path | str, *, basis: str = "proposed", source: str = "",
                 progress: Progress = _noop) -> ExportResult:
    """Reused items grouped (sorted) by target floor and centre."""
    rows = _decision_rows((Decision.kind == "reuse") & Decision.approval.in_(BASES[basis]))
    rows.sort(key=lambda r: (r[16] is None, r[16] if r[16] is not None else 0, r[14] or "~", r[2] or "", r[1]))
    progress(0, len(rows))
    book, about_ws = new_book()
    sheet = SheetWriter(book, _("Genbrug"), [
        field_col("target_floor_id", 9, INT), Col("Etagenavn", 12), field_col("target_centre_id", 10), Col("Centernavn", 30),
        field_col("label_code", 13), field_col("category", 16), field_col("title", 26), field_col("quantity", 7, INT),
        Col("Gammelt rum", 22), field_col("width_cm", 10, "0.0"), field_col("depth_cm", 10, "0.0"),
        field_col("height_cm", 10, "0.0"), field_col("material", 16), field_col("colour", 12), field_col("condition", 7, INT),
        field_col("approval", 14), field_col("reason", 36)])
    groups: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for done, r in enumerate(rows, 1):
        sheet.append([r[16], r[17] or (_("Ikke placeret") if r[16] is None else ""), r[14] or "", r[15] or "",
                      r[2], category_name(r[3]), r[4], r[11], _room(r[12], r[13]), r[5], r[6], r[7], r[8], r[9],
                      r[10], _(APPROVAL_STATES.get(r[20], r[20])), r[21]])
        group = groups[(r[16], r[17] or "", r[14] or "", r[15] or "")]
        group[0] += 1
        group[1] += r[11] or 0
        if done % STEP == 0:
            progress(done, len(rows))
    count = sheet.close()
    summary = SheetWriter(book, _("Pr. etage og center"), [
        field_col("target_floor_id", 9, INT), Col("Etagenavn", 12), field_col("target_centre_id", 10), Col("Centernavn", 30),
        Col("Genstande", 10, INT), Col("Stk.", 8, INT)])
    for (level, floor_name, centre, centre_name), (items, pieces) in groups.items():
        summary.append([level, floor_name or _("Ikke placeret"), centre, centre_name, items, pieces])
    groups_count = summary.close()
    about = About(_("Genbrugsliste"), _("Genstande, der genbruges, ordnet efter etage og center i det nye rådhus."),
                  _(BASIS_LABELS[basis]), source,
                  [SheetInfo(_("Genbrug"), _("Én række pr. genbrugsbeslutning"), count),
                   SheetInfo(_("Pr. etage og center"), _("Antal genstande og stk. pr. etage og center"),
                             groups_count)])
    progress(len(rows), len(rows))
    return _finish(book, about_ws, about, Path(path), "reuse", count)


@discarding_unsaved
def export_disposal(path: Path | str, *, basis: str = "proposed", source: str = "",
                    progress: Progress = _noop) -> ExportResult:
    """Items to dispose of, by route, with quantities, and a totals sheet per route."""
    rows = _decision_rows((Decision.kind == "dispose") & Decision.approval.in_(BASES[basis]))
    route_order = list(DISPOSAL_ROUTES)
    rows.sort(key=lambda r: (route_order.index(r[19]) if r[19] in route_order else len(route_order), r[2] or "",
                             r[1]))
    progress(0, len(rows))
    book, about_ws = new_book()
    sheet = SheetWriter(book, _("Bortskaffelse"), [
        field_col("route", 16), field_col("label_code", 13), field_col("category", 16), field_col("title", 26),
        field_col("quantity", 7, INT), field_col("condition", 7, INT), field_col("room_id", 22),
        field_col("material", 16), field_col("approval", 14), field_col("reason", 36), field_col("decided_by", 14),
        Col("Besluttet", 12, DATE)])
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        route = _(DISPOSAL_ROUTES.get(r[19], r[19])) if r[19] else _("Ingen rute valgt")
        sheet.append([route, r[2], category_name(r[3]), r[4], r[11], r[10], _room(r[12], r[13]), r[8],
                      _(APPROVAL_STATES.get(r[20], r[20])), r[21], r[22], _timestamp(r[23])])
        totals[route][0] += 1
        totals[route][1] += r[11] or 0
    count = sheet.close()
    summary = SheetWriter(book, _("Pr. rute"), [field_col("route", 22), Col("Genstande", 10, INT), Col("Stk.", 8, INT)])
    for route, (items, pieces) in totals.items():
        summary.append([route, items, pieces])
    n_routes = summary.close()
    summary.append_plain([_("I alt"), sum_formula("B", 2, 1 + n_routes, sum(t[0] for t in totals.values())),
                          sum_formula("C", 2, 1 + n_routes, sum(t[1] for t in totals.values()))], bold=True)
    about = About(_("Bortskaffelsesliste"), _("Genstande, der ikke genbruges, efter bortskaffelsesrute."),
                  _(DISPOSAL_BASIS_LABELS[basis]), source,
                  [SheetInfo(_("Bortskaffelse"), _("Én række pr. beslutning om bortskaffelse"), count),
                   SheetInfo(_("Pr. rute"), _("Antal genstande og stk. pr. rute, med total"), n_routes)])
    progress(len(rows), len(rows))
    return _finish(book, about_ws, about, Path(path), "disposal", count)


def board_rows() -> list[tuple]:
    """The decision rows awaiting the board (approval »Foreslået«), by kind and label code: the board
    Excel list's rows and the board PDF's (:mod:`inventar.ui.review.board_pdf`)."""
    rows = _decision_rows(Decision.approval == "proposed")
    kind_order = list(DECISION_KINDS)
    rows.sort(key=lambda r: (kind_order.index(r[18]) if r[18] in kind_order else 9, r[2] is None, r[2] or "",
                             r[1]))
    return rows


def primary_photos() -> dict[int, str]:
    """Item id -> file hash of its primary photo (else its first)."""
    return _primary_photos()


@discarding_unsaved
def export_board(path: Path | str, *, photos: PhotoStore | None = None, source: str = "",
                 progress: Progress = _noop) -> ExportResult:
    """The proposals awaiting the board's approval, with a photo thumbnail per row and, for reuse, the pieces
    that replace a purchase and the CO2e that avoids (:func:`inventar.services.needs.co2.co2_avoided`, the
    dashboard's and the board PDF's calculation, on the basis "proposed and approved")."""
    rows = board_rows()
    avoided = co2_avoided(BOARD_CO2_BASIS)
    primary = _primary_photos() if photos else {}
    progress(0, len(rows))
    book, about_ws = new_book()
    sheet = SheetWriter(book, _("Indstilling"), [
        Col("Nr.", 6, INT), Col("Foto", 12), field_col("label_code", 13), field_col("category", 16), field_col("title", 26),
        Col("Forslag", 12), field_col("route", 14), field_col("quantity", 7, INT), field_col("condition", 7, INT),
        Col("Nuværende rum", 22),
        field_col("target_centre_id", 10), field_col("target_floor_id", 9, INT), field_col("reason", 40, wrap=True),
        Col("Foreslået af", 14), Col("Foreslået", 12, DATE), field_col("meeting_ref", 16),
        Col("Erstatter indkøb (stk.)", 12, INT), Col("CO2e undgået, lav (kg)", 13, INT),
        Col("CO2e undgået, høj (kg)", 13, INT), Col("Godkendt (ja/nej)", 12)],
        image_column=1)
    for done, r in enumerate(rows, 1):
        part = avoided.part(r[0]) if r[18] == "reuse" else None
        sheet.append([done, None, r[2], category_name(r[3]), r[4], _(DECISION_KINDS.get(r[18], r[18])),
                      _(DISPOSAL_ROUTES.get(r[19], r[19])) if r[19] else "", r[11], r[10], _room(r[12], r[13]),
                      r[14] or "", r[16], r[21], r[22], _timestamp(r[23]), r[24],
                      part.replacing if part else None, round(part.low) if part else None,
                      round(part.high) if part else None, ""],
                     _thumb(photos, primary, r[1]))
        if done % 50 == 0:
            progress(done, len(rows))
    count = sheet.close()
    low, high = avoided.of_decisions(r[0] for r in rows)
    about = About(_("Indstilling til direktionen"),
                  _("Forslag om genbrug og bortskaffelse, der afventer direktionens godkendelse. CO2e undgået ved "
                    "forslagene: {low}–{high} kg: genbrug, der erstatter et indkøb (som på indkøbslisten med "
                    "foreslået og godkendt genbrug), gange faktorerne pr. kategori, netto efter istandsættelse og "
                    "transport.", low=format_number(low, 0), high=format_number(high, 0)),
                  _("Beslutninger med status »Foreslået«"), source,
                  [SheetInfo(_("Indstilling"), _("Ét forslag pr. række, med foto"), count)])
    progress(len(rows), len(rows))
    return _finish(book, about_ws, about, Path(path), "board", count)


# -- procurement --------------------------------------------------------------------------
@discarding_unsaved
def export_procurement(path: Path | str, *, basis: str = "approved", source: str = "",
                       progress: Progress = _noop) -> ExportResult:
    """The purchase list (needs minus reuse), one line per centre and category, surplus, and totals as
    Excel formulas; the netting rules are :mod:`inventar.services.needs.procurement`'s."""
    progress(0, 4)
    result = net(basis)
    book, about_ws = new_book()
    infos = write_procurement_sheets(book, result, lambda done: progress(done, 4))
    about = About(_("Indkøbsliste"), _("Behov i det nye rådhus minus genbrug; resten skal købes. "
                                       "Behov er indtastet eller beregnet ud fra indretningsnormen. "
                                       "Genbrug med målcenter dækker centrets behov på alle etager; genbrug "
                                       "uden målcenter dækker resten af behovet i samme kategori, center for "
                                       "center, og ellers er det overskud."),
                  _(BASIS_LABELS[basis]), source, infos)
    progress(4, 4)
    return _finish(book, about_ws, about, Path(path), "procurement", infos[0].rows)


def export(kind: str, path: Path | str, *, photos: PhotoStore | None = None, thumbnails: bool = False,
           basis: str | None = None, source: str = "", progress: Progress = _noop) -> ExportResult:
    """Dispatch by kind (the CLI's and the menu's single entry point)."""
    if kind == "register":
        return export_register(path, photos=photos, thumbnails=thumbnails, source=source, progress=progress)
    if kind == "reuse":
        return export_reuse(path, basis=basis or "proposed", source=source, progress=progress)
    if kind == "disposal":
        return export_disposal(path, basis=basis or "proposed", source=source, progress=progress)
    if kind == "procurement":
        return export_procurement(path, basis=basis or "approved", source=source, progress=progress)
    if kind == "board":
        return export_board(path, photos=photos, source=source, progress=progress)
    raise ValueError(f"unknown export {kind!r}")
