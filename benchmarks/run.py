"""Run every benchmark and print one table: ``python benchmarks/run.py [-k NAME]``.

Each ``benchmarks/bench_*.py`` module defines ``run(workdir: Path) -> list[Result]``.
Figures are medians of several runs; targets come from the issues.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@dataclass
class Result:
    name: str
    value: float
    unit: str
    target: float | None = None  # the value must stay below this
    runs: int = 1

    @property
    def verdict(self) -> str:
        if self.target is None:
            return ""
        return "ok" if self.value < self.target else "OVER"


def median_of(fn, runs: int) -> float:
    return statistics.median(fn() for _ in range(runs))


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-k", help="only benchmark modules whose name contains this")
    args = parser.parse_args()
    results: list[Result] = []
    for path in sorted(HERE.glob("bench_*.py")):
        if args.k and args.k not in path.stem:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        with tempfile.TemporaryDirectory(prefix=f"inventar-{path.stem}-") as workdir:
            os.environ["INVENTAR_HOME"] = str(Path(workdir) / "home")
            print(f"running {path.stem} …", file=sys.stderr, flush=True)
            results.extend(module.run(Path(workdir)))
    width = max((len(r.name) for r in results), default=10)
    print(f"{'benchmark':<{width}}  {'median':>12}  {'target':>10}  runs  verdict")
    for r in results:
        target = f"< {r.target:g}" if r.target is not None else ""
        value = f"{r.value:>9.2f}" if abs(r.value) < 10 else f"{r.value:>9.1f}"
        print(f"{r.name:<{width}}  {value} {r.unit:<2}  {target:>10}  {r.runs:>4}  {r.verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
