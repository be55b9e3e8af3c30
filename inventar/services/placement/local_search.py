"""A quick local search for good stack plans: the optimiser's starting point (no proof, just a good plan).

Starts from a greedy stack and repeatedly applies the best improving move:
move a centre's workplaces from one floor to another (whole share, or as many as
fit), or swap two centres' shares between two floors.  Pinned placements never move.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from inventar.domain.placement import Problem, Shares, Weights, score

Pins = dict[tuple[int, int], int]


def _load(shares: Shares, floor_id: int) -> int:
    return sum(f.get(floor_id, 0) for f in shares.values())


def _neighbours(problem: Problem, shares: Shares, pinned: set[int]):
    capacity = {f.id: f.capacity for f in problem.floors}
    load = {f.id: _load(shares, f.id) for f in problem.floors}
    movable = [(c, f, n) for c, floors_of in shares.items() if c not in pinned for f, n in floors_of.items() if n]
    for c, source, n in movable:
        for floor in problem.floors:
            target = floor.id
            if target == source:
                continue
            free = capacity[target] - load[target]
            amount = min(n, free)
            if amount <= 0:
                continue
            result = {k: dict(v) for k, v in shares.items()}
            result[c][source] -= amount
            if not result[c][source]:
                del result[c][source]
            result[c][target] = result[c].get(target, 0) + amount
            yield result
    for i, (a, fa, na) in enumerate(movable):
        for b, fb, nb in movable[i + 1:]:
            if a == b or fa == fb:
                continue
            if load[fa] - na + nb > capacity[fa] or load[fb] - nb + na > capacity[fb]:
                continue
            result = {k: dict(v) for k, v in shares.items()}
            for c, source, target, n in ((a, fa, fb, na), (b, fb, fa, nb)):
                result[c][source] -= n
                if not result[c][source]:
                    del result[c][source]
                result[c][target] = result[c].get(target, 0) + n
            yield result


def improve(problem: Problem, shares: Shares, weights: Weights, pins: Pins, seconds: float = 1.0,
            should_stop: Callable[[], bool] | None = None) -> Shares:
    """Steepest descent from ``shares`` (which must be complete) for at most ``seconds`` (or until
    ``should_stop`` returns True; it is asked between neighbours)."""
    pinned = {c for c, _f in pins}
    best, best_total = shares, score(problem, shares, weights).total
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        candidate, candidate_total = None, best_total - 1e-9
        for neighbour in _neighbours(problem, best, pinned):
            total = score(problem, neighbour, weights).total
            if total < candidate_total:
                candidate, candidate_total = neighbour, total
            if time.perf_counter() >= deadline or (should_stop is not None and should_stop()):
                return candidate if candidate is not None else best
        if candidate is None:
            break
        best, best_total = candidate, candidate_total
    return best
