"""1,000 labels to PDF: the painter alone, and the whole ``main.py labels`` command."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from run import ROOT, Result

COUNT = 1000


def _painter_times(workdir: Path, runs: int) -> dict[str, list[float]]:
    from PySide6.QtGui import QGuiApplication

    from inventar.domain.labels.codes import make_code
    from inventar.domain.labels.templates import BUILTIN_TEMPLATES
    from inventar.services.labels.codes import LabelData
    from inventar.services.labels.sheet import write_pdf

    _app = QGuiApplication.instance() or QGuiApplication([])
    labels = [LabelData(make_code("KB", n), f"Kontorstol, HÅG H05 nr. {n}", "2.10 Mødelokale", n)
              for n in range(1, COUNT + 1)]
    times: dict[str, list[float]] = {}
    for name in ("A4 3x7 70x42,3 mm", "A4 4x10 48,5x25,4 mm"):
        for _ in range(runs):
            start = time.perf_counter()
            write_pdf(workdir / "bench.pdf", BUILTIN_TEMPLATES[name], labels)
            times.setdefault(name, []).append(time.perf_counter() - start)
    return times


def _command_times(workdir: Path, runs: int) -> list[float]:
    target = workdir / "labels.sqlite"
    subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(target), "demo", "--items", str(COUNT)],
                   check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(target), "labels", "-o",
                        str(workdir / "all.pdf")], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def run(workdir: Path) -> list[Result]:
    runs = 5
    results = [Result(f"{COUNT:,} labels to PDF ({name})", statistics.median(values), "s", 5.0, len(values))
               for name, values in _painter_times(workdir, runs).items()]
    command = _command_times(workdir, 3)
    results.append(Result(f"main.py labels, {COUNT:,} demo items (incl. start-up)", statistics.median(command), "s",
                          5.0, len(command)))
    return results
