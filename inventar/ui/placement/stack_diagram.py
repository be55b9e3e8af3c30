"""The stack diagram: one bar per floor, centres as coloured blocks sized by workplaces, free capacity grey.

Drag a block to another floor to move that centre's workplaces there (as many as
fit); hold Shift to move half of them.  The bottom bar is the holding area for
workplaces not yet placed.  While dragging, ``previewChanged`` carries the plan
the drop would give, so the score panel can follow live.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen, QRegion
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from inventar.domain.placement import Problem, Shares, move
from inventar.i18n import _

HOLDING = None  # the holding area's "floor id"
LABEL_WIDTH = 150
ROW_HEIGHT = 46
GAP = 10


@dataclass
class Block:
    rect: QRectF
    centre_id: int
    floor_id: int | None
    workplaces: int


class StackDiagram(QWidget):
    planChanged = Signal(object)  # Shares after a drop
    previewChanged = Signal(object)  # Shares while dragging, None when the drag ends
    message = Signal(str)
    pinToggled = Signal(int)  # centre id (double-click)

    def __init__(self, parent: QWidget | None = None, read_only: bool = False) -> None:
        super().__init__(parent)
        self.read_only = read_only
        self.problem = Problem([], [])
        self.shares: Shares = {}
        self.pinned: set[int] = set()
        self.blocks: list[Block] = []
        self._rows: list[tuple[QRectF, int | None]] = []
        self._drag: tuple[Block, int] | None = None
        self._drag_pos: QPointF | None = None
        self._hover_row: int | None | bool = False
        self.setMouseTracking(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(760, (len(self.problem.floors) + 1) * (ROW_HEIGHT + GAP) + 40)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(420, (len(self.problem.floors) + 1) * (28 + GAP) + 24)

    def set_plan(self, problem: Problem, shares: Shares, pinned: set[int] | None = None) -> None:
        self.problem = problem
        self.shares = {c: dict(f) for c, f in shares.items()}
        self.pinned = set(pinned or ())
        self.updateGeometry()
        self._layout()
        self.update()

    # -- geometry -----------------------------------------------------------------------
    def unplaced(self, shares: Shares | None = None) -> dict[int, int]:
        shares = self.shares if shares is None else shares
        return {c.id: c.workplaces - sum(shares.get(c.id, {}).values()) for c in self.problem.centres
                if c.workplaces > sum(shares.get(c.id, {}).values())}

    def load(self, floor_id: int, shares: Shares | None = None) -> int:
        shares = self.shares if shares is None else shares
        return sum(f.get(floor_id, 0) for f in shares.values())

    def _layout(self) -> None:
        self.blocks, self._rows = [], []
        if not self.problem.floors:
            return
        width = max(self.width() - LABEL_WIDTH - 16, 50)
        holding = sum(self.unplaced().values())
        longest = max([f.capacity for f in self.problem.floors] + [self.load(f.id) for f in self.problem.floors]
                      + [holding, 1])
        scale = width / longest
        rows: list[int | None] = [f.id for f in reversed(self.problem.floors)] + [HOLDING]
        row_height = max(28.0, min(72.0, (self.height() - 16 - GAP * (len(rows) + 1)) / len(rows)))
        y = 8.0
        for _index, floor_id in enumerate(rows):
            if floor_id is HOLDING:
                y += GAP
            rect = QRectF(LABEL_WIDTH, y, width, row_height)
            self._rows.append((rect, floor_id))
            x = float(LABEL_WIDTH)
            if floor_id is HOLDING:
                items = sorted(self.unplaced().items(), key=lambda i: self._order(i[0]))
            else:
                items = [(c.id, self.shares.get(c.id, {}).get(floor_id, 0)) for c in self._sorted_centres()]
            for centre_id, n in items:
                if n <= 0:
                    continue
                block = QRectF(x, y, n * scale, row_height)
                self.blocks.append(Block(block, centre_id, floor_id, n))
                x += n * scale
            y += row_height + GAP
        self._scale = scale

    def _order(self, centre_id: int) -> int:
        return [c.id for c in self._sorted_centres()].index(centre_id)

    def _sorted_centres(self):
        return sorted(self.problem.centres, key=lambda c: (-c.contact, c.abbreviation))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._layout()

    def block_at(self, pos: QPointF) -> Block | None:
        return next((b for b in self.blocks if b.rect.contains(pos)), None)

    def block_text(self, block: Block) -> str:
        """What a block stands for: its tooltip (a block too small for a label still says it)."""
        centre = self.problem.centre(block.centre_id)
        where = _("ikke placeret") if block.floor_id is None else self.problem.floor(block.floor_id).name
        text = _("{abbreviation} – {name}: {n} arbejdspladser, {where}", abbreviation=centre.abbreviation,
                 name=centre.name, n=block.workplaces, where=where)
        if block.centre_id in self.pinned:
            text += "\n" + _("Låst (dobbeltklik for at låse op)")
        return text

    def event(self, event: QEvent) -> bool:  # noqa: D102 - tooltips for blocks
        if event.type() == QEvent.Type.ToolTip:
            block = self.block_at(QPointF(event.pos()))
            if block is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.block_text(block), self)
            return True
        return super().event(event)

    def row_at(self, pos: QPointF) -> int | None | bool:
        """The floor id (None for the holding area) of the row under ``pos``; False outside every row."""
        for rect, floor_id in self._rows:
            if rect.top() - GAP / 2 <= pos.y() <= rect.bottom() + GAP / 2:
                return floor_id
        return False

    def block_centre(self, centre_id: int, floor_id: int | None) -> QPointF:
        block = next(b for b in self.blocks if b.centre_id == centre_id and b.floor_id == floor_id)
        return block.rect.center()

    def row_point(self, floor_id: int | None) -> QPointF:
        rect = next(r for r, f in self._rows if f == floor_id)
        return QPointF(rect.right() - 4, rect.center().y())

    # -- dragging -----------------------------------------------------------------------
    def _dropped(self, target: int | None) -> Shares | None:
        """The plan after dropping the dragged block on ``target``, or None when nothing would move."""
        if self._drag is None:
            return None
        block, amount = self._drag
        if target is False or target == block.floor_id:
            return None
        if target is not HOLDING:
            capacity = self.problem.floor(target).capacity
            amount = min(amount, capacity - self.load(target))
        if amount <= 0:
            return None
        return move(self.shares, block.centre_id, block.floor_id, target, amount)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        block = self.block_at(event.position())
        if self.read_only or block is None or event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        if block.centre_id in self.pinned:
            self.message.emit(_("{centre} er fastlåst; dobbeltklik for at frigøre det",
                                centre=self.problem.centre(block.centre_id).abbreviation))
            return
        half = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        amount = max(block.workplaces // 2, 1) if half else block.workplaces
        self._drag = (block, amount)
        self._drag_pos = event.position()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag is None:
            return super().mouseMoveEvent(event)
        self._drag_pos = event.position()
        row = self.row_at(event.position())
        if row != self._hover_row:
            self._hover_row = row
            self.previewChanged.emit(self._dropped(row))
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag is None:
            return super().mouseReleaseEvent(event)
        target = self.row_at(event.position())
        block, amount = self._drag
        result = self._dropped(target)
        self._drag, self._drag_pos, self._hover_row = None, None, False
        self.previewChanged.emit(None)
        if result is None:
            if target is not False and target is not HOLDING and target != block.floor_id:
                self.message.emit(_("Der er ingen ledig plads på {floor}",
                                    floor=self.problem.floor(target).name))
            self.update()
            return
        self.set_plan(self.problem, result, self.pinned)
        self.planChanged.emit(result)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        block = self.block_at(event.position())
        if block is not None and not self.read_only:
            self.pinToggled.emit(block.centre_id)

    # -- painting -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        if not self.problem.floors:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             _("Ingen etager endnu.\nOpret etagerne under fanen »Etager og centre«."))
            return
        bold = QFont(self.font())
        bold.setBold(True)
        for rect, floor_id in self._rows:
            label = QRectF(4, rect.top(), LABEL_WIDTH - 12, rect.height())
            if floor_id is HOLDING:
                painter.setFont(bold)
                painter.setPen(palette.text().color())
                painter.drawText(label, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                                 _("Ikke placeret") + f"\n{sum(self.unplaced().values())}")
                painter.setPen(QPen(QColor("#999999"), 1, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(rect)
                continue
            floor = self.problem.floor(floor_id)
            used = self.load(floor_id)
            painter.setFont(bold)
            painter.setPen(palette.text().color())
            painter.drawText(label, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             f"{floor.name}\n")
            painter.setFont(self.font())
            painter.setPen(QColor("#c0392b") if used > floor.capacity else palette.text().color())
            painter.drawText(label, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             "\n" + _("{used} af {capacity}", used=used, capacity=floor.capacity))
            free = QRectF(rect.left(), rect.top(), floor.capacity * self._scale, rect.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#d5d8dc"))
            painter.drawRect(free)
        highlight = self._hover_row if self._drag is not None else False
        if highlight is not False:
            rect = next(r for r, f in self._rows if f == highlight)
            painter.setPen(QPen(palette.highlight().color(), 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(-3, -3, 3, 3))
        for block in self.blocks:
            centre = self.problem.centre(block.centre_id)
            colour = QColor(centre.colour)
            dragged = self._drag is not None and self._drag[0] is block
            if dragged:
                colour.setAlpha(110)
            painter.setBrush(colour)
            pinned = block.centre_id in self.pinned
            painter.setPen(QPen(QColor("#111111") if pinned else QColor("#ffffff"), 3 if pinned else 1))
            painter.drawRect(block.rect.adjusted(0.5, 0.5, -0.5, -0.5))
            text_colour = QColor("#ffffff") if colour.lightness() < 150 else QColor("#111111")
            painter.setPen(text_colour)
            text = f"{centre.abbreviation}\n{block.workplaces}"
            if painter.fontMetrics().horizontalAdvance(centre.abbreviation) + 6 > block.rect.width():
                text = ""
            painter.setFont(bold)
            painter.drawText(block.rect, Qt.AlignmentFlag.AlignCenter, text)
            if pinned and block.rect.width() > 16:
                self._paint_lock(painter, block.rect.topRight() + QPointF(-12, 4), text_colour)
        if self._drag is not None and self._drag_pos is not None:
            block, amount = self._drag
            centre = self.problem.centre(block.centre_id)
            ghost = QRectF(self._drag_pos.x() - 30, self._drag_pos.y() - 14, 60, 28)
            painter.setBrush(QColor(centre.colour))
            painter.setPen(QPen(QColor("#111111"), 1))
            painter.drawRoundedRect(ghost, 4, 4)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(ghost, Qt.AlignmentFlag.AlignCenter, f"{centre.abbreviation} {amount}")

    @staticmethod
    def _paint_lock(painter: QPainter, top_left: QPointF, colour: QColor) -> None:
        painter.setPen(QPen(colour, 1.5))
        painter.setBrush(colour)
        body = QRectF(top_left.x(), top_left.y() + 5, 9, 7)
        painter.drawRect(body)
        path = QPainterPath()
        path.moveTo(top_left.x() + 1.5, top_left.y() + 5)
        path.arcTo(QRectF(top_left.x() + 1.5, top_left.y(), 6, 9), 180, -180)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)


def render_plan(painter: QPainter, problem: Problem, shares: Shares, pinned: set[int], width: float,
                max_height: float) -> float:
    """Paint the plan read-only into ``painter`` (a PDF page) at most ``width`` x ``max_height``; returns the
    height used.  Floors, centres and counts are written as text: the diagram reads in black and white."""
    diagram = StackDiagram(read_only=True)
    try:
        diagram.set_plan(problem, shares, pinned)
        size = QSize(1000, max(diagram.sizeHint().height(), 300))
        diagram.resize(size)
        scale = min(width / size.width(), max_height / size.height())
        painter.save()
        try:
            painter.scale(scale, scale)
            diagram.render(painter, QPoint(0, 0), QRegion(), QWidget.RenderFlag.DrawChildren)
        finally:
            painter.restore()
        return size.height() * scale
    finally:
        diagram.deleteLater()
