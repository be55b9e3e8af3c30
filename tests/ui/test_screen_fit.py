"""Every window and dialog fits a 1366×768 laptop screen with its frame, and stays usable at 1280×720.

The screen is faked by replacing the geometry helper's screen query (the offscreen platform's own screen is
800×600), so the windows pick their sizes as on the janitors' laptops.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtWidgets import QMainWindow

from inventar.ui import geometry
from tests.support.windows import WINDOWS, forget_unsaved_registration

LAPTOP = QRect(0, 0, 1366, 768 - 40)  # a task bar of 40 pixels at the bottom
SMALL = QRect(0, 0, 1280, 720 - 40)


@pytest.fixture
def laptop(monkeypatch):
    monkeypatch.setattr(geometry, "available_geometry", lambda widget=None: QRect(LAPTOP))
    return LAPTOP


@pytest.fixture
def main_window_factory(qtbot, demo_store):
    def make(**settings):
        from inventar.models import open_store
        from inventar.settings import Settings
        from inventar.ui.main_window import MainWindow

        remembered = Settings()
        for key, value in settings.items():
            remembered.set(key, value)
        window = MainWindow.open(demo_store, remembered, lambda target: open_store(target))
        qtbot.addWidget(window, before_close_func=forget_unsaved_registration)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


def assert_fits(window, area: QRect, small: bool = True) -> None:
    frame = window.geometry().marginsAdded(geometry.frame_margins(window))
    assert area.contains(frame), f"{window.objectName() or type(window).__name__}: {frame} not inside {area}"
    if not small:
        return
    usable = SMALL.marginsRemoved(geometry.FRAME).size()
    minimum = window.minimumSize().expandedTo(window.minimumSizeHint())
    assert minimum.width() <= usable.width() and minimum.height() <= usable.height(), \
        f"{type(window).__name__}: minimum {minimum} does not fit a 1280×720 screen ({usable})"


def test_main_window_fits_the_laptop_screen(qtbot, laptop, main_window_factory):
    window = main_window_factory()
    assert_fits(window, laptop)
    assert window.statusBar().isVisible()


# The dashboard's charts of a database without decisions warn about an empty value axis.
@pytest.mark.qt_log_ignore("Ignored NaN", "invalid range for value axis")
@pytest.mark.parametrize("name", list(WINDOWS))
def test_each_window_fits_the_laptop_screen(qtbot, laptop, main_window_factory, name):
    window = WINDOWS[name](main_window_factory())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert_fits(window, laptop)


def test_a_geometry_remembered_on_a_big_monitor_is_clamped_into_the_laptop_screen(qtbot, laptop):
    big = QMainWindow()
    qtbot.addWidget(big)
    big.setGeometry(3000, 100, 2560, 1440)
    saved = big.saveGeometry().data()
    window = QMainWindow()
    qtbot.addWidget(window)
    assert geometry.restore_geometry(window, saved, QSize(1280, 800))
    window.show()
    qtbot.waitExposed(window)
    geometry.clamp_to_screen(window)  # as after restoring on screen: nothing left to move
    assert_fits(window, laptop)


def test_a_big_geometry_off_to_the_right_is_shrunk_and_moved_into_the_screen(qtbot, laptop):
    # Qt's own restoreGeometry() already pulls a window onto the (800×600 offscreen) screen, so the clamp is
    # checked on a window placed there directly, as restored on a machine whose screens Qt misjudges.
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setGeometry(3000, 100, 2560, 1440)
    geometry.clamp_to_screen(window)
    assert window.geometry() == laptop.marginsRemoved(geometry.FRAME), "as large as the screen allows, inside it"
    assert_fits(window, laptop)


def test_a_minimum_above_the_screen_is_capped(qtbot, laptop):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setMinimumSize(1281, 841)  # the review window's old minimum
    geometry.fit_to_screen(window, QSize(1500, 900))
    assert_fits(window, laptop, small=False)


def test_main_window_restores_a_big_remembered_geometry_inside_the_screen(qtbot, laptop, main_window_factory):
    big = QMainWindow()
    qtbot.addWidget(big)
    big.setGeometry(3000, 0, 2560, 1440)
    window = main_window_factory(window_geometry=QByteArray(big.saveGeometry()).data())
    assert_fits(window, laptop)
