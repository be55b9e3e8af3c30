"""Seeded random placement instances with the variants of issue 18 (weights, capacity slack, pins, odd levels).

Shared by the optimiser tests and ``benchmarks/bench_placement.py``.
"""

from __future__ import annotations

import random

from inventar.domain.placement import CentreSpec, FloorSpec, Problem, Weights

WEIGHTS = {"1/2/10": Weights(1, 2, 10), "4/1/0": Weights(4, 1, 0), "0.5/3/7.5": Weights(0.5, 3, 7.5),
           "4/1/25": Weights(4, 1, 25)}
LEVELS = {4: [-1, 0, 1, 2], 5: [-1, 0, 1, 2, 4], 6: [-1, 0, 1, 2, 4, 5]}


def instance(centres: int, floors: int, seed: int, density: float = 0.5, slack: float = 1.02,
             odd_levels: bool = False, pinned: bool = False) -> tuple[Problem, dict[tuple[int, int], int]]:
    """Head counts 3-40, contact 0-5, a share ``density`` of the pairs collaborate (1-9).

    Every floor takes ``slack`` × the workplaces ÷ floors (1.02 tight, 1.3 loose);
    ``odd_levels`` numbers the floors -1, 0, 1, 2, 4, …; ``pinned`` fixes the first centre whole on the top floor.
    """
    rng = random.Random(seed)
    specs = [CentreSpec(i + 1, f"C{i + 1}", f"Center {i + 1}", rng.randint(3, 40), rng.randint(0, 5))
             for i in range(centres)]
    capacity = int(sum(c.workplaces for c in specs) * slack / floors) + 1
    levels = LEVELS[floors] if odd_levels and floors in LEVELS else list(range(floors))
    floor_specs = [FloorSpec(100 + k, level, f"{level}. sal", capacity) for k, level in enumerate(levels)]
    matrix = {(a, b): rng.randint(1, 9) for a in range(1, centres + 1) for b in range(a + 1, centres + 1)
              if rng.random() < density}
    pins = {(1, floor_specs[-1].id): specs[0].workplaces} if pinned else {}
    return Problem(floor_specs, specs, matrix), pins


def demo_building() -> Problem:
    """The demo organisation: its 10 centres (491 workplaces), 5 floors (500), the demo matrix."""
    from inventar.services.demo.collaboration import DEMO_MATRIX
    from inventar.services.demo.data import CENTRES, NEW_FLOORS

    centres = [CentreSpec(i + 1, abbr, name, n, contact) for i, (name, abbr, n, contact, _c) in enumerate(CENTRES)]
    floors = [FloorSpec(100 + level, level, name, cap) for level, name, cap, _area in NEW_FLOORS]
    ids = {c.abbreviation: c.id for c in centres}
    matrix = {(min(ids[a], ids[b]), max(ids[a], ids[b])): v for (a, b), v in DEMO_MATRIX.items()}
    return Problem(floors, centres, matrix)
