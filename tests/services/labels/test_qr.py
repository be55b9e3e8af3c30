"""QR codes: the symbols the labels use, and label codes found in photos (zxing-cpp both ways)."""

from PIL import Image, ImageDraw

from inventar.domain.labels.codes import make_code
from inventar.services.demo.data import demo_photo
from inventar.services.labels.qr import QUIET_ZONE, codes_in_image, qr_matrix, texts_in_image


def qr_image(text, module=8):
    matrix = qr_matrix(text)
    size = (len(matrix) + 2 * QUIET_ZONE) * module
    image = Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                left, top = (x + QUIET_ZONE) * module, (y + QUIET_ZONE) * module
                draw.rectangle((left, top, left + module - 1, top + module - 1), fill=0)
    return image


def test_the_label_symbol_reads_back_as_the_code():
    code = make_code("KB", 42)
    matrix = qr_matrix(code)
    assert len(matrix) == len(matrix[0]) >= 21
    assert texts_in_image(qr_image(code)) == [code]


def test_a_photo_of_a_label_yields_its_code(tmp_path):
    import io

    photo = Image.open(io.BytesIO(demo_photo("chair", "#a0662e", 1))).resize((1600, 1200))
    code = make_code("NV", 7)
    label = qr_image(code, module=6).rotate(17, expand=True, fillcolor=255)
    photo.paste(label.convert("RGB"), (900, 500))
    path = tmp_path / "IMG_0001.jpg"
    photo.save(path, "JPEG", quality=80)
    assert codes_in_image(path) == [code]


def test_foreign_codes_and_unreadable_files_give_nothing(tmp_path):
    path = tmp_path / "other.png"
    qr_image("https://example.org").save(path)
    assert codes_in_image(path) == []
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a picture")
    assert codes_in_image(broken) == []
    assert codes_in_image(tmp_path / "missing.jpg") == []


def test_two_labels_in_one_photo_are_both_found_once(tmp_path):
    first, second = make_code("NV", 1), make_code("NV", 2)
    photo = Image.new("L", (1400, 700), 200)
    photo.paste(qr_image(first), (50, 100))
    photo.paste(qr_image(second), (750, 100))
    path = tmp_path / "two.png"
    photo.save(path)
    assert sorted(codes_in_image(path)) == sorted([first, second])
