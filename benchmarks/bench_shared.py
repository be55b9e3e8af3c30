"""Several laptops: bundle export/import of 2,000 items with photos, the list's change check, and
concurrent registration on the shared PostgreSQL server (4 processes x 250 items)."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

from run import ROOT, Result

ITEMS = 2_000
PG = os.environ.get("INVENTAR_TEST_PG", "postgresql://postgres@127.0.0.1:5432")


def _bundle_figures(workdir: Path) -> list[Result]:
    from inventar.models import db_proxy, open_store
    from inventar.services.demo.data import create_demo
    from inventar.services.photos.store import PhotoStore
    from inventar.services.sync.bundle import export_bundle, import_bundle
    from inventar.services.sync.change_watch import fingerprint

    laptop = open_store(workdir / "laptop.sqlite")
    create_demo(PhotoStore(laptop.photo_dir), items=ITEMS, seed=11)
    checks = []
    for _ in range(200):
        start = time.perf_counter()
        fingerprint()
        checks.append((time.perf_counter() - start) * 1000)
    exports, imports, again = [], [], []
    for run in range(3):
        db_proxy.initialize(laptop.db)
        bundle = workdir / f"b{run}.zip"
        start = time.perf_counter()
        export_bundle(laptop, bundle, everything=True)
        exports.append(time.perf_counter() - start)
        target = open_store(workdir / f"office{run}.sqlite")
        start = time.perf_counter()
        import_bundle(target, bundle)
        imports.append(time.perf_counter() - start)
        start = time.perf_counter()
        import_bundle(target, bundle)
        again.append(time.perf_counter() - start)
        target.close()
        shutil.rmtree(workdir / f"office{run}-fotos", ignore_errors=True)
    laptop.close()
    return [
        Result(f"bundle export, {ITEMS:,} items with photos", statistics.median(exports), "s", 10, len(exports)),
        Result(f"bundle import into an empty database, {ITEMS:,} items", statistics.median(imports), "s", 20,
               len(imports)),
        Result("bundle import again (nothing changes)", statistics.median(again), "s", 10, len(again)),
        Result(f"change check of the item list ({ITEMS:,} items)", statistics.median(checks), "ms", 5, len(checks)),
    ]


def _concurrent_figure(workdir: Path) -> list[Result]:
    from peewee import PostgresqlDatabase

    admin = PostgresqlDatabase("postgres", host="127.0.0.1", port=5432, user="postgres")
    try:
        admin.connect()
    except Exception:  # noqa: BLE001 - no server: skip this figure
        return []
    name = f"inventar_bench_{uuid.uuid4().hex[:8]}"
    admin.execute_sql(f'CREATE DATABASE "{name}"')
    url = f"{PG}/{name}"
    try:
        from inventar.models import open_store

        open_store(url, photo_dir=str(workdir / "share")).close()
        start = time.perf_counter()
        processes = [subprocess.Popen([sys.executable, str(ROOT / "tests" / "support" / "concurrent_register.py"), url, "250",
                                       f"laptop{n}", str(workdir / "share")], cwd=ROOT,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                     for n in range(4)]
        for process in processes:
            _out, err = process.communicate(timeout=300)
            if process.returncode:
                raise RuntimeError(err.decode())
        elapsed = time.perf_counter() - start
    finally:
        from inventar.models import db_proxy

        if db_proxy.obj is not None and not db_proxy.obj.is_closed():
            db_proxy.obj.close()
        admin.execute_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
    return [Result("4 laptops x 250 registrations (code + item) on PostgreSQL", elapsed, "s", 60, 1),
            Result("registrations per second, all 4 laptops together", 1000 / elapsed, "1/s", None, 1)]


def run(workdir: Path) -> list[Result]:
    return _bundle_figures(workdir) + _concurrent_figure(workdir)
