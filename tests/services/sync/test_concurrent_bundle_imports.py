"""Four bundle imports into the shared PostgreSQL database at the same moment (two laptops seeded with the
same label series, each bundle imported twice): every item arrives exactly once, codes stay distinct, the
colliding one is relabelled, and nothing fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from inventar.domain.items import ItemData
from inventar.models import Item, db_proxy, open_store
from inventar.services.items.service import ItemService
from inventar.services.labels.codes import LabelCodeService
from inventar.services.sync.bundle import export_bundle, import_bundle

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.postgres
@pytest.mark.slow
def test_four_imports_at_once_keep_every_item_once(pg_url, tmp_path):
    office = open_store(pg_url, photo_dir=str(tmp_path / "share"))
    export_bundle(office, tmp_path / "seed.zip", everything=True, for_laptop="kælder")
    office.close()
    for name in ("a", "b"):
        laptop = open_store(tmp_path / f"{name}.sqlite")
        import_bundle(laptop, tmp_path / "seed.zip")
        for number in range(20):
            item_id = ItemService(user=name).create(ItemData(category="chair", title=f"{name} stol {number}"))
            LabelCodeService(name).assign_missing([item_id])
        export_bundle(laptop, tmp_path / f"{name}.zip")
        laptop.close()
    command = [sys.executable, str(ROOT / "main.py"), "--db", pg_url, "--photos", str(tmp_path / "share"),
               "bundle", "import"]
    processes = [subprocess.Popen([*command, str(tmp_path / f"{name}.zip")], cwd=ROOT, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for name in ("a", "b", "a", "b")]
    outputs = [p.communicate(timeout=180) for p in processes]
    for process, (_out, err) in zip(processes, outputs):
        assert process.returncode == 0, err
    assert sum(out.count("Ny etiket") for out, _err in outputs) == 20, "b's 20 codes were taken by a's items"
    office = open_store(pg_url, photo_dir=str(tmp_path / "share"))
    try:
        titles = [i.title for i in Item.select().where(Item.title.contains(" stol "))]
        codes = [i.label_code for i in Item.select().where(Item.title.contains(" stol "))]
    finally:
        office.close()
        db_proxy.initialize(None)
    assert len(titles) == 40 and len(set(titles)) == 40
    assert len(set(codes)) == 40 and None not in codes
