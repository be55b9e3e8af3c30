"""Painting label sheets with Qt's own PDF writer and printer support (QPdfWriter/QPrinter + QPainter).

Each label: the QR symbol (vector rectangles, 4 modules of quiet zone) on the
left, and to its right the code in bold, the title and the room, each line
shrunk to fit its width (and cut with … only below 5 pt).  Everything is placed
in millimetres from the template; the painter works in device units.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
)

from inventar import APP_NAME
from inventar.domain.labels.templates import LabelTemplate, qr_box
from inventar.errors import UserError
from inventar.i18n import _
from inventar.services import pdf_file
from inventar.services.labels.codes import LabelData
from inventar.services.labels.qr import QUIET_ZONE, qr_matrix


class LabelSheetError(UserError, ValueError):
    """Labels cannot be painted as asked (nothing to print, a bad skip, a printer that refuses)."""


Progress = Callable[[int, int], None]
PDF_RESOLUTION = 1200  # dots per inch of the PDF's coordinate space
MIN_POINT_SIZE = 5.0


def page_layout(template: LabelTemplate) -> QPageLayout:
    size = QPageSize(QSizeF(template.page_width, template.page_height), QPageSize.Unit.Millimeter,
                     template.name, QPageSize.SizeMatchPolicy.ExactMatch)
    orientation = QPageLayout.Orientation.Portrait
    return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


class _Line:
    """One text role (code, title, room) with its font and a metric measured once."""

    def __init__(self, device: QPagedPaintDevice, bold: bool, point_size: float) -> None:
        self.device = device
        self.font = QFont()
        self.font.setStyleHint(QFont.StyleHint.SansSerif)
        self.font.setBold(bold)
        self.font.setPointSizeF(point_size)
        self.size = point_size
        self.metrics = QFontMetricsF(self.font, device)
        self.height = self.metrics.height()

    def fitted(self, text: str, width: float) -> tuple[QFont, str, float]:
        """The font (shrunk so ``text`` fits ``width`` device units), the text, and its line height."""
        advance = self.metrics.horizontalAdvance(text)
        if advance <= width:
            return self.font, text, self.height
        size = max(MIN_POINT_SIZE, self.size * width / advance * 0.98)
        font = QFont(self.font)
        font.setPointSizeF(size)
        if size == MIN_POINT_SIZE:
            text = QFontMetricsF(font, self.device).elidedText(text, Qt.TextElideMode.ElideRight, width)
        return font, text, self.height * size / self.size


class LabelPainter:
    """Paints labels of one template onto a PDF writer or a printer."""

    def __init__(self, device: QPagedPaintDevice, template: LabelTemplate) -> None:
        self.device = device
        self.template = template
        self.unit = device.logicalDpiX() / 25.4  # device units per mm
        height = template.label_height
        code_pt = min(14.0, height * 0.33)
        self.code_line = _Line(device, True, code_pt)
        self.title_line = _Line(device, False, code_pt * 0.8)
        self.room_line = _Line(device, False, code_pt * 0.7)
        self.qr_x, self.qr_y, self.qr_side = qr_box(template.label_width, height)

    def mm(self, value: float) -> float:
        return value * self.unit

    def paint(self, labels: Sequence[LabelData], skip: int = 0, progress: Progress | None = None) -> None:
        painter = QPainter()
        if not painter.begin(self.device):
            raise LabelSheetError(_("Kan ikke tegne på printeren eller PDF-filen"))
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            page = 0
            for number, label in enumerate(labels):
                label_page, x, y = self.template.position(number + skip)
                while page < label_page:
                    if not self.device.newPage():
                        raise LabelSheetError(_("Kan ikke begynde en ny side"))
                    page += 1
                self.paint_label(painter, label, x, y)
                if progress is not None and number % 50 == 0:
                    progress(number, len(labels))
        finally:
            painter.end()
        if progress is not None:
            progress(len(labels), len(labels))

    def paint_label(self, painter: QPainter, label: LabelData, x: float, y: float) -> None:
        self._paint_qr(painter, label.code, x + self.qr_x, y + self.qr_y, self.qr_side)
        left = self.mm(x + self.qr_x + self.qr_side)
        width = self.mm(x + self.template.label_width - 1.5) - left
        top, bottom = self.mm(y + 1.0), self.mm(y + self.template.label_height - 1.0)
        lines = [(self.code_line, label.code)]
        if label.item_id is None:
            lines.append((self.room_line, _("Fortrykt etiket")))
        else:
            lines += [(self.title_line, part) for part in self._title_lines(label.title, width)]
            if label.room:
                lines.append((self.room_line, label.room))
        fitted = [line.fitted(text, width) for line, text in lines]
        total = sum(height for _font, _text, height in fitted)
        scale = min(1.0, (bottom - top) / total) if total else 1.0
        cursor = top + max(0.0, (bottom - top - total * scale) / 2)
        painter.setPen(QColor("black"))
        for font, text, height in fitted:
            if scale < 1.0:
                font = QFont(font)
                font.setPointSizeF(max(MIN_POINT_SIZE, font.pointSizeF() * scale))
            painter.setFont(font)
            painter.drawText(QRectF(left, cursor, width, height * scale),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
            cursor += height * scale

    def _title_lines(self, title: str, width: float) -> list[str]:
        """The title on one line, or on two when one line would shrink it below 70 %."""
        if not title:
            return []
        if self.title_line.metrics.horizontalAdvance(title) * 0.7 <= width or " " not in title:
            return [title]
        middle = len(title) / 2
        spaces = [i for i, ch in enumerate(title) if ch == " "]
        cut = min(spaces, key=lambda i: abs(i - middle))
        return [title[:cut], title[cut + 1:]]

    def _paint_qr(self, painter: QPainter, text: str, x: float, y: float, side: float) -> None:
        matrix = qr_matrix(text)
        modules = len(matrix) + 2 * QUIET_ZONE
        size = self.mm(side) / modules
        origin_x = self.mm(x) + QUIET_ZONE * size
        origin_y = self.mm(y) + QUIET_ZONE * size
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.WindingFill)
        for row_index, row in enumerate(matrix):
            top = origin_y + row_index * size
            start = None
            for column, dark in enumerate(row + b"\x00"):
                if dark and start is None:
                    start = column
                elif not dark and start is not None:
                    path.addRect(QRectF(origin_x + start * size, top, (column - start) * size, size))
                    start = None
        painter.fillRect(QRectF(self.mm(x), self.mm(y), self.mm(side), self.mm(side)), QColor("white"))
        painter.fillPath(path, QColor("black"))


def ensure_gui_application() -> QGuiApplication:
    """Fonts need a GUI application; the command line makes one (offscreen on a Linux box without a screen)."""
    existing = QGuiApplication.instance()
    if existing is not None:
        return existing
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication([sys.argv[0]])


def new_pdf_writer(device: QIODevice, template: LabelTemplate) -> QPdfWriter:
    writer = QPdfWriter(device)
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(page_layout(template))
    writer.setCreator(APP_NAME)
    writer.setTitle(_("Etiketter"))
    return writer


def write_pdf(path: str | Path, template: LabelTemplate, labels: Sequence[LabelData], skip: int = 0,
              progress: Progress | None = None) -> Path:
    """Write the labels as a PDF (atomically: a failure, a full disk included, raises and leaves no half file)."""
    target = Path(path)
    if not labels:
        raise LabelSheetError(_("Der er ingen etiketter at udskrive"))
    if skip < 0 or skip >= template.per_page and not template.roll:
        raise LabelSheetError(_("Spring over skal være mellem 0 og {last}", last=template.per_page - 1))
    pdf_file.write_pdf(
        target, lambda device: LabelPainter(new_pdf_writer(device, template), template).paint(
            labels, 0 if template.roll else skip, progress),
        LabelSheetError(_("Etiketarket kunne ikke laves som PDF")), prefix=".labels-", make_folder=True)
    return target
