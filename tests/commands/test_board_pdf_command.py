"""``main.py board-pdf``: the board paper written by the real command, without widgets, read back with poppler."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from inventar.cli import main
from inventar.models import open_store
from inventar.services.demo.data import create_demo
from inventar.services.photos.store import PhotoStore

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
                                reason="pdftoppm/pdftotext (poppler-utils) are missing")


@pytest.fixture
def demo_db(tmp_path):
    target = tmp_path / "demo.sqlite"
    store = open_store(target)
    create_demo(PhotoStore(store.photo_dir), items=60, seed=7, decisions=True)
    store.close()
    return target


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_the_command_writes_the_paper_without_widgets(demo_db, tmp_path):
    """A real subprocess, as a script would call it; QtWidgets is never imported."""
    pdf = tmp_path / "bilag.pdf"
    script = ("import sys\nfrom inventar.cli import main\n"
              f"code = main(['--db', {str(demo_db)!r}, 'board-pdf', '-o', {str(pdf)!r}, "
              "'--meeting', 'Direktionsmøde 14.12.2026', '--date', '14-12-2026'])\n"
              "assert 'PySide6.QtWidgets' not in sys.modules, 'the paper needs no widgets'\n"
              "sys.exit(code)\n")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, env=env,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert "bilag.pdf" in result.stdout and "sider" in result.stdout
    text = _text(pdf)
    assert "Direktionsmøde 14.12.2026" in text, "the meeting reference is on the title page"
    assert "14-12-2026" in text
    assert "Stakplan" in text

    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)
    image = QImage(str(next(tmp_path.glob("page*.png"))))
    assert not image.isNull() and image.height() > image.width(), "A4 portrait"
    dark = sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
               if image.pixelColor(x, y).lightness() < 128)
    assert dark > 200, "page 1 is not blank"


def test_the_meeting_defaults_to_the_proposals_reference(qapp, demo_db, tmp_path, capsys):
    from inventar.models import Decision

    store = open_store(demo_db)
    Decision.update(meeting_ref="Direktionsmøde 01-02-2027").where(Decision.approval == "proposed").execute()
    store.close()
    pdf = tmp_path / "bilag.pdf"
    assert main(["--db", str(demo_db), "board-pdf", "-o", str(pdf)]) == 0
    assert "Direktionsmøde 01-02-2027" in _text(pdf)


def test_no_proposals_or_a_bad_date_write_nothing(qapp, tmp_path, capsys):
    empty = tmp_path / "empty.sqlite"
    open_store(empty).close()
    pdf = tmp_path / "x.pdf"
    assert main(["--db", str(empty), "board-pdf", "-o", str(pdf)]) == 1
    assert "ingen forslag" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(empty), "board-pdf", "-o", str(pdf), "--date", "14/12"])
    assert exit_info.value.code == 2
    assert "ikke en dato" in capsys.readouterr().err
    assert main(["--db", str(empty), "board-pdf", "-o", str(tmp_path / "x.txt")]) == 2
    assert not pdf.exists()


def test_a_full_disk_is_one_danish_line_and_leaves_no_pdf(qapp, demo_db, tmp_path, capsys):
    from tests.support.disks import tiny_tmpfs

    with tiny_tmpfs(tmp_path, "64k") as folder:  # the demo's paper with photos is far larger
        pdf = folder / "bilag.pdf"
        assert main(["--db", str(demo_db), "board-pdf", "-o", str(pdf)]) == 1
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and err.startswith("Fejl: ") and "bilag.pdf" in err, err
        assert not list(folder.iterdir())  # no truncated PDF (Qt's own file writer reported it as written)
