"""Review screen with 10,000 items: loading the rows, a filter change, a 1,000-item bulk decision and its undo."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from run import ROOT, Result

ITEMS = 10_000
BULK = 1_000


def run(workdir: Path) -> list[Result]:
    target = workdir / "bench.sqlite"
    subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(target), "demo", "--items", str(ITEMS)],
                   check=True, capture_output=True)
    from PySide6.QtWidgets import QApplication

    from inventar.models import Item, Room, open_store
    from inventar.services.review.decisions import BulkEdit, DecisionService
    from inventar.services.review.room_walk import RoomWalkService
    from inventar.services.review.rows import ReviewFilter, ReviewService
    from inventar.ui.review.table_model import ReviewTableModel

    QApplication.instance() or QApplication([])
    store = open_store(target)
    review, decisions = ReviewService(), DecisionService("bench")
    model = ReviewTableModel(review)

    loads = []
    for _ in range(5):
        start = time.perf_counter()
        model.reload()
        loads.append((time.perf_counter() - start) * 1000)

    filters = [ReviewFilter(category="chair"), ReviewFilter(hidden_gold=True), ReviewFilter(floor=2, condition=4),
               ReviewFilter(decision="kind:pending", text="eg"), ReviewFilter()]
    filter_times = []
    for _ in range(4):
        for review_filter in filters:
            start = time.perf_counter()
            model.set_filter(review_filter)
            filter_times.append((time.perf_counter() - start) * 1000)

    ids = [i for (i,) in Item.select(Item.id).order_by(Item.id).limit(BULK).tuples()]
    bulk_times, undo_times, refresh_times = [], [], []
    for round_number in range(3):
        start = time.perf_counter()
        change = decisions.bulk(ids, BulkEdit(kind="dispose", route="recycle", reason=f"runde {round_number}"))
        bulk_times.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        model.refresh_items(ids)
        refresh_times.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        decisions.restore(change.before, change.after)
        undo_times.append((time.perf_counter() - start) * 1000)

    room = Room.select().first()
    codes = [f"HTK-X{n:04d}" for n in range(200)]
    for number, (item_id,) in enumerate(Item.select(Item.id).where(Item.room == room.id).limit(150).tuples()):
        Item.update(label_code=codes[number]).where(Item.id == item_id).execute()
    walk = RoomWalkService()
    walk_times = []
    for _ in range(5):
        start = time.perf_counter()
        walk.classify(room.id, codes)
        walk_times.append((time.perf_counter() - start) * 1000)
    store.close()
    return [
        Result(f"review rows load + model reset, {ITEMS:,} items", statistics.median(loads), "ms", 1000, len(loads)),
        Result("review filter change (combo), 10,000 items", statistics.median(filter_times), "ms", 50,
               len(filter_times)),
        Result(f"bulk decision on {BULK:,} items (one transaction)", statistics.median(bulk_times), "ms", 1000,
               len(bulk_times)),
        Result(f"refresh {BULK:,} changed rows in the model", statistics.median(refresh_times), "ms", 300,
               len(refresh_times)),
        Result("undo of that bulk decision", statistics.median(undo_times), "ms", 1000, len(undo_times)),
        Result("room walk: classify 200 scanned codes", statistics.median(walk_times), "ms", 100, len(walk_times)),
    ]
