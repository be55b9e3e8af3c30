"""The board's meeting paper as a PDF: made from the board list's rows, numbered pages, a stack plan."""

import re
import shutil
import subprocess
from datetime import date

import pytest
from PySide6.QtGui import QImage

from inventar.services.demo.data import create_demo
from inventar.services.excel.exports import board_rows
from inventar.services.photos.store import PhotoStore
from inventar.ui.placement.stack_diagram import render_plan
from inventar.ui.review import board_pdf


@pytest.fixture
def board_store(store):
    create_demo(PhotoStore(store.photo_dir), items=60, seed=7, decisions=True)
    return store


def test_paper_is_made_from_the_board_list_rows(board_store):
    paper = board_pdf.collect("Direktionsmøde 12", date(2026, 12, 1))
    rows = board_rows()
    assert rows, "the demo has proposals"
    assert sum(len(g.proposals) for g in paper.groups) == len(rows)
    assert sum(paper.totals.values()) == sum(int(r[11] or 0) for r in rows)
    if paper.totals.get("reuse"):
        assert paper.co2[1] >= paper.co2[0] > 0


def test_writes_a_numbered_a4_pdf_atomically(qapp, board_store, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "indstilling.pdf"
    pages = board_pdf.write_board_pdf(target, PhotoStore(board_store.photo_dir), "Direktionsmøde 12",
                                      date(2026, 12, 1), draw_plan=render_plan)
    assert pages > 1
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    assert [p.name for p in out.iterdir()] == ["indstilling.pdf"]  # no temp file left behind
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
        assert re.search(rf"^Pages:\s+{pages}$", info, re.M), info
        assert "A4" in info
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "Indstilling til direktionen" in text
        assert "Direktionsmøde 12" in text
        assert f"Side 1 af {pages}" in text and f"Side {pages} af {pages}" in text
        assert board_rows()[0][2] in text  # a label code from the board list
        assert "Stakplan" in text
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "2", "-l", "2", str(target), str(tmp_path / "page")],
                       check=True)
        images = sorted(tmp_path.glob("page*.png"))
        assert images
        image = QImage(str(images[0]))
        assert not image.isNull()
        dark = sum(1 for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
                   if image.pixelColor(x, y).lightness() < 128)
        assert dark > 50, "the page is not blank"


def test_no_proposals_is_a_user_error(qapp, store, tmp_path):
    with pytest.raises(board_pdf.BoardPdfError):
        board_pdf.write_board_pdf(tmp_path / "x.pdf", None)
    assert not (tmp_path / "x.pdf").exists()


def test_review_window_menu_writes_the_paper(qtbot, board_store, tmp_path):
    from inventar.ui.review.window import ReviewWindow

    window = ReviewWindow(PhotoStore(board_store.photo_dir), "anna")
    qtbot.addWidget(window)
    window.draw_plan = render_plan  # as the main window hands it in
    menus = [a.text() for a in window.menuBar().actions()]
    assert "&Direktionen" in menus
    assert window.board_pdf_action.text() == "Indstilling som &PDF …"
    target = tmp_path / "bilag.pdf"
    assert window.save_board_pdf(str(target)) > 1
    assert target.read_bytes().startswith(b"%PDF")
    assert "bilag.pdf" in window.statusBar().currentMessage()


def test_main_window_hands_the_stack_plan_to_the_review_window(main_window, monkeypatch):
    """The window hands in a stand-in that loads the stack diagram when the PDF is drawn and calls render_plan."""
    from inventar.ui.placement import stack_diagram

    calls = []
    monkeypatch.setattr(stack_diagram, "render_plan", lambda *args, **kwargs: calls.append(args) or 42.0)
    draw_plan = main_window.review.review_window().draw_plan
    assert draw_plan("painter", "problem", "shares", set(), 100.0, 50.0) == 42.0
    assert calls == [("painter", "problem", "shares", set(), 100.0, 50.0)]
