"""``bundle export`` / ``bundle import`` as real subprocesses: SQLite laptops into SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from peewee import PostgresqlDatabase

ROOT = Path(__file__).resolve().parents[2]


def run_main(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ}, timeout=180)


def _pg_counts(pg_url):
    db = PostgresqlDatabase(pg_url.rsplit("/", 1)[1], host="127.0.0.1", port=5432, user="postgres")
    try:
        return tuple(db.execute_sql(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                     for table in ("item", "photo", "decision", "room", "audit_entry"))
    finally:
        db.close()


def test_export_then_import_twice_into_sqlite(tmp_path):
    laptop, office, bundle = tmp_path / "laptop.sqlite", tmp_path / "office.sqlite", tmp_path / "b.zip"
    assert run_main("--db", str(laptop), "demo", "--items", "40").returncode == 0
    exported = run_main("--db", str(laptop), "bundle", "export", "-o", str(bundle))
    assert exported.returncode == 0, exported.stderr
    assert "40 genstande" in exported.stdout
    first = run_main("--db", str(office), "bundle", "import", str(bundle))
    assert first.returncode == 0, first.stderr
    assert "40 nye genstande" in first.stdout
    second = run_main("--db", str(office), "bundle", "import", str(bundle))
    assert second.returncode == 0 and "0 nye genstande, 0 opdaterede, 40 uændrede" in second.stdout
    again = run_main("--db", str(laptop), "bundle", "export", "-o", str(tmp_path / "empty.zip"))
    assert "0 genstande" in again.stdout  # nothing changed since the last bundle


@pytest.mark.postgres
def test_bundle_into_postgres_twice_and_a_damaged_one_writes_nothing(tmp_path, pg_url):
    laptop, bundle = tmp_path / "laptop.sqlite", tmp_path / "b.zip"
    share = tmp_path / "share"
    assert run_main("--db", str(laptop), "demo", "--items", "30").returncode == 0
    assert run_main("--db", str(laptop), "bundle", "export", "-o", str(bundle)).returncode == 0
    first = run_main("--db", pg_url, "--photos", str(share), "bundle", "import", str(bundle))
    assert first.returncode == 0, first.stderr
    counts = _pg_counts(pg_url)
    assert counts[0] == 30 and counts[1] >= 30 and counts[3] > 0
    assert len(list(share.rglob("*.jpg"))) > 0
    second = run_main("--db", pg_url, "--photos", str(share), "bundle", "import", str(bundle))
    assert second.returncode == 0 and _pg_counts(pg_url) == counts

    damaged = tmp_path / "damaged.zip"
    other = tmp_path / "other.sqlite"
    assert run_main("--db", str(other), "demo", "--items", "5").returncode == 0
    assert run_main("--db", str(other), "bundle", "export", "-o", str(tmp_path / "o.zip")).returncode == 0
    with zipfile.ZipFile(tmp_path / "o.zip") as source, zipfile.ZipFile(damaged, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "rows/item.json":
                data = data[:-1] + b" "  # one byte changed, checksum no longer matches
            out.writestr(info.filename, data)
    refused = run_main("--db", pg_url, "--photos", str(share), "bundle", "import", str(damaged))
    assert refused.returncode == 1
    assert "Kontrolsummen passer ikke" in refused.stderr and "Intet er skrevet" in refused.stderr
    assert _pg_counts(pg_url) == counts


def test_conflicts_are_printed_with_a_non_zero_exit(tmp_path):
    from inventar.models import Item, open_store
    from inventar.services.items.service import ItemService

    laptop, office = tmp_path / "laptop.sqlite", tmp_path / "office.sqlite"
    assert run_main("--db", str(laptop), "demo", "--items", "3").returncode == 0
    assert run_main("--db", str(laptop), "bundle", "export", "-o", str(tmp_path / "1.zip")).returncode == 0
    assert run_main("--db", str(office), "bundle", "import", str(tmp_path / "1.zip")).returncode == 0
    for path, colour in ((office, "Grøn"), (laptop, "Lilla")):
        store = open_store(path)
        service = ItemService(user="test")
        item = Item.select().order_by(Item.uuid).first()
        detail = service.get(item.id)
        detail.data.colour = colour
        service.update(item.id, detail.data, detail.row_version)
        store.close()
    assert run_main("--db", str(laptop), "bundle", "export", "-o", str(tmp_path / "2.zip")).returncode == 0
    result = run_main("--db", str(office), "bundle", "import", str(tmp_path / "2.zip"))
    assert result.returncode == 3
    assert "Konflikt" in result.stderr and "Farve: her »Grøn«, i bundtet »Lilla«" in result.stderr
