"""The board's meeting paper as a PDF: made from the board list's rows, numbered pages, a stack plan."""

import re
import shutil
import subprocess
from datetime import date

import pytest
from PySide6.QtGui import QImage

from inventar.services.demo.data import create_demo
from inventar.services.excel.exports import board_rows
from inventar.services.needs.co2 import co2_avoided
from inventar.services.photos.store import PhotoStore
from inventar.services.review import board_pdf


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
    # CO2e: the one calculation (the dashboard's and the board list's), for the proposals on the paper
    avoided = co2_avoided("proposed")
    assert paper.co2 == pytest.approx(avoided.of_decisions(r[0] for r in rows))
    assert paper.co2_with_approved == pytest.approx(avoided.total)
    assert paper.co2[1] >= paper.co2[0] > 0
    proposals = [p for g in paper.groups for p in g.proposals]
    assert sum(p.co2_high for p in proposals) == pytest.approx(paper.co2[1])
    assert any(p.kind == "reuse" and not p.replacing for p in proposals), "surplus reuse replaces no purchase"


def test_writes_a_numbered_a4_pdf_atomically(qapp, board_store, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "indstilling.pdf"
    pages = board_pdf.write_board_pdf(target, PhotoStore(board_store.photo_dir), "Direktionsmøde 12",
                                      date(2026, 12, 1))
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
