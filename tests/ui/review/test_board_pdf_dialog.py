"""The review window's *Direktionen ▸ Indstilling som PDF …*: the meeting reference typed, then the paper."""

import shutil
import subprocess

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from inventar.models import Decision
from inventar.services.demo.data import create_demo
from inventar.services.photos.store import PhotoStore


@pytest.fixture
def window(qtbot, store):
    from inventar.ui.review.window import ReviewWindow

    create_demo(PhotoStore(store.photo_dir), items=60, seed=7, decisions=True)
    review = ReviewWindow(PhotoStore(store.photo_dir), "anna")
    qtbot.addWidget(review)
    return review


def test_the_menu_asks_for_the_meeting_and_writes_the_paper(qtbot, window, tmp_path):
    assert "&Direktionen" in [a.text() for a in window.menuBar().actions()]
    assert window.board_pdf_action.text() == "Indstilling som &PDF …"
    window.board_pdf_action.trigger()
    dialog = window.board_pdf_dialog
    qtbot.waitExposed(dialog)
    assert dialog.meeting.text() == "", "the demo's proposals carry no meeting yet"
    assert dialog.meeting.placeholderText().startswith("fx Direktionsmøde")
    qtbot.keyClicks(dialog.meeting, "Direktionsmøde 14.12.2026")
    dialog.day.setDate(QDate(2026, 12, 14))
    target = tmp_path / "bilag"
    dialog.path.setText(str(target))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    written = tmp_path / "bilag.pdf"  # .pdf is added
    assert written.read_bytes().startswith(b"%PDF")
    assert "bilag.pdf" in window.statusBar().currentMessage()
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(written), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "Direktionsmøde 14.12.2026" in text and "14-12-2026" in text


def test_the_meeting_starts_from_the_proposals_reference_and_can_be_edited(qtbot, window, tmp_path):
    Decision.update(meeting_ref="Direktionsmøde 01-02-2027").where(Decision.approval == "proposed").execute()
    dialog = window.open_board_pdf()
    assert dialog.meeting.text() == "Direktionsmøde 01-02-2027"
    dialog.meeting.selectAll()
    qtbot.keyClicks(dialog.meeting, "Ekstraordinært direktionsmøde")
    dialog.path.clear()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.path.setText(str(tmp_path / "b.pdf"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(tmp_path / "b.pdf"), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "Ekstraordinært direktionsmøde" in text and "01-02-2027" not in text


def test_cancel_writes_nothing(qtbot, window, tmp_path):
    dialog = window.open_board_pdf()
    dialog.path.setText(str(tmp_path / "x.pdf"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert not (tmp_path / "x.pdf").exists()
