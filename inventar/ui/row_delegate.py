"""Painting the cells of the big lists (items, review) with text laid out once, not on every repaint.

Qt's own delegate asks the model for seven roles per cell and lays each text out twice (a
``QTextLayout`` to place it, another to draw it) on every repaint: after a keystroke in the search
field that is most of the time the 1366x768 item table takes to repaint.  :class:`RowDelegate`
takes the display values straight from :meth:`~inventar.ui.row_table.RowTableModel.cells` and
draws them as ``QStaticText``, prepared once per distinct text (categories, rooms, materials,
colours and dates repeat all over a list) and kept in a bounded cache.

It draws a plain cell the way the style does: the text in the palette's text colour, inset by the
style's text margin, elided at the right, centred vertically, numbers aligned right
(tests/ui/test_row_delegate.py compares the pixels with Qt's delegate).  The few cells that are
selected, under the mouse or carry the focus are where styles differ most (rounded selections,
hover tints, other text colours): Qt's own delegate paints those, exactly as before.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale, QObject, QPointF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QPen, QStaticText, QTransform
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from inventar.ui.row_table import Index, RowTableModel

_State = QStyle.StateFlag
_QT_PAINTS = int((_State.State_Selected | _State.State_MouseOver | _State.State_HasFocus).value)
_ENABLED = int(_State.State_Enabled.value)
_ACTIVE = int(_State.State_Active.value)
_GROUP_BITS = _ENABLED | _ACTIVE
_NORMAL, _INACTIVE, _DISABLED = QPalette.ColorGroup.Normal, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled
_TEXT = QPalette.ColorRole.Text
_ELIDE_RIGHT = Qt.TextElideMode.ElideRight
_STALE_AFTER = (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.PaletteChange)
CACHE_LIMIT = 5000  # prepared texts kept (each a few hundred bytes); the cache starts over beyond this


class RowDelegate(QStyledItemDelegate):
    """The cell painter of a :class:`~inventar.ui.row_table.RowTableModel` view."""

    def __init__(self, model: RowTableModel, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._model = model
        self._view = view
        self._right = [column.numeric for column in model.COLUMNS]
        self._locale = QLocale()
        # display value (or (text, width) when elided) -> the prepared text and its size
        self._texts: dict[object, tuple[QStaticText, float, float]] = {}
        self._pens: dict[int, QPen] = {}  # by the state's enabled and active bits
        self._margin = 0
        self.clear_cache()
        view.installEventFilter(self)  # a new font, style or palette makes the prepared texts and colours stale

    def clear_cache(self) -> None:
        """Forget the prepared texts and colours (the view's font, style or palette changed)."""
        self._texts.clear()
        self._pens.clear()
        view = self._view
        self._margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if event.type() in _STALE_AFTER:
            self.clear_cache()
        return False

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        # Qt calls this per cell when the view does not paint its rows itself (see inventar.ui.row_view).
        state = option.state.value
        if state & _QT_PAINTS:  # selected, hovered or focused: the style's own look
            super().paint(painter, option, index)
            return
        column = index.column()
        value = self._model.cells(index.row())[column]
        if value == "" or value is None:
            return
        painter.setPen(self.text_pen(state, option.palette))
        x, y, width, height = option.rect.getRect()
        self.draw_texts(painter, {column: value}, [(column, x, width)], y, height, option.font, option.fontMetrics)

    def text_pen(self, state: int, palette: QPalette) -> QPen:
        """The pen of a plain cell's text for the style option state bits ``state``."""
        pen = self._pens.get(state & _GROUP_BITS)
        if pen is None:
            group = (_NORMAL if state & _ACTIVE else _INACTIVE) if state & _ENABLED else _DISABLED
            pen = self._pens[state & _GROUP_BITS] = QPen(palette.color(group, _TEXT))
        return pen

    def draw_texts(self, painter: QPainter, values, cells: list[tuple[int, int, int]], y: int, height: int,
                   font: QFont, metrics: QFontMetrics) -> None:
        """Draw one row's plain cells with the painter's pen: ``values[column]`` in the cell at ``x`` of ``width``
        for each ``(column, x, width)`` of ``cells``, where Qt's delegate places its text layout
        (tests/ui/test_row_delegate.py and test_row_view.py compare the pixels).  Runs for every row of every
        repaint: local names, dict lookups and one Qt call per cell."""
        texts, margin, right, locale = self._texts, self._margin, self._right, self._locale
        draw = painter.drawStaticText
        for column, x, width in cells:
            value = values[column]
            if value == "" or value is None:
                continue
            prepared = texts.get(value)
            if prepared is None:
                prepared = self._prepare(value, value if type(value) is str else self.displayText(value, locale), font)
            static, text_width, text_height = prepared
            room = width - 2 * margin
            if text_width > room:  # too long for the column: elided at the right, as Qt's delegate does
                key = (static.text(), room)
                prepared = texts.get(key) or self._prepare(key, metrics.elidedText(key[0], _ELIDE_RIGHT, room), font)
                static, text_width, text_height = prepared
            top = y + int((height - round(text_height)) / 2)
            if right[column]:
                draw(QPointF(x + width - margin - text_width, top), static)
            else:
                draw(x + margin, top, static)

    def _prepare(self, key: object, text: str, font: QFont) -> tuple[QStaticText, float, float]:
        if len(self._texts) >= CACHE_LIMIT:
            self._texts.clear()
        static = QStaticText(text)
        static.setTextFormat(Qt.TextFormat.PlainText)
        static.prepare(QTransform(), font)
        size = static.size()
        prepared = self._texts[key] = (static, size.width(), size.height())
        return prepared
