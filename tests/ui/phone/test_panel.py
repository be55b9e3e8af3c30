"""*Telefon som kamera* by keyboard, in F1, on the laptop screen, and the networks it offers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtNetwork import QAbstractSocket, QHostAddress
from PySide6.QtWidgets import QApplication, QScrollArea

from inventar.ui import geometry
from inventar.ui.phone.panel import network_choices, qr_pixmap
from inventar.ui.shortcuts_dialog import ShortcutsDialog
from tests.support.phone import LOOPBACK, pair, refused


def _focus_form(qtbot, form) -> None:
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)


def test_alt_l_and_ctrl_shift_t_switch_the_phone_on_and_off(qtbot, form, loopback):
    _focus_form(qtbot, form)
    form.fields["title"].setFocus()
    qtbot.keyClick(form.fields["title"], Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # the mnemonic
    qtbot.waitUntil(form.phone.toggle.isChecked)  # (a mnemonic clicks after a short animation)
    assert form.phone.details.isVisible() and form.phone.toggle.hasFocus()
    url = pair(form)
    assert not refused(qtbot, url)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_T,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not form.phone.toggle.isChecked() and refused(qtbot, url)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_T,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert form.phone.toggle.isChecked() and form.phone.active


def test_tab_reaches_the_switch_after_the_photos_and_then_the_code_button(qtbot, form, loopback):
    _focus_form(qtbot, form)
    form.no_photo.setFocus()
    qtbot.keyClick(form.no_photo, Qt.Key.Key_Tab)
    assert form.phone.toggle.hasFocus()
    qtbot.keyClick(form.phone.toggle, Qt.Key.Key_Space)
    assert form.phone.toggle.isChecked()
    pair(form)  # two networks (the machine's and the loopback one): the choice is shown and reachable
    form.phone.toggle.setFocus()
    qtbot.keyClick(form.phone.toggle, Qt.Key.Key_Tab)
    assert form.phone.network.hasFocus()
    qtbot.keyClick(form.phone.network, Qt.Key.Key_Tab)
    assert form.phone.new_code.hasFocus()
    old = form.phone.url()
    qtbot.keyClick(form.phone.new_code, Qt.Key.Key_Space)
    assert form.phone.url() != old
    qtbot.keyClick(form.phone.new_code, Qt.Key.Key_Tab)
    assert form.save_next_button.hasFocus()


def test_f1_lists_the_phone_switch(qtbot, form, monkeypatch):
    opened = []
    monkeypatch.setattr(ShortcutsDialog, "exec", lambda dialog: opened.append(dialog))
    _focus_form(qtbot, form)
    qtbot.keyClick(form, Qt.Key.Key_F1)
    text = opened[0].browser.toPlainText()
    assert "Ctrl+Shift+T" in text and "Telefon som kamera til/fra (også Alt+L)" in text


@pytest.fixture
def laptop(monkeypatch):
    """A 1366×768 screen with a task bar, from before the form opens (it sizes itself to the screen)."""
    area = QRect(0, 0, 1366, 768 - 40)
    monkeypatch.setattr(geometry, "available_geometry", lambda widget=None: QRect(area))
    return area


def test_the_form_with_the_phone_on_fits_the_laptop_screen(qtbot, laptop, form, loopback):
    pair(form)
    qtbot.waitUntil(lambda: form.phone.qr.isVisible())
    frame = form.geometry().marginsAdded(geometry.frame_margins(form))
    assert laptop.contains(frame), frame
    minimum = form.minimumSizeHint()
    assert minimum.width() <= laptop.width() and minimum.height() <= laptop.height()
    # the code, its status, the networks and »Ny kode« lie in the visible part of the form's scrolling body
    viewport = form.findChild(QScrollArea).viewport()
    assert form.phone.network.isVisible()  # the machine's networks and the loopback one: the tallest panel

    def hidden() -> list[str]:
        visible = QRect(viewport.mapTo(form, QPoint(0, 0)), viewport.size())
        return [w.objectName() for w in (form.phone.toggle, form.phone.qr, form.phone.status, form.phone.network,
                                         form.phone.new_code)
                if not visible.contains(QRect(w.mapTo(form, QPoint(0, 0)), w.size()))]

    qtbot.waitUntil(lambda: not hidden(), timeout=3000)
    assert form.category_list.height() < form.category_list.sizeHintForRow(0) * 11  # ten rows; it scrolls


def test_the_networks_offered_are_reachable_ipv4_addresses():
    for choice in network_choices():
        address = QHostAddress(choice.address)
        assert address.protocol() == QAbstractSocket.NetworkLayerProtocol.IPv4Protocol
        assert not address.isLoopback() and not choice.address.startswith("169.254.")
        assert choice.address in choice.label


def test_without_a_network_the_form_says_so(qtbot, form, monkeypatch):
    from inventar.ui.phone import panel

    monkeypatch.setattr(panel, "network_choices", list)
    form.phone.toggle.setChecked(True)
    assert not form.phone.active and "ikke på et netværk" in form.phone.status.text()
    assert not form.phone.new_code.isEnabled() and form.phone.qr.pixmap().isNull()


def test_a_taken_port_is_a_clear_message(qtbot, form, loopback):
    from PySide6.QtNetwork import QTcpServer

    blocker = QTcpServer()
    assert blocker.listen(QHostAddress(LOOPBACK.address), 0)
    form.phone.settings.set("phone_port", blocker.serverPort())
    pair_error = None
    form.phone.toggle.setChecked(True)
    index = form.phone.network.findData(LOOPBACK.address)
    form.phone.network.setCurrentIndex(index)
    form.phone.network.activated.emit(index)
    pair_error = form.phone.status.text()
    assert not form.phone.active and f"Port {blocker.serverPort()} bruges allerede" in pair_error
    blocker.close()


def test_the_qr_code_fits_the_panel_with_whole_pixel_modules():
    pixmap = qr_pixmap("http://192.168.100.200:8765/p/" + "x" * 22)
    assert pixmap.width() == pixmap.height() <= 150
    modules = 33 + 8  # version 4 and the quiet zone
    assert pixmap.width() % modules == 0
