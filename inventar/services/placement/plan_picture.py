"""The stack plan as a picture: its layout (a row per floor, a block per centre share) and its painting.

The placement window's diagram (a widget: :mod:`inventar.ui.placement.stack_diagram`) and the board
PDF's stack plan page (:mod:`inventar.services.review.board_pdf`) both paint through
:func:`plan_layout` and :func:`paint_plan`, so the paper shows what the window shows.  Only QtCore
and QtGui are used (no widgets): a PDF is painted with a ``QGuiApplication``, on the command line too.
Floors, centres and counts are written as text, so the picture reads in black and white.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen

from inventar.domain.placement import Problem, Shares
from inventar.i18n import _

HOLDING = None  # the holding area's "floor id"
LABEL_WIDTH = 150
ROW_HEIGHT = 46
GAP = 10
PAPER_WIDTH = 1000  # the layout width the PDF paints at (then scaled to the page)


@dataclass
class Block:
    rect: QRectF
    centre_id: int
    floor_id: int | None
    workplaces: int


@dataclass
class PlanLayout:
    rows: list[tuple[QRectF, int | None]]  # (bar, floor id; HOLDING for the holding area), top floor first
    blocks: list[Block]
    scale: float  # units per workplace


def unplaced(problem: Problem, shares: Shares) -> dict[int, int]:
    """Centre id -> workplaces not on any floor yet."""
    return {c.id: c.workplaces - sum(shares.get(c.id, {}).values()) for c in problem.centres
            if c.workplaces > sum(shares.get(c.id, {}).values())}


def load(shares: Shares, floor_id: int) -> int:
    return sum(f.get(floor_id, 0) for f in shares.values())


def sorted_centres(problem: Problem) -> list:
    """Centres in drawing order: most citizen contact first, then by abbreviation."""
    return sorted(problem.centres, key=lambda c: (-c.contact, c.abbreviation))


def plan_layout(problem: Problem, shares: Shares, width: float, height: float) -> PlanLayout:
    """Rows and blocks for a picture ``width`` x ``height`` (empty without floors)."""
    if not problem.floors:
        return PlanLayout([], [], 1.0)
    bar_width = max(width - LABEL_WIDTH - 16, 50)
    waiting = unplaced(problem, shares)
    longest = max([f.capacity for f in problem.floors] + [load(shares, f.id) for f in problem.floors]
                  + [sum(waiting.values()), 1])
    scale = bar_width / longest
    order = [c.id for c in sorted_centres(problem)]
    floor_ids: list[int | None] = [f.id for f in reversed(problem.floors)] + [HOLDING]
    row_height = max(28.0, min(72.0, (height - 16 - GAP * (len(floor_ids) + 1)) / len(floor_ids)))
    rows: list[tuple[QRectF, int | None]] = []
    blocks: list[Block] = []
    y = 8.0
    for floor_id in floor_ids:
        if floor_id is HOLDING:
            y += GAP
        rows.append((QRectF(LABEL_WIDTH, y, bar_width, row_height), floor_id))
        x = float(LABEL_WIDTH)
        if floor_id is HOLDING:
            items = sorted(waiting.items(), key=lambda i: order.index(i[0]))
        else:
            items = [(centre_id, shares.get(centre_id, {}).get(floor_id, 0)) for centre_id in order]
        for centre_id, n in items:
            if n <= 0:
                continue
            blocks.append(Block(QRectF(x, y, n * scale, row_height), centre_id, floor_id, n))
            x += n * scale
        y += row_height + GAP
    return PlanLayout(rows, blocks, scale)


def paint_plan(painter: QPainter, layout: PlanLayout, problem: Problem, shares: Shares, pinned: set[int],
               font: QFont, text: QColor, highlight: tuple[QRectF, QColor] | None = None,
               dragged: Block | None = None) -> None:
    """Floor labels with their load, free capacity in grey, the holding area, and the centres' blocks;
    ``highlight`` frames a row (a drop target), ``dragged`` is drawn faded."""
    bold = QFont(font)
    bold.setBold(True)
    for rect, floor_id in layout.rows:
        label = QRectF(4, rect.top(), LABEL_WIDTH - 12, rect.height())
        if floor_id is HOLDING:
            painter.setFont(bold)
            painter.setPen(text)
            painter.drawText(label, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             _("Ikke placeret") + f"\n{sum(unplaced(problem, shares).values())}")
            painter.setPen(QPen(QColor("#999999"), 1, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect)
            continue
        floor = problem.floor(floor_id)
        used = load(shares, floor_id)
        painter.setFont(bold)
        painter.setPen(text)
        painter.drawText(label, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, f"{floor.name}\n")
        painter.setFont(font)
        painter.setPen(QColor("#c0392b") if used > floor.capacity else text)
        painter.drawText(label, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         "\n" + _("{used} af {capacity}", used=used, capacity=floor.capacity))
        free = QRectF(rect.left(), rect.top(), floor.capacity * layout.scale, rect.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#d5d8dc"))
        painter.drawRect(free)
    if highlight is not None:
        rect, colour = highlight
        painter.setPen(QPen(colour, 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(-3, -3, 3, 3))
    painter.setFont(bold)
    for block in layout.blocks:
        centre = problem.centre(block.centre_id)
        colour = QColor(centre.colour)
        if block is dragged:
            colour.setAlpha(110)
        painter.setBrush(colour)
        is_pinned = block.centre_id in pinned
        painter.setPen(QPen(QColor("#111111") if is_pinned else QColor("#ffffff"), 3 if is_pinned else 1))
        painter.drawRect(block.rect.adjusted(0.5, 0.5, -0.5, -0.5))
        text_colour = QColor("#ffffff") if colour.lightness() < 150 else QColor("#111111")
        painter.setPen(text_colour)
        label = f"{centre.abbreviation}\n{block.workplaces}"
        if painter.fontMetrics().horizontalAdvance(centre.abbreviation) + 6 > block.rect.width():
            label = ""
        painter.drawText(block.rect, Qt.AlignmentFlag.AlignCenter, label)
        if is_pinned and block.rect.width() > 16:
            paint_lock(painter, block.rect.topRight() + QPointF(-12, 4), text_colour)


def paint_lock(painter: QPainter, top_left: QPointF, colour: QColor) -> None:
    """A small padlock: the centre is pinned (the optimiser keeps it where it is)."""
    painter.setPen(QPen(colour, 1.5))
    painter.setBrush(colour)
    painter.drawRect(QRectF(top_left.x(), top_left.y() + 5, 9, 7))
    path = QPainterPath()
    path.moveTo(top_left.x() + 1.5, top_left.y() + 5)
    path.arcTo(QRectF(top_left.x() + 1.5, top_left.y(), 6, 9), 180, -180)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)


def draw_plan(painter: QPainter, problem: Problem, shares: Shares, pinned: set[int], width: float,
              max_height: float) -> float:
    """Paint the plan read-only at most ``width`` x ``max_height`` (painter units, e.g. a PDF page) and
    return the height used: laid out :data:`PAPER_WIDTH` wide, then scaled to fit."""
    height = max((len(problem.floors) + 1) * (ROW_HEIGHT + GAP) + 40, 300)
    scale = min(width / PAPER_WIDTH, max_height / height)
    font = QFont()
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPixelSize(13)  # in layout units: scales with the painter, whatever the device's resolution
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        paint_plan(painter, plan_layout(problem, shares, PAPER_WIDTH, height), problem, shares, pinned, font,
                   QColor("#111111"))
    finally:
        painter.restore()
    return height * scale
