"""Excel: register export of 10,000 items (target < 2 s without images), import of 10,000 rows."""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

from run import ROOT, Result

ITEMS = 10_000


CPU: dict[str, list[float]] = {}


def _timed(fn, key: str | None = None) -> float:
    """Wall time; the process's CPU time is kept too (the machine may be shared, so wall time is noisy)."""
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    if key:
        CPU.setdefault(key, []).append(time.process_time() - cpu)
    return time.perf_counter() - start


def run(workdir: Path) -> list[Result]:
    sys.path.insert(0, str(ROOT))
    from inventar.models import Centre, Decision, Floor, Item, open_store
    from inventar.services.demo.data import create_demo
    from inventar.services.excel.exports import export
    from inventar.services.excel.importer import analyse, commit
    from inventar.services.photos.store import PhotoStore

    store = open_store(workdir / "source.sqlite")
    create_demo(PhotoStore(store.photo_dir), items=ITEMS, seed=11)
    rnd = random.Random(3)
    centres, floors = list(Centre.select()), list(Floor.select())
    with store.db.atomic():
        rows = []
        for item_id in [i for (i,) in Item.select(Item.id).tuples()][: ITEMS // 2]:
            kind = rnd.choice(["reuse", "reuse", "dispose"])
            rows.append({"item": item_id, "kind": kind, "approval": rnd.choice(["proposed", "approved"]),
                         "route": "sell" if kind == "dispose" else ""})
            if kind == "reuse":
                Item.update(target_centre=rnd.choice(centres), target_floor=rnd.choice(floors)) \
                    .where(Item.id == item_id).execute()
        for start in range(0, len(rows), 500):
            Decision.insert_many(rows[start:start + 500]).execute()

    target = workdir / "register.xlsx"
    export_times = [_timed(lambda: export("register", target), "export") for _ in range(5)]
    other = {kind: statistics.median(_timed(lambda k=kind: export(k, workdir / f"{k}.xlsx")) for _ in range(3))
             for kind in ("reuse", "disposal", "procurement")}
    store.close()

    import_times, reimport_times = [], []
    for run_number in range(3):
        empty = open_store(workdir / f"empty-{run_number}.sqlite")
        import_times.append(_timed(lambda: commit(analyse(target)), "import"))
        assert Item.select().count() == ITEMS
        reimport_times.append(_timed(lambda: commit(analyse(target))))
        assert Item.select().count() == ITEMS
        empty.close()

    results = [Result(f"export register, {ITEMS:,} items, no images", statistics.median(export_times), "s", 2.0,
                      len(export_times)),
               Result("  the same, CPU time of the process", statistics.median(CPU["export"]), "s", 2.0,
                      len(CPU["export"]))]
    results += [Result(f"export {kind} ({ITEMS // 2:,} decisions)", value, "s", None, 3) for kind, value in
                other.items()]
    results += [
        Result(f"import {ITEMS:,} rows into an empty database (check + write)", statistics.median(import_times),
               "s", None, len(import_times)),
        Result("  the same, CPU time of the process", statistics.median(CPU["import"]), "s", None,
               len(CPU["import"])),
        Result(f"re-import the same {ITEMS:,} rows (all unchanged)", statistics.median(reimport_times), "s",
               None, len(reimport_times)),
    ]
    return results
