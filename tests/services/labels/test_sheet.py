"""Label sheets: render PDFs, rasterise them with pdftoppm and read every QR code back with zxing-cpp."""

import shutil
import subprocess

import pytest
import zxingcpp
from PIL import Image

from inventar.domain.labels.codes import make_code
from inventar.domain.labels.templates import BUILTIN_TEMPLATES, LabelTemplate, qr_box
from inventar.services.labels.codes import LabelData
from inventar.services.labels.sheet import write_pdf

DPI = 200
pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is missing")


def rasterise(pdf, tmp_path, dpi=DPI):
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(tmp_path / "page")], check=True)
    return [Image.open(p) for p in sorted(tmp_path.glob("page-*.png"))]


def decoded(pages):
    """[(page, text, centre x mm, centre y mm)] of every QR code on the rasterised pages."""
    found = []
    for number, page in enumerate(pages):
        for barcode in zxingcpp.read_barcodes(page, formats=zxingcpp.BarcodeFormat.QRCode):
            corners = [barcode.position.top_left, barcode.position.top_right, barcode.position.bottom_right,
                       barcode.position.bottom_left]
            x = sum(c.x for c in corners) / 4 + 0.5  # pixel centres
            y = sum(c.y for c in corners) / 4 + 0.5
            found.append((number, barcode.text, x * 25.4 / DPI, y * 25.4 / DPI))
    return found


def labels(count, blank_every=0):
    return [LabelData(make_code("KB", n), "" if blank_every and n % blank_every == 0 else f"Syveren nr. {n}",
                      "2.10 Mødelokale", None if blank_every and n % blank_every == 0 else n)
            for n in range(1, count + 1)]


@pytest.mark.parametrize("name, count, skip", [
    ("A4 3x7 70x42,3 mm", 30, 4),
    ("A4 3x8 70x37 mm", 24, 0),
    ("A4 2x8 105x37 mm", 17, 15),
    ("A4 4x10 48,5x25,4 mm", 45, 3),
    ("Rulle 62 mm (62x29)", 3, 0),
])
def test_every_code_is_read_back_at_its_template_position(qapp, tmp_path, name, count, skip):
    template = BUILTIN_TEMPLATES[name]
    wanted = labels(count, blank_every=7)
    pdf = write_pdf(tmp_path / "labels.pdf", template, wanted, skip=skip)
    pages = rasterise(pdf, tmp_path)
    if not template.roll:
        assert len(pages) == template.pages_for(count, skip)
        width, height = pages[0].size
        assert abs(width - 210 / 25.4 * DPI) <= 1 and abs(height - 297 / 25.4 * DPI) <= 1  # A4
    found = decoded(pages)
    texts = [text for _page, text, _x, _y in found]
    assert sorted(texts) == sorted(label.code for label in wanted)  # none missing, none extra, no repeats
    qx, qy, side = qr_box(template.label_width, template.label_height)
    where = {label.code: index for index, label in enumerate(wanted)}
    for page, text, x, y in found:
        index = where[text] + (0 if template.roll else skip)
        expected_page, left, top = template.position(index)
        assert page == expected_page, text
        assert abs(x - (left + qx + side / 2)) < 0.5, (text, x, left + qx + side / 2)
        assert abs(y - (top + qy + side / 2)) < 0.5, (text, y, top + qy + side / 2)


def test_calibration_offset_and_a_user_template_move_the_labels(qapp, tmp_path):
    template = LabelTemplate("Egen 2x3", 2, 3, 90, 60, 12, 20, 95, 70).with_offset(2.5, -1.5).validated()
    wanted = labels(6)
    found = decoded(rasterise(write_pdf(tmp_path / "own.pdf", template, wanted), tmp_path))
    assert sorted(t for _p, t, _x, _y in found) == sorted(label.code for label in wanted)
    qx, qy, side = qr_box(90, 60)
    first = next(f for f in found if f[1] == wanted[0].code)
    assert abs(first[2] - (12 + 2.5 + qx + side / 2)) < 0.5
    assert abs(first[3] - (20 - 1.5 + qy + side / 2)) < 0.5


def test_refuses_an_empty_sheet_and_a_bad_skip_and_leaves_no_file(qapp, tmp_path):
    template = BUILTIN_TEMPLATES["A4 3x8 70x37 mm"]
    with pytest.raises(ValueError):
        write_pdf(tmp_path / "none.pdf", template, [])
    with pytest.raises(ValueError):
        write_pdf(tmp_path / "skip.pdf", template, labels(2), skip=24)
    assert list(tmp_path.iterdir()) == []


def test_templates_refuse_labels_outside_the_page():
    with pytest.raises(ValueError, match="ud over siden"):
        LabelTemplate("For bred", 3, 7, 75, 42.3, 0, 0, 75, 42.3).validated()
    with pytest.raises(ValueError, match="mindre end etikettens"):
        LabelTemplate("Overlap", 2, 2, 70, 40, 5, 5, 60, 40).validated()
    for template in BUILTIN_TEMPLATES.values():
        assert template.validated() is template
