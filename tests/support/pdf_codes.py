"""Read every QR code of a label PDF back: rasterise the pages with pdftoppm, decode them with zxing-cpp."""

import shutil
import subprocess

import zxingcpp
from PIL import Image


def codes_in_pdf(pdf, tmp_path):
    out = tmp_path / "raster"
    out.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", str(pdf), str(out / "p")], check=True)
    texts = []
    for page in sorted(out.glob("p-*.png")):
        texts += [b.text for b in zxingcpp.read_barcodes(Image.open(page), formats=zxingcpp.BarcodeFormat.QRCode)]
    shutil.rmtree(out)
    return texts
