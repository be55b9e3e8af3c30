"""The stack diagram: one bar per floor, centres as coloured blocks sized by workplaces, free capacity grey.

Drag a block to another floor to move that centre's workplaces there (as many as
fit); hold Shift to move half of them.  The bottom bar is the holding area for
workplaces not yet placed.  While dragging, ``previewChanged`` carries the plan
the drop would give, so the score panel can follow live.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from inventar.domain.placement import Problem, Shares, move
from inventar.i18n import _
from inventar.services.placement import plan_picture
from inventar.services.placement.plan_picture import GAP, HOLDING, ROW_HEIGHT, Block

__all__ = ["GAP", "HOLDING", "ROW_HEIGHT", "Block", "StackDiagram"]


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
        self._plan = plan_picture.PlanLayout([], [], 1.0)
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
        return plan_picture.unplaced(self.problem, self.shares if shares is None else shares)

    def load(self, floor_id: int, shares: Shares | None = None) -> int:
        return plan_picture.load(self.shares if shares is None else shares, floor_id)

    def _layout(self) -> None:
        self._plan = plan_picture.plan_layout(self.problem, self.shares, self.width(), self.height())
        self.blocks, self._rows, self._scale = self._plan.blocks, self._plan.rows, self._plan.scale

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
        highlight = None
        target = self._hover_row if self._drag is not None else False
        if target is not False:
            highlight = (next(r for r, f in self._rows if f == target), palette.highlight().color())
        plan_picture.paint_plan(painter, self._plan, self.problem, self.shares, self.pinned, self.font(),
                                palette.text().color(), highlight, self._drag[0] if self._drag else None)
        if self._drag is not None and self._drag_pos is not None:
            block, amount = self._drag
            centre = self.problem.centre(block.centre_id)
            ghost = QRectF(self._drag_pos.x() - 30, self._drag_pos.y() - 14, 60, 28)
            painter.setBrush(QColor(centre.colour))
            painter.setPen(QPen(QColor("#111111"), 1))
            painter.drawRoundedRect(ghost, 4, 4)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(ghost, Qt.AlignmentFlag.AlignCenter, f"{centre.abbreviation} {amount}")
