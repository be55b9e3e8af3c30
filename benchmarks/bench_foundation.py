"""Start-up to main window with 10,000 items, search latency per keystroke, peak memory.

The start is timed as users meet it: Python's bytecode compiled once beforehand (an installed app and the
PyInstaller bundle ship it; here PYTHONDONTWRITEBYTECODE would otherwise recompile every module of the app
on every start, ~0.1 s), a fresh process each time, medians of several.  A long list shows its first screenful
at once and loads the rest right after the window's first paint: the start counts until the window is shown with
those rows, the line below it until every row is there (the app exits only then, so the peak memory counts them
all).  Typing starts once the window has settled (the cell painter arrives 0.4 s after the window is shown), as a
user's first key does.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from run import ROOT, Result

ITEMS = 10_000
STARTS = 9
KEYSTROKES = ["s", "st", "sto", "stol", "stol ", "stol e", "stol eg", "stol e", "stol", "sto", "", "k", "ko",
              "kon", "kont", "konto", "kontor", "", "2.0", "2.01", ""]


def _percentile(values: list[float], fraction: float) -> float:
    return sorted(values)[min(len(values) - 1, int(len(values) * fraction))]


def _database(workdir: Path) -> Path:
    target = workdir / "bench.sqlite"
    subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(target), "demo", "--items", str(ITEMS)],
                   check=True, capture_output=True)
    return target


def _start_env(workdir: Path, write_bytecode: bool = False) -> dict[str, str]:
    env = {**os.environ, "INVENTAR_EXIT_AFTER_SHOW": "1", "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPYCACHEPREFIX": str(workdir / "bytecode")}
    if write_bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _start_once(target: Path, env: dict[str, str]) -> tuple[float, float, float, float]:
    """(seconds until the window is shown, the app's CPU seconds by then, its peak RSS in MB, seconds until the
    whole list is loaded: a long list shows its first screenful first and loads the rest after the first paint)."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", str(target)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    shown = cpu = complete = None
    for line in process.stdout:
        if line.startswith("shown_after_s="):
            shown = time.perf_counter() - start
            fields = dict(part.split("=", 1) for part in line.split())
            cpu = float(fields.get("cpu_s", "nan"))
        elif line.startswith("complete_after_s="):
            complete = time.perf_counter() - start
    _pid, _status, usage = os.wait4(process.pid, 0)
    process.returncode = _status
    if shown is None:
        raise RuntimeError("the app did not report that its window was shown")
    if complete is None:  # an older app: the whole list was loaded before the window was shown
        complete = shown
    return shown, cpu, usage.ru_maxrss / 1024, complete  # KiB -> MiB (Linux)


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
    settled = time.perf_counter() + 0.6
    while time.perf_counter() < settled:  # the window settles as it would before a user's first key
        app.processEvents()
        time.sleep(0.01)
    try:  # what the app does once its window is up (garbage collection set up for the long run)
        from inventar.ui.app import collect_from_now_on
    except ImportError:  # an older version of the app
        pass
    else:
        collect_from_now_on()
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
    _start_once(target, _start_env(workdir, write_bytecode=True))  # compiles the bytecode, as installing does
    env = _start_env(workdir)
    starts, cpu, peak, complete = [], [], 0.0, []
    for _ in range(STARTS):
        shown, seconds, rss, loaded = _start_once(target, env)
        starts.append(shown)
        cpu.append(seconds)
        peak = max(peak, rss)
        complete.append(loaded)
    latencies, filtering, opening = _filter_latencies(target)
    return [
        Result(f"cold start to main window, {ITEMS:,} items (whole process)", statistics.median(starts), "s", 0.5,
               len(starts)),
        Result("  the app's CPU time by then", statistics.median(cpu), "s", None, len(cpu)),
        Result("  every row loaded (after the first screenful is painted)", statistics.median(complete), "s", None,
               len(complete)),
        Result("search per keystroke: filter, model reset, status", statistics.median(filtering), "ms", None,
               len(filtering)),
        Result("search per keystroke incl. repaint of a 1366x768 table", statistics.median(latencies), "ms", None,
               len(latencies)),
        Result("  the same, 90th percentile", _percentile(latencies, 0.9), "ms", 12, len(latencies)),
        Result(f"peak RSS of the app with {ITEMS:,} items", peak, "MB", 150, len(starts)),
        Result(f"open a saved item for editing from {ITEMS:,} (form filled and painted)", statistics.median(opening),
               "ms", 100, len(opening)),
    ]
