"""The board's meeting paper (bilag) as an A4 PDF, painted with Qt's own QPdfWriter.

Made from the board Excel list's rows (:func:`inventar.services.excel.exports.board_rows`): a title
page (meeting, date, totals), the proposals grouped by target centre and floor (a split part at its
own centre) with a thumbnail photo, label code, title, quantity (split parts), decision, disposal
route and the CO2e avoided (:func:`inventar.services.needs.co2.co2_avoided`, the dashboard's and the
board list's calculation), then the stack plan on its own page
(:func:`inventar.services.placement.plan_picture.draw_plan`, the placement window's picture).
Everything that matters is written as text, so the paper reads in black and white; every page is
numbered "Side n af N".  The file is written beside the target and renamed into place.

Only QtCore and QtGui are used (no widgets, nothing shown): a ``QGuiApplication`` is enough, so the
review window and the ``board-pdf`` command make the same paper.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtCore import QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from inventar import APP_NAME
from inventar.domain.times import format_number
from inventar.domain.vocabulary import DECISION_KINDS, DISPOSAL_ROUTES
from inventar.errors import UserError
from inventar.i18n import _
from inventar.models import Item
from inventar.services.needs.co2 import co2_avoided
from inventar.services.pdf_file import write_pdf
from inventar.services.photos.store import PhotoStore
from inventar.services.placement.plan_picture import draw_plan

CO2_BASIS = "proposed"  # the proposals, counted with the reuse the board approved already (as the board list)

Progress = Callable[[int, int], None]
RESOLUTION = 300  # dots per inch
MARGIN = 15.0  # mm
ROW = 22.0  # mm per proposal row
HEADING = 11.0  # mm per group heading
HEADER = 14.0  # mm page header (title and rule)
FOOTER = 10.0  # mm page footer (page number)


class BoardPdfError(UserError, ValueError):
    """The paper cannot be painted (no proposals, a PDF writer that refuses)."""


@dataclass
class Proposal:
    item_id: int
    code: str
    category: str
    title: str
    quantity: int
    item_quantity: int
    kind: str
    route: str
    room: str
    reason: str
    photo: str | None
    replacing: int = 0  # reused pieces that replace a purchase
    co2_low: float = 0.0
    co2_high: float = 0.0


@dataclass
class Group:
    heading: str
    proposals: list[Proposal] = field(default_factory=list)


@dataclass
class Paper:
    meeting: str
    day: date
    groups: list[Group]
    totals: dict[str, int]  # decision kind -> pieces
    routes: dict[str, int]  # route -> pieces
    co2: tuple[float, float]  # kg avoided by the proposals
    co2_with_approved: tuple[float, float] = (0.0, 0.0)  # kg avoided by proposed and approved reuse together


def default_meeting() -> str:
    """The meeting reference the proposals carry already (a proposal sent back and proposed again), or ""."""
    from inventar.services.excel.exports import board_rows

    return ", ".join(OrderedDict.fromkeys(r[24] for r in board_rows() if r[24]))


def collect(meeting: str = "", day: date | None = None) -> Paper:
    """The board list's rows, grouped by target centre and floor (disposals and rows without a target last)."""
    from inventar.services.excel.exports import board_rows, category_name, primary_photos

    rows = board_rows()
    primary = primary_photos()
    avoided = co2_avoided(CO2_BASIS)
    wholes = dict(Item.select(Item.id, Item.quantity).where(Item.id.in_({r[1] for r in rows})).tuples()) if rows else {}
    keyed: dict[tuple, Group] = {}
    totals: dict[str, int] = defaultdict(int)
    routes: dict[str, int] = defaultdict(int)
    co2_low = co2_high = 0.0
    for r in rows:
        kind, route = r[18], r[19]
        quantity = int(r[11] or 0)
        proposal = Proposal(r[1], r[2] or "", category_name(r[3]), r[4] or "", quantity, int(wholes.get(r[1]) or 0),
                            kind, route or "", f"{r[12]} {r[13] or ''}".strip() if r[12] else "", r[21] or "",
                            primary.get(r[1]))
        part = avoided.part(r[0]) if kind == "reuse" else None
        if part is not None:  # the pieces that replace a purchase, net CO2e
            proposal.replacing, proposal.co2_low, proposal.co2_high = part.replacing, part.low, part.high
            co2_low += part.low
            co2_high += part.high
        totals[kind] += quantity
        if route:
            routes[route] += quantity
        if r[14]:
            centre = f"{r[14]} – {r[15] or ''}".rstrip(" –")
            floor = _("etage {level}", level=r[16]) if r[16] is not None else _("uden etage")
            key = (0, r[14], r[16] if r[16] is not None else 999)
            heading = _("{centre}, {floor}", centre=centre, floor=r[17] or floor)
        elif r[16] is not None:
            key = (1, "", r[16])
            heading = _("Uden målcenter, {floor}", floor=r[17] or _("etage {level}", level=r[16]))
        else:
            key = (2, kind, 0)
            heading = _("Uden målcenter og etage: {kind}", kind=_(DECISION_KINDS.get(kind, kind)))
        keyed.setdefault(key, Group(heading)).proposals.append(proposal)
    groups = [keyed[k] for k in sorted(keyed)]
    meeting = meeting.strip() or ", ".join(OrderedDict.fromkeys(r[24] for r in rows if r[24]))
    return Paper(meeting, day or date.today(), groups, dict(totals), dict(routes), (co2_low, co2_high),
                 avoided.total)


