"""Stacking optimiser: time to a proven optimum for 12, 16 and 20 centres on 6-8 floors, random matrices."""

from __future__ import annotations

import random
import statistics
from pathlib import Path

from run import Result

from inventar.domain.placement import CentreSpec, FloorSpec, Problem, Weights
from inventar.services.placement.optimiser import optimise

SIZES = [(12, 6, None), (16, 6, 2.0), (20, 8, None)]  # centres, floors, target seconds (issue 6)
INSTANCES = 5
TIME_LIMIT = 20.0


def instance(centres: int, floors: int, seed: int, density: float = 2 / 3) -> Problem:
    """Head counts 5-60, contact 0-5, a share ``density`` of the pairs collaborate (1-9), 15 % spare capacity."""
    rng = random.Random(seed)
    specs = [CentreSpec(i + 1, f"C{i + 1}", f"Center {i + 1}", rng.randint(5, 60), rng.randint(0, 5))
             for i in range(centres)]
    capacity = int(sum(c.workplaces for c in specs) * 1.15 / floors) + 1
    levels = [FloorSpec(100 + k, k, f"{k}. sal", capacity) for k in range(floors)]
    matrix = {(a, b): rng.randint(1, 9) for a in range(1, centres + 1) for b in range(a + 1, centres + 1)
              if rng.random() < density}
    return Problem(levels, specs, matrix)


def demo_building() -> Problem:
    """The demo organisation: its 10 centres (491 workplaces), 5 floors (500), the demo matrix."""
    from inventar.services.demo.collaboration import DEMO_MATRIX
    from inventar.services.demo.data import CENTRES, NEW_FLOORS

    centres = [CentreSpec(i + 1, abbr, name, n, contact) for i, (name, abbr, n, contact, _c) in enumerate(CENTRES)]
    floors = [FloorSpec(100 + level, level, name, cap) for level, name, cap, _area in NEW_FLOORS]
    ids = {c.abbreviation: c.id for c in centres}
    matrix = {(min(ids[a], ids[b]), max(ids[a], ids[b])): v for (a, b), v in DEMO_MATRIX.items()}
    return Problem(floors, centres, matrix)


def run(workdir: Path) -> list[Result]:
    results = []
    demo = optimise(demo_building(), Weights(), time_limit=120)
    results.append(Result("optimiser demo building 10 x 5, time to proven optimum (limit 120 s)", demo.seconds, "s",
                          None, 1))
    results.append(Result("optimiser demo building 10 x 5: proven optimal", 100.0 * demo.optimal, "%", None, 1))
    results.append(Result("optimiser demo building 10 x 5: proven by the set programme alone",
                          100.0 * (demo.optimal and demo.method == "sets"), "%", None, 1))
    for density, label in ((0.2, "sparse"), (2 / 3, "dense")):
        for centres, floors, target in SIZES:
            times, proven, by_sets, gaps = [], 0, 0, []
            for seed in range(INSTANCES):
                outcome = optimise(instance(centres, floors, seed, density), Weights(), time_limit=TIME_LIMIT)
                times.append(outcome.seconds)
                proven += outcome.optimal
                by_sets += outcome.optimal and outcome.method == "sets"
                gaps.append(outcome.gap * 100)
            name = f"optimiser {centres} x {floors}, {label} matrix"
            results.append(Result(f"{name}: time (limit {TIME_LIMIT:g} s)", statistics.median(times), "s", target,
                                  INSTANCES))
            results.append(Result(f"{name}: proven optimal", 100 * proven / INSTANCES, "%", None, INSTANCES))
            results.append(Result(f"{name}: proven by the set programme alone", 100 * by_sets / INSTANCES, "%", None,
                                  INSTANCES))
            results.append(Result(f"{name}: gap to proven bound", statistics.median(gaps), "%", None, INSTANCES))
    return results
