"""Window sizes that fit the screen the window opens on.

Every top-level window and dialog picks its first size here and restores a remembered geometry through here.
A size is a wish: it is shrunk to the screen's available geometry (the screen minus task bar and panels)
less the window frame, and the window is placed inside that area.  A geometry remembered on a large monitor
therefore opens inside the 1366×768 laptop screen instead of off its edge or larger than it.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QScrollArea, QWidget

# The frame a window manager draws around a window that is not yet shown (title bar and borders).  Once
# the window is shown its real frame is used when that is larger.
FRAME = QMargins(6, 32, 6, 6)


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The usable area of the screen the widget (or its parent) is on, else of the primary screen."""
    screen = None
    while widget is not None and screen is None:
        handle = widget.windowHandle()
        screen = handle.screen() if handle is not None else None
        if screen is None and widget.isVisible():
            screen = widget.screen()
        widget = widget.parentWidget()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def frame_margins(widget: QWidget) -> QMargins:
    """The window frame around the widget's client area: the real one when larger than the assumed one."""
    if not widget.isVisible():
        return FRAME
    frame, inner = widget.frameGeometry(), widget.geometry()
    real = QMargins(inner.left() - frame.left(), inner.top() - frame.top(),
                    frame.right() - inner.right(), frame.bottom() - inner.bottom())
    return QMargins(max(real.left(), FRAME.left()), max(real.top(), FRAME.top()),
                    max(real.right(), FRAME.right()), max(real.bottom(), FRAME.bottom()))


def client_area(widget: QWidget) -> QRect:
    """The largest client geometry (without frame) that fits on the widget's screen."""
    return available_geometry(widget).marginsRemoved(frame_margins(widget))


def fitted_size(widget: QWidget, wish: QSize, fraction: float = 0.92) -> QSize:
    """The wished size, no larger than `fraction` of the screen's client area, no smaller than the minimum."""
    area = client_area(widget)
    width = min(wish.width(), max(1, round(area.width() * fraction)))
    height = min(wish.height(), max(1, round(area.height() * fraction)))
    minimum = widget.minimumSize().expandedTo(widget.minimumSizeHint())
    return QSize(min(max(width, minimum.width()), area.width()), min(max(height, minimum.height()), area.height()))


def fit_to_screen(widget: QWidget, wish: QSize, fraction: float = 0.92) -> None:
    """Give a new window its first size: the wish shrunk to the screen, centred over its parent or screen."""
    cap_minimum(widget)
    area = client_area(widget)
    parent = widget.parentWidget()
    centre = parent.window().geometry().center() if parent is not None and parent.isVisible() else area.center()
    rect = QRect(QPoint(0, 0), fitted_size(widget, wish, fraction))
    rect.moveCenter(centre)
    _place(widget, _inside(rect, area))


def cap_minimum(widget: QWidget) -> None:
    """A minimum size above the screen would push the window's edge off it: cap any explicit minimum."""
    area = client_area(widget)
    minimum = widget.minimumSize()
    if minimum.width() > area.width() or minimum.height() > area.height():
        widget.setMinimumSize(minimum.boundedTo(area.size()))


def restore_geometry(widget: QWidget, saved: bytes, wish: QSize, fraction: float = 0.92) -> bool:
    """Restore a remembered geometry clamped into the current screen; else fit the wish.  True if restored."""
    if not saved or not widget.restoreGeometry(QByteArray(saved)):
        fit_to_screen(widget, wish, fraction)
        return False
    clamp_to_screen(widget)
    return True


def clamp_to_screen(widget: QWidget) -> None:
    """Shrink and move a window (not maximised or full screen) so that it lies inside its screen's area."""
    if widget.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
        return
    cap_minimum(widget)
    area = client_area(widget)
    rect = QRect(widget.geometry().topLeft(), widget.size().boundedTo(area.size()))
    _place(widget, _inside(rect, area))


def _place(widget: QWidget, rect: QRect) -> None:
    """Give the window this client geometry (the frame goes around it)."""
    if widget.isVisible():
        widget.resize(rect.size())
        offset = widget.geometry().topLeft() - widget.frameGeometry().topLeft()
        widget.move(rect.topLeft() - offset)  # move() places the frame
    else:
        widget.setGeometry(rect)


def _inside(rect: QRect, area: QRect) -> QRect:
    """The rectangle moved (not resized) so that it lies inside area as far as its size allows."""
    x = min(max(rect.left(), area.left()), area.right() - rect.width() + 1)
    y = min(max(rect.top(), area.top()), area.bottom() - rect.height() + 1)
    return QRect(QPoint(max(x, area.left()), max(y, area.top())), rect.size())


def scrolling(content: QWidget) -> QScrollArea:
    """Content that may be taller than a small screen, in a frameless scroll area that grows with the window."""
    area = QScrollArea()
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustIgnored)
    return area
