"""Start-up to main window with 10,000 items, search latency per keystroke, peak memory."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from run import ROOT, Result

ITEMS = 10_000
KEYSTROKES = ["s", "st", "sto", "stol", "stol ", "stol e", "stol eg", "stol e", "stol", "sto", "", "k", "ko",
              "kon", "kont", "konto", "kontor", "", "2.0", "2.01", ""]


def _database(workdir: Path) -> Path:
    target = workdir / "bench.sqlite"
    subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(target), "demo", "--items", str(ITEMS)],
                   check=True, capture_output=True)
    return target


def _start_once(target: Path) -> tuple[float, float]:
    env = {**os.environ, "INVENTAR_EXIT_AFTER_SHOW": "1", "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", str(target)], env=env,
                               stdout=subprocess.PIPE, text=True)
    shown = None
    for line in process.stdout:
        if line.startswith("shown_after_s="):
            shown = time.perf_counter() - start
    process.wait()
    if shown is None:
        raise RuntimeError("the app did not report that its window was shown")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB -> MiB (Linux)
    return shown, usage


def _filter_latencies(target: Path) -> list[float]:
    from PySide6.QtWidgets import QApplication

    from inventar.models import open_store
    from inventar.settings import Settings
    from inventar.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    store = open_store(target)
    window = MainWindow.open(store, Settings(), open_store)
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    times, filtering = [], []
    for _round in range(3):
        for text in KEYSTROKES:
            start = time.perf_counter()
            window.search.setText(text)  # what a keystroke does: filter, status label ...
            filtered = time.perf_counter()
            app.processEvents()  # ... and the one repaint of the table the event loop then does
            times.append((time.perf_counter() - start) * 1000)
            filtering.append((filtered - start) * 1000)
    window.search.setText("")
    app.processEvents()
    opening = _edit_open_times(app, window)
    window.close()
    store.close()
    return times, filtering, opening


def _edit_open_times(app, window, count: int = 15) -> list[float]:
    """Open a saved item in the registration form's edit mode (fields, room, criteria, photos) and paint it."""
    from inventar.models import Item

    ids = [i for (i,) in Item.select(Item.id).order_by(Item.id).tuples()][:: max(1, ITEMS // count)][:count]
    times = []
    for item_id in ids:
        start = time.perf_counter()
        dialog = window.registration.edit_item(item_id)
        app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
        dialog.hide()
        app.processEvents()
    return times


def run(workdir: Path) -> list[Result]:
    target = _database(workdir)
    starts, peak = [], 0.0
    for _ in range(5):
        shown, rss = _start_once(target)
        starts.append(shown)
        peak = max(peak, rss)
    latencies, filtering, opening = _filter_latencies(target)
    return [
        Result(f"cold start to main window, {ITEMS:,} items", statistics.median(starts), "s", 1.0, len(starts)),
        Result("search per keystroke: filter, model reset, status", statistics.median(filtering), "ms", 30,
               len(filtering)),
        Result("search per keystroke incl. repaint of a 1366x768 table", statistics.median(latencies), "ms", 30,
               len(latencies)),
        Result("search latency per keystroke, 90th percentile", sorted(latencies)[int(len(latencies) * 0.9)],
               "ms", None, len(latencies)),
        Result("peak RSS of the app with 10,000 items", peak, "MB", 300, len(starts)),
        Result(f"open a saved item for editing from {ITEMS:,} (form filled and painted)", statistics.median(opening),
               "ms", 100, len(opening)),
    ]
