"""The photo grid: a proxy of the review table model that shows its rows as thumbnails, loaded lazily.

Thumbnails are only read for rows the view asks about (the visible ones); a
zero-delay timer decodes a few per event-loop turn from the photo store's small
thumbnail files, so scrolling stays responsive, and a bounded LRU cache keeps
them.  A coloured strip under each photo shows the decision.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import (
    QIdentityProxyModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QImageReader, QPainter, QPen, QPixmap

from inventar.i18n import _
from inventar.services.photos.store import PhotoStore
from inventar.ui.review.table_model import ReviewTableModel, approval_text, decision_text

THUMB = QSize(168, 126)
KIND_COLOURS = {"reuse": "#2e8b57", "dispose": "#c0392b", "pending": "#95a5a6", "inspect": "#e67e22"}
PER_TICK = 12
CACHE_SIZE = 800

Index = QModelIndex | QPersistentModelIndex
_GRID_ROLES = {int(r.value) for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole,
                                      Qt.ItemDataRole.ToolTipRole)}


class ThumbnailCache(QObject):
    """Decodes thumbnails on demand, a few per event-loop turn; ``loaded(hash)`` says one is ready."""

    loaded = Signal(str)

    def __init__(self, photos: PhotoStore, size: QSize = THUMB, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.photos = photos
        self.size = size
        self._cache: OrderedDict[str, QPixmap] = OrderedDict()
        self._queue: OrderedDict[str, None] = OrderedDict()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._load_some)

    def get(self, file_hash: str) -> QPixmap | None:
        pixmap = self._cache.get(file_hash)
        if pixmap is not None:
            self._cache.move_to_end(file_hash)
            return pixmap
        self._queue[file_hash] = None
        if not self._timer.isActive():
            self._timer.start()
        return None

    def pending(self) -> int:
        return len(self._queue)

    def _load_some(self) -> None:
        for _n in range(min(PER_TICK, len(self._queue))):
            file_hash, _none = self._queue.popitem(last=False)
            self._cache[file_hash] = self._read(file_hash)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
            self.loaded.emit(file_hash)
        if self._queue:
            self._timer.start()

    def _read(self, file_hash: str) -> QPixmap:
        path = self.photos.thumbnail_path(file_hash)
        if not path.exists():
            path = self.photos.path_for(file_hash)
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid():
            reader.setScaledSize(size.scaled(self.size, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        return QPixmap.fromImage(image) if not image.isNull() else QPixmap()


def _padlock() -> QPixmap:
    badge = QPixmap(24, 24)
    badge.fill(QColor(0, 0, 0, 0))
    painter = QPainter(badge)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 160))
    painter.drawRoundedRect(0, 0, 24, 24, 4, 4)
    painter.setPen(QPen(QColor("white"), 2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawArc(7, 4, 10, 12, 0, 180 * 16)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("white"))
    painter.drawRect(5, 10, 14, 10)
    painter.end()
    return badge


TILE_LINES = 4  # the window sizes the grid cells for this many lines under the photo


def tile_text(row) -> str:
    """Code, then title · quantity · condition, the target (centre/floor) and the decision."""
    details = [row.title or row.category_name, _("{n} stk.", n=row.quantity)]
    if row.condition:
        details.append(_("tilstand {n}", n=row.condition))
    lines = [row.label_code or "—", " · ".join(details),
             _("→ {target}", target=row.target) if row.target else _("→ intet mål"), decision_text(row)]
    return "\n".join(lines)


class PhotoGridModel(QIdentityProxyModel):
    """The review table model seen as thumbnails: a proxy, so the rows and their order are the table's.

    A list view shows column 0; this proxy gives it a two-line caption, the framed thumbnail
    (decoration) and a tooltip there.  Every other cell and role (ids, rows) is the table's.
    """

    def __init__(self, table: ReviewTableModel, thumbnails: ThumbnailCache, parent=None) -> None:
        super().__init__(parent)
        self.table = table
        self.thumbnails = thumbnails
        self._rows_of_hash: dict[str, list[int]] | None = None
        self._composed: OrderedDict[tuple, QPixmap] = OrderedDict()
        self._lock = _padlock()
        self._placeholder = self._frame(None, "pending")
        self.setSourceModel(table)
        for signal in (table.modelReset, table.layoutChanged, table.rowsInserted, table.rowsRemoved):
            signal.connect(self._forget_rows)
        thumbnails.loaded.connect(self._on_loaded)

    def index(self, row: int, column: int = 0, parent: Index = QModelIndex()) -> QModelIndex:
        return super().index(row, column, parent)

    def _forget_rows(self, *_args) -> None:
        self._rows_of_hash = None

    def _on_loaded(self, file_hash: str) -> None:
        if self._rows_of_hash is None:
            self._rows_of_hash = {}
            for row in range(self.rowCount()):
                key = self.table.item_at(row).primary_photo
                if key:
                    self._rows_of_hash.setdefault(key, []).append(row)
        for row in self._rows_of_hash.get(file_hash, []):
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.column() != 0 or int(role) not in _GRID_ROLES:
            return super().data(index, role)
        row = self.table.item_at(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return tile_text(row)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(row)
        lines = [row.title, row.room, _("{n} stk.", n=row.quantity), decision_text(row), approval_text(row),
                 row.votes_text]
        return "\n".join(line for line in lines if line)

    def _decoration(self, row) -> QPixmap:
        kind = row.kinds[0] if len(set(row.kinds)) == 1 else ("pending" if not row.kinds else "split")
        key = (row.primary_photo, kind, row.locked)
        composed = self._composed.get(key)
        if composed is not None:
            return composed
        photo = self.thumbnails.get(row.primary_photo) if row.primary_photo else QPixmap()
        if photo is None:
            return self._placeholder
        composed = self._composed[key] = self._frame(photo, kind, row.locked)
        while len(self._composed) > CACHE_SIZE:
            self._composed.popitem(last=False)
        return composed

    def _frame(self, photo: QPixmap | None, kind: str, locked: bool = False) -> QPixmap:
        """The thumbnail centred on a fixed-size tile with a decision strip along the bottom."""
        tile = QPixmap(THUMB.width(), THUMB.height() + 6)
        tile.fill(QColor("#ecebe7"))
        painter = QPainter(tile)
        if photo is not None and not photo.isNull():
            painter.drawPixmap((THUMB.width() - photo.width()) // 2, (THUMB.height() - photo.height()) // 2, photo)
        elif photo is not None:
            painter.setPen(QColor("#7f8c8d"))
            painter.drawText(tile.rect(), Qt.AlignmentFlag.AlignCenter, _("Intet foto"))
        if kind == "split":
            half = THUMB.width() // 2
            painter.fillRect(0, THUMB.height(), half, 6, QColor(KIND_COLOURS["reuse"]))
            painter.fillRect(half, THUMB.height(), THUMB.width() - half, 6, QColor(KIND_COLOURS["dispose"]))
        else:
            painter.fillRect(0, THUMB.height(), THUMB.width(), 6, QColor(KIND_COLOURS.get(kind, "#95a5a6")))
        if locked:  # a small padlock in the top right corner: approved by the board
            painter.drawPixmap(THUMB.width() - 28, 4, self._lock)
        painter.end()
        return tile