def _kg(value: float) -> str:
    return format_number(value, 0)


class _Painter:
    def __init__(self, writer: QPdfWriter, photos: PhotoStore | None) -> None:
        self.writer = writer
        self.photos = photos
        self.unit = RESOLUTION / 25.4
        rect = writer.pageLayout().paintRectPixels(RESOLUTION)
        self.width, self.height = rect.width(), rect.height()
        self.painter = QPainter()

    def mm(self, value: float) -> float:
        return value * self.unit

    def font(self, size: float, bold: bool = False) -> QFont:
        font = QFont()
        font.setStyleHint(QFont.StyleHint.SansSerif)
        font.setPointSizeF(size)
        font.setBold(bold)
        return font

    def text(self, x: float, y: float, w: float, h: float, text: str, size: float = 9, bold: bool = False,
             align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) -> None:
        font = self.font(size, bold)
        self.painter.setFont(font)
        width = self.mm(w)
        elided = QFontMetricsF(font, self.writer).elidedText(text, Qt.TextElideMode.ElideRight, width)
        self.painter.drawText(QRectF(self.mm(x), self.mm(y), width, self.mm(h)), int(align), elided)

    def paragraph(self, x: float, y: float, w: float, text: str, size: float = 8, max_h: float = 40) -> float:
        """``text`` word-wrapped into ``w`` mm from (x, y); returns the height used in mm."""
        font = self.font(size)
        self.painter.setFont(font)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
        box = QRectF(self.mm(x), self.mm(y), self.mm(w), self.mm(max_h))
        used = QFontMetricsF(font, self.writer).boundingRect(box, flags, text)
        self.painter.drawText(box, flags, text)
        return min(used.height(), box.height()) / self.unit

    def rule(self, y: float, weight: float = 0.3) -> None:
        self.painter.setPen(QPen(QColor("black"), self.mm(weight)))
        self.painter.drawLine(QPointF(0, self.mm(y)), QPointF(self.width, self.mm(y)))

    def frame(self, title: str, page: int, pages: int) -> None:
        page_mm = self.width / self.unit
        self.painter.setPen(QColor("black"))
        self.text(0, 0, page_mm * 0.7, 8, title, 11, True)
        self.text(page_mm * 0.7, 0, page_mm * 0.3, 8, APP_NAME, 8, align=Qt.AlignmentFlag.AlignRight
                  | Qt.AlignmentFlag.AlignVCenter)
        self.rule(9)
        self.painter.setPen(QColor("black"))
        bottom = self.height / self.unit
        self.text(0, bottom - 6, page_mm, 6, _("Side {page} af {pages}", page=page, pages=pages), 8,
                  align=Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignVCenter)

    def photo(self, x: float, y: float, side: float, file_hash: str | None) -> None:
        box = QRectF(self.mm(x), self.mm(y), self.mm(side), self.mm(side))
        image = QImage()
        if self.photos is not None and file_hash:
            path = self.photos.thumbnail_path(file_hash)
            if not path.exists():
                path = self.photos.path_for(file_hash)
            image = QImage(str(path))
        if image.isNull():
            self.painter.setPen(QPen(QColor("#808080"), self.mm(0.2), Qt.PenStyle.DashLine))
            self.painter.setBrush(Qt.BrushStyle.NoBrush)
            self.painter.drawRect(box)
            self.painter.setPen(QColor("black"))
            self.text(x, y, side, side, _("Intet foto"), 6, align=Qt.AlignmentFlag.AlignCenter)
            return
        size = image.size().scaled(box.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRectF(box.x() + (box.width() - size.width()) / 2, box.y() + (box.height() - size.height()) / 2,
                        size.width(), size.height())
        self.painter.drawImage(target, image)


def _pages(paper: Paper, usable: float) -> list[list[tuple[str, object]]]:
    """The proposal pages: lists of ("heading", Group) and ("row", Proposal), fitted to ``usable`` mm."""
    pages: list[list[tuple[str, object]]] = [[]]
    left = usable
    for group in paper.groups:
        for index, proposal in enumerate(group.proposals):
            need = ROW + (HEADING if index == 0 else 0)
            if need > left and pages[-1]:
                pages.append([])
                left = usable
            if index == 0 or not pages[-1]:
                pages[-1].append(("heading", group))
                left -= HEADING
            pages[-1].append(("row", proposal))
            left -= ROW
    return [page for page in pages if page]


def _quantity(p: Proposal) -> str:
    if p.item_quantity and p.quantity != p.item_quantity:
        return _("{part} af {whole}", part=p.quantity, whole=p.item_quantity)
    return str(p.quantity)


def paint(path: Path | str, paper: Paper, photos: PhotoStore | None, plan=None,
          progress: Progress | None = None) -> int:
    """Write ``paper`` (and ``plan``: (problem, shares, pinned)) as a PDF; returns the page count.  Without a
    plan there is no stack plan page.  Painted in memory and written atomically (a full disk raises)."""
    pages = write_pdf(path, lambda device: _paint_onto(device, paper, photos, plan, progress),
                      BoardPdfError(_("Indstillingen kunne ikke laves som PDF")), prefix=".board-")
    if progress is not None:
        progress(pages, pages)
    return pages


def _paint_onto(device: QIODevice, paper: Paper, photos: PhotoStore | None, plan,
                progress: Progress | None) -> int:
    writer = QPdfWriter(device)
    writer.setResolution(RESOLUTION)
    writer.setTitle(_("Indstilling til direktionen"))
    writer.setCreator(APP_NAME)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(MARGIN, MARGIN, MARGIN, MARGIN), QPageLayout.Unit.Millimeter))
    out = _Painter(writer, photos)
    page_w, page_h = out.width / out.unit, out.height / out.unit
    body = _pages(paper, page_h - HEADER - FOOTER - 8)  # the column header row takes 8 mm
    pages = 1 + len(body) + (1 if plan is not None else 0)
    title = _("Indstilling til direktionen")
    painter = out.painter
    if not painter.begin(writer):
        raise BoardPdfError(_("Kan ikke tegne på PDF-filen"))
    try:
        # -- title page
        out.frame(title, 1, pages)
        out.text(0, 30, page_w, 14, title, 22, True)
        out.text(0, 46, page_w, 8, _("Genbrug og bortskaffelse af inventar i det nye rådhus"), 12)
        lines = [(_("Møde"), paper.meeting or _("(ikke angivet)")),
                 (_("Dato"), paper.day.strftime("%d-%m-%Y")),
                 (_("Forslag"), str(sum(len(g.proposals) for g in paper.groups)))]
        for kind, pieces in sorted(paper.totals.items(), key=lambda kv: list(DECISION_KINDS).index(kv[0])
                                   if kv[0] in DECISION_KINDS else 9):
            lines.append((_(DECISION_KINDS.get(kind, kind)), _("{n} stk.", n=pieces)))
        for route, pieces in sorted(paper.routes.items()):
            lines.append(("  " + _("heraf {route}", route=_(DISPOSAL_ROUTES.get(route, route)).lower()),
                          _("{n} stk.", n=pieces)))
        lines.append((_("CO2e undgået ved forslagene"), _("{low}–{high} kg", low=_kg(paper.co2[0]),
                                                             high=_kg(paper.co2[1]))))
        lines.append(("  " + _("med godkendt genbrug i alt"), _("{low}–{high} kg",
                                                                low=_kg(paper.co2_with_approved[0]),
                                                                high=_kg(paper.co2_with_approved[1]))))
        y = 64.0
        for label, value in lines:
            out.text(0, y, 70, 7, label, 11, not label.startswith("  "))
            out.text(70, y, page_w - 70, 7, value, 11)
            y += 8
        y += 6
        y += out.paragraph(0, y, page_w, _(
            "CO2e: kun genbrug, der erstatter et indkøb (som indkøbslisten med foreslået og godkendt genbrug), "
            "gange faktorerne pr. kategori (lav–høj), netto efter istandsættelse og transport; samme tal som "
            "overblikket og direktionslisten.")) + 2
        out.paragraph(0, y, page_w, _("Godkendelse: direktionen godkender eller afviser hvert forslag; "
                                      "beslutningerne registreres i Inventar."))
        # -- proposals
        columns = [(_("Foto"), 0, 20), (_("Mærke"), 22, 28), (_("Genstand"), 51, 60), (_("Antal"), 112, 20),
                   (_("Forslag"), 134, 20), (_("Rute"), 156, 0)]
        for number, page in enumerate(body, 2):
            writer.newPage()
            out.frame(title, number, pages)
            y = HEADER
            for name, x, w in columns:
                out.text(x, y, w or page_w - x, 6, name, 8, True)
            out.rule(y + 7, 0.2)
            y += 8
            for kind, entry in page:
                if kind == "heading":
                    out.text(0, y + 2, page_w, 8, entry.heading, 11, True)
                    y += HEADING
                    continue
                p: Proposal = entry
                out.photo(0, y + 1, 19, p.photo)
                out.text(22, y + 1, 28, 6, p.code, 8, True)
                out.text(51, y + 1, 60, 6, p.title or p.category, 9, True)
                out.text(51, y + 7, 60, 5, ", ".join(part for part in (p.category, p.room) if part), 7)
                if p.reason:
                    out.text(51, y + 12, 60, 5, p.reason, 7)
                out.text(112, y + 1, 21, 6, _quantity(p), 9)
                if p.item_quantity and p.quantity != p.item_quantity:
                    out.text(112, y + 7, 21, 5, _("(opdelt)"), 7)
                out.text(134, y + 1, 21, 6, _(DECISION_KINDS.get(p.kind, p.kind)), 9, True)
                out.paragraph(156, y + 1.6, page_w - 156, _(DISPOSAL_ROUTES.get(p.route, p.route)) if p.route
                              else "–", 9, max_h=ROW - 8)
                if p.kind == "reuse":
                    out.text(134, y + 7, page_w - 134, 5, _("Erstatter {n} stk. indkøb", n=p.replacing)
                             if p.replacing else _("Erstatter intet indkøb (overskud)"), 7)
                    if p.co2_high:
                        out.text(134, y + 12, page_w - 134, 5, _("CO2e undgået: {low}–{high} kg",
                                                                 low=_kg(p.co2_low), high=_kg(p.co2_high)), 7)
                out.rule(y + ROW - 0.5, 0.1)
                y += ROW
            if progress is not None:
                progress(number, pages)
        # -- stack plan
        if plan is not None:
            writer.newPage()
            out.frame(title, pages, pages)
            out.text(0, HEADER, page_w, 8, _("Stakplan: centrene på etagerne (aktivt scenarie)"), 12, True)
            problem, shares, pinned = plan
            painter.save()
            try:
                painter.translate(0, out.mm(HEADER + 10))
                used = draw_plan(painter, problem, shares, pinned, out.mm(page_w),
                                 out.mm(page_h - HEADER - 90))
            finally:
                painter.restore()
            y = HEADER + 12 + used / out.unit
            out.text(0, y, page_w, 6, _("Forkortelser"), 9, True)
            y += 6
            for centre in problem.centres:
                out.text(0, y, 25, 5, centre.abbreviation, 8, True)
                out.text(25, y, page_w - 25, 5, _("{name} ({workplaces} arbejdspladser)", name=centre.name,
                                                  workplaces=centre.workplaces), 8)
                y += 5
                if y > page_h - FOOTER - 6:
                    break
    finally:
        painter.end()
    return pages


def stack_plan():
    """(problem, shares, pinned centres) of the active placement scenario, or None without floors."""
    from inventar.services.placement.service import PlacementService

    service = PlacementService()
    problem = service.problem()
    if not problem.floors:
        return None
    scenario = service.active_scenario().id
    return problem, service.shares(scenario), service.pinned_centres(scenario)


def write_board_pdf(path: Path | str, photos: PhotoStore | None, meeting: str = "", day: date | None = None,
                    progress: Progress | None = None) -> int:
    """Collect the board list's data and paint it to ``path`` (with the stack plan page when there are
    floors); returns the number of pages.  Needs a ``QGuiApplication`` (fonts), no widgets."""
    paper = collect(meeting, day)
    if not paper.groups:
        raise BoardPdfError(_("Der er ingen forslag, der afventer direktionens godkendelse."))
    return paint(path, paper, photos, stack_plan(), progress)

