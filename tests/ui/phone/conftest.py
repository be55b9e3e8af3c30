"""The registration form with *Telefon som kamera*: a main window on the demo database, the form open with a
category and a room chosen, and the phone server on this machine's loopback address (any free port)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from inventar.models import Room
from inventar.settings import Settings
from inventar.ui.phone import panel as phone_panel
from tests.support.phone import LOOPBACK, pair
from tests.support.windows import forget_unsaved_registration


@pytest.fixture
def loopback(monkeypatch):
    """The machine's real networks plus the loopback address, the one a test's phone can always reach."""
    real = phone_panel.network_choices
    monkeypatch.setattr(phone_panel, "network_choices", lambda: [*real(), LOOPBACK])
    return LOOPBACK


@pytest.fixture
def app_settings():
    settings = Settings()
    settings.set("phone_port", 0)  # any free port: tests run side by side
    return settings


@pytest.fixture
def forget_unsaved():
    return forget_unsaved_registration


@pytest.fixture
def form(qtbot, main_window):
    """The registration form, a chair of a period in room 2.03 with a label code, pairing still off."""
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = main_window.registration.dialog
    qtbot.waitExposed(dialog)
    dialog.room_combo.setCurrentIndex(dialog.room_combo.findData(Room.get(Room.number == "2.03").id))
    chair = dialog.category_list.findItems("Stol", Qt.MatchFlag.MatchExactly)[0]
    dialog.category_list.setCurrentItem(chair)
    chair.setSelected(True)
    dialog.label_code.setText("HT-00777")
    dialog.criteria["period"].setChecked(True)  # within the strategy: saving needs no gemt-guld reason
    return dialog


@pytest.fixture
def paired(form, loopback) -> str:
    return pair(form)
