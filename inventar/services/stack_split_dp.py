"""Exact stacking with isolated splits: the set programme extended by one split centre per boundary.

A large centre often cannot sit whole on any floor (the demo's BAC: 140 people,
floors of 90–110), so the best plan splits it.  This programme is exact over
every plan in which each split centre uses two neighbouring floors and no floor
holds parts of two split centres ("isolated" splits; unsplit plans included).
:func:`inventar.services.stack_dp.lower_bound` bounds every other plan, and
when that bound is no better, the plan found here is optimal.

States at boundary ``k``: a set ``R`` of centres wholly on or below it, or such a
set plus one centre ``c`` cut by the boundary, with ``W`` workplaces on or below
it in all (so ``W − w(R)`` of ``c``'s).  Floor ``k`` holds ``W_k − W_{k−1}``
workplaces.  The boundary costs ``gap · g(R)`` when whole and
``gap · ((1 − p) · g(R) + p · g(R ∪ c)) + w3`` with ``p`` the share of ``c`` below
(the score's contact and transport distance are linear in ``p`` when every
other centre is whole).  The predecessor minimum over subsets with enough
workplaces is a subset-minimum transform over sets, one column per ``W``.
Arrays hold ``centres × 2^centres × width`` numbers per boundary (``width`` the
spare capacity), so the programme runs only below :data:`MAX_CELLS`.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from inventar.domain.stacking import Shares
from inventar.services.stack_dp import Chains, Stopped

MAX_CELLS = 3_000_000


def _subset_min_rows(values: np.ndarray, n: int) -> np.ndarray:
    """Row ``S`` of the result: the column-wise minimum over the rows of all subsets of ``S``."""
    result = values.copy()
    for i in range(n):
        view = result.reshape(-1, 2, 1 << i, values.shape[1])
        np.minimum(view[:, 1], view[:, 0], out=view[:, 1])
    return result


def cells(chains: Chains) -> int:
    widths = [high - low + 1 for low, high in (chains.bounds(k) for k in range(chains.boundaries))]
    return chains.n * (1 << chains.n) * max(widths + [1])


class _Programme:
    def __init__(self, chains: Chains) -> None:
        self.c = chains
        self.n = chains.n
        self.masks = np.arange(1 << chains.n, dtype=np.int64)
        self.free = [i for i in range(chains.n) if chains.free_mask >> i & 1 and chains.sizes[i] > 1]

    def split_cost(self, k: int, i: int, low: int, width: int) -> np.ndarray:
        """``[R, d]``: boundary ``k``'s cost with centre ``i`` cut and ``low + d`` workplaces below; inf if impossible."""
        c, masks = self.c, self.masks
        size = int(c.sizes[i])
        below = low + np.arange(width)[None, :] - c.weight[:, None]  # workplaces of i below the boundary
        possible = (((masks >> i) & 1) == 0)[:, None] & (below >= 1) & (below <= size - 1) & c.pins_hold(k)[:, None]
        step = (c.cost[masks | (1 << i)] - c.cost)[:, None]
        value = c.gaps[k] * (c.cost[:, None] + below / size * step) + c.split_weight
        return np.where(possible, value, np.inf)

    def run(self, should_stop: Callable[[], bool] | None):
        c, masks, n = self.c, self.masks, self.n
        whole, split, lows = [], [], []
        for k in range(c.boundaries):
            if should_stop and should_stop():
                raise Stopped
            low, high = c.bounds(k)
            width = high - low + 1
            if width <= 0:
                return None
            window = c.window(k)
            if k == 0:
                # below the first boundary is floor 0 alone: its load is W itself
                fits = (low + np.arange(width)) <= c.capacity[0]
                base = np.where(fits[None, :], 0.0, np.inf) + np.zeros((1 << n, 1))
                whole_value = np.where(window & (c.weight <= c.capacity[0]), 0.0, np.inf)
            else:
                previous, low_before, width_before = whole[-1], lows[-1], split[-1].shape[2]
                threshold = low + np.arange(width) - c.capacity[k]  # the workplaces the floors below must hold
                base = _subset_min_rows(np.where(c.weight[:, None] >= threshold[None, :], previous[:, None], np.inf),
                                        n)
                column = c.weight - low
                inside = (column >= 0) & (column < width)
                whole_value = np.where(inside, base[masks, np.clip(column, 0, width - 1)], np.inf)
                need = c.weight - c.capacity[k] - low_before  # a cut centre finishing on floor k: W_{k-1} ≥ w(R) − cap
                reachable = need < width_before
                start = np.clip(need, 0, width_before - 1)
                for i in self.free:
                    before = split[-1][i]
                    if not np.isfinite(before).any():
                        continue
                    suffix = np.minimum.accumulate(before[:, ::-1], axis=1)[:, ::-1]
                    best = _subset_min_rows(suffix, n)
                    has = ((masks >> i) & 1) == 1
                    value = np.where(has & reachable, best[masks ^ (1 << i), start], np.inf)
                    whole_value = np.minimum(whole_value, value)
                whole_value = np.where(window, whole_value, np.inf)
            whole.append(whole_value + c.gaps[k] * c.cost)
            layer = np.full((n, 1 << n, width), np.inf)
            for i in self.free:
                layer[i] = base + self.split_cost(k, i, low, width)
            split.append(layer)
            lows.append(low)
        return whole, split, lows

    def trace(self, whole, split, lows) -> tuple[float, list[tuple[int, int | None, int]]]:
        """The best final state and its chain back to floor 0: per boundary (R, cut centre or None, W)."""
        c, masks = self.c, self.masks
        last = c.boundaries - 1
        best_whole = int(np.argmin(whole[last]))
        value = float(whole[last][best_whole])
        state: tuple[int, int | None, int] = (best_whole, None, int(c.weight[best_whole]))
        i, r, d = (np.unravel_index(int(np.argmin(split[last])), split[last].shape) if split[last].size
                   else (0, 0, 0))
        if split[last].size and split[last][i, r, d] < value:
            value = float(split[last][i, r, d])
            state = (int(r), int(i), lows[last] + int(d))
        states = [state]
        for k in range(last, 0, -1):
            r, cut, total_below = states[-1]
            capacity = c.capacity[k]
            subsets = (masks & ~r) == 0
            if cut is None:  # whole at k: a whole or cut predecessor
                options = np.where(subsets & (c.weight >= total_below - capacity), whole[k - 1], np.inf)
                pick = (int(np.argmin(options)), None, None)
                best = options[pick[0]]
                for i in self.free:
                    if not (r >> i) & 1:
                        continue
                    rows = np.where(subsets & (((masks >> i) & 1) == 0), True, False)
                    need = max(total_below - capacity - lows[k - 1], 0)
                    block = np.where(rows[:, None], split[k - 1][i][:, need:], np.inf)
                    if block.size and block.min() < best:
                        best = block.min()
                        row, col = np.unravel_index(int(np.argmin(block)), block.shape)
                        pick = (int(row), i, lows[k - 1] + need + int(col))
                if pick[1] is None:
                    pick = (pick[0], None, int(c.weight[pick[0]]))
                states.append(pick)
            else:  # cut at k: a whole predecessor
                options = np.where(subsets & (c.weight >= total_below - capacity), whole[k - 1], np.inf)
                row = int(np.argmin(options))
                states.append((row, None, int(c.weight[row])))
        return value, states[::-1]

    def shares(self, states: list[tuple[int, int | None, int]]) -> Shares:
        c = self.c
        floors = c.problem.floors
        result: Shares = {centre.id: {} for centre in c.problem.centres}
        for i, centre in enumerate(c.centres):
            cut = next(((k, below) for k, (r, j, below) in enumerate(states) if j == i), None)
            if cut is not None:
                k, total_below = cut
                here = total_below - int(c.weight[states[k][0]])
                result[centre.id] = {floors[k].id: here, floors[k + 1].id: centre.workplaces - here}
                continue
            level = next((k for k, (r, _j, _w) in enumerate(states) if r >> i & 1), len(floors) - 1)
            result[centre.id] = {floors[level].id: centre.workplaces}
        return result


def best_isolated(chains: Chains, upper: float = math.inf,
                  should_stop: Callable[[], bool] | None = None) -> tuple[float, Shares] | None:
    """The best plan whose split centres each use two neighbouring floors on their own, if below ``upper``."""
    if chains.boundaries == 0:
        if chains.total > chains.capacity[0] or chains.constant >= upper:
            return None
        return chains.constant, chains.shares([])
    programme = _Programme(chains)
    layers = programme.run(should_stop)
    if layers is None:
        return None
    value, states = programme.trace(*layers)
    if not math.isfinite(value) or value + chains.constant >= upper:
        return None
    return value + chains.constant, programme.shares(states)
