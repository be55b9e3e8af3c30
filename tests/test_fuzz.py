"""Random and damaged files fed to the importers: never a crash, always a message, nothing written."""

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from inventar.models import Item, Photo
from inventar.services.excel.importer import analyse, commit
from inventar.services.excel.reading import ImportFileError
from inventar.services.photos.store import PhotoError, PhotoStore

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), "#a0662e").save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (200, 150), (20, 110, 120, 255)).save(buffer, "PNG")
    return buffer.getvalue()


JPEG, PNG = _jpeg(), _png()


def _damaged(source: bytes):
    """Truncations, flipped bytes and overwritten spans of a valid file."""
    cut = st.integers(min_value=0, max_value=len(source) - 1).map(lambda n: source[:n])
    flip = st.lists(st.tuples(st.integers(0, len(source) - 1), st.integers(0, 255)), min_size=1, max_size=12).map(
        lambda edits: _edit(source, edits))
    return st.one_of(cut, flip)


def _edit(source: bytes, edits) -> bytes:
    data = bytearray(source)
    for position, value in edits:
        data[position] = value
    return bytes(data)


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


@FUZZ
@given(data=st.one_of(st.binary(max_size=4096), _damaged(JPEG), _damaged(PNG)),
       name=st.sampled_from(["IMG_0001.jpg", "foto.PNG", "IMG_2211.HEIC", "scan.jpeg", "noget"]))
def test_photo_import_of_random_or_damaged_bytes(store, data, name):
    photos = PhotoStore(store.photo_dir)
    before = _files(store.photo_dir)
    try:
        stored = photos.import_bytes(data, name)
    except PhotoError as error:
        assert name in str(error), "the message names the file"
        assert _files(store.photo_dir) == before, "a rejected photo writes nothing"
    else:
        # Pillow could decode it after all (damage in metadata, say): then it is a real, complete JPEG
        with Image.open(photos.path_for(stored.file_hash)) as image:
            image.verify()
    assert Photo.select().count() == 0


@pytest.fixture(scope="module")
def template_path(tmp_path_factory):
    """The import template with a few filled rows: a real workbook to damage."""
    from openpyxl import load_workbook

    from inventar.services.excel.template import write_template

    path = tmp_path_factory.mktemp("template") / "template.xlsx"
    write_template(path)
    book = load_workbook(path)
    sheet = book.worksheets[1] if book.worksheets[0].title == "Om" else book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for _row in range(3):
        sheet.append([{"Kategori": "Stol", "Antal": 4, "Bredde (cm)": "45,5"}.get(h, None) for h in headers])
    book.save(path)
    return path


@FUZZ
@given(data=st.data())
def test_excel_import_of_random_or_damaged_files(store, tmp_path, template_path, data):
    template_bytes = template_path.read_bytes()
    content = data.draw(st.one_of(st.binary(max_size=2048), _damaged(template_bytes), _zip_with_junk()), "file")
    path = tmp_path / data.draw(st.sampled_from(["liste.xlsx", "liste.xls", "Liste.XLSX", "liste"]))
    path.write_bytes(content)
    before = Item.select().count()
    try:
        plan = analyse(path)
    except ImportFileError as error:
        assert str(error), "an unusable file gets a message"
        assert Item.select().count() == before, "nothing is written from an unusable file"
    else:
        commit(plan)  # what was readable is consistent: valid rows in, rejected rows reported
        created = sum(len(sheet.create) for sheet in plan.sheets if sheet.kind == "items")
        assert Item.select().count() == before + created
        assert all(str(rejection) for rejection in plan.rejected), "every rejected row says why"


def _zip_with_junk():
    names = st.sampled_from(["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "junk.bin"])
    return st.lists(st.tuples(names, st.binary(max_size=200)), max_size=4, unique_by=lambda entry: entry[0]).map(_zip)


def _zip(entries) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, payload in entries:
            archive.writestr(name, payload)
    return buffer.getvalue()
