"""A bundle import that fails after its photos were copied (a full photo disk, a cancel) leaves no photo file
behind, and no row: the README's "on every refusal nothing is written"."""

from __future__ import annotations

import pytest

from inventar.cli import main
from inventar.errors import Cancelled
from inventar.models import Item, Photo, open_store
from inventar.services.demo.data import create_demo
from inventar.services.photos.store import PhotoStore
from inventar.services.sync.bundle import export_bundle, import_bundle
from tests.support.databases import use
from tests.support.disks import tiny_tmpfs


@pytest.fixture
def bundle(laptop, tmp_path):
    use(laptop)
    create_demo(PhotoStore(laptop.photo_dir), items=120, seed=8)
    target = tmp_path / "alt.inventar-bundle"
    export_bundle(laptop, target, everything=True)
    assert len({p.file_hash for p in Photo.select()}) > 20
    return target


def _files(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_a_full_photo_disk_leaves_no_photo_and_no_row(bundle, tmp_path, capsys):
    with tiny_tmpfs(tmp_path, "256k") as disk:
        target = tmp_path / "kontor.sqlite"
        assert main(["--db", str(target), "--photos", str(disk / "fotos"), "bundle", "import", str(bundle)]) == 1
        err = capsys.readouterr().err
        assert "disken er fuld" in err and "Intet er skrevet" in err and "Traceback" not in err
        assert _files(disk / "fotos") == []
    store = open_store(target)
    try:
        assert Item.select().count() == 0 and Photo.select().count() == 0
    finally:
        store.close()


def test_a_cancel_after_the_photos_leaves_no_photo(bundle, office):
    use(office)
    steps = []

    def cancel_after_the_photos(done, total):
        steps.append(done)
        if len(steps) > 25:
            raise Cancelled

    with pytest.raises(Cancelled):
        import_bundle(office, bundle, progress=cancel_after_the_photos)
    assert _files(office.photo_dir) == []
    assert Item.select().count() == 0

    result = import_bundle(office, bundle)  # the same bundle, not stopped: everything arrives
    assert result.inserted["item"] == 120
    assert all(PhotoStore(office.photo_dir).has(p.file_hash) for p in Photo.select())
