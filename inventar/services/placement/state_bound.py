"""A lower bound on every plan from each centre's state at each floor boundary: below, cut or above.

The rounding bound of :func:`inventar.services.placement.set_programme.lower_bound` drops the floor
capacities next to every boundary that cuts a centre, and with a low split weight (issue 18's
1/2/10 and 0.5/3/7.5 families) that is where its optimum lies: 15–45 % below plans a solver later
proves optimal.  This bound keeps the capacities exactly and gives up something else.

For any plan, boundary ``k`` has a state ``s_k``: per centre wholly on or below it (``R``), cut by it
(``F``), or wholly above.  With ``W_k`` the workplaces on or below the boundary, the boundary costs
at least ``cost_k(s_k, W_k)``, the least the score's boundary term can be over the shares
``P_c ∈ [1/w_c, 1 − 1/w_c]`` of the cut centres that put ``W_k`` workplaces below:

* nothing cut: ``gap · g(R)`` (and ``W_k = w(R)``);
* one centre ``c`` cut: its share is ``(W_k − w(R)) / w_c`` and the cost is linear in it;
* two cut, ``a`` and ``b``: the Lovász extension along the line ``w_a P_a + w_b P_b = W_k − w(R)`` is
  convex and piecewise linear with its kink at ``P_a = P_b``: its minimum is at an end or the kink;
* three or more: for any ``λ``, ``min over R ⊆ S ⊆ R ∪ F of g(S) + λ (w(S) − W_k)`` (the rounded sets
  at every threshold lie between ``R`` and ``R ∪ F`` and weigh ``W_k`` on average);

plus ``w3 · |F|``.  Along any plan the states only rise (above → cut → below, centre by centre),
``W_k`` rises by floor ``k + 1``'s load, at most its capacity, and stays within the bounds every plan
meets.  A dynamic programme over ``(s, W)`` with exactly these rules gives the least sum: a lower
bound on every plan, whose only loss is that a centre cut at two boundaries may take shares there
that no single plan has.  Arrays hold ``3^centres × width`` numbers (``width`` = spare capacity + 1),
so it runs only below :data:`MAX_CELLS`.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from inventar.services.placement.set_programme import Chains, Stopped

MAX_CELLS = 6_000_000
_LAMBDAS = (0.0, 0.25, -0.25, 0.5, -0.5, 1.0, -1.0, 2.0, -2.0, 4.0, -4.0)  # × a typical cost per workplace


def cells(chains: Chains) -> int:
    widths = [high - low + 1 for low, high in (chains.bounds(k) for k in range(chains.boundaries))]
    return 3 ** chains.n * max(widths + [1])


class _States:
    """Every state in base 3 (digit ``c``: 0 above, 1 cut, 2 below): its sets ``R`` and ``F`` as bit masks."""

    def __init__(self, chains: Chains) -> None:
        n = chains.n
        self.n = n
        size = 3 ** n
        index = np.arange(size, dtype=np.int64)
        self.below = np.zeros(size, dtype=np.int64)
        self.cut = np.zeros(size, dtype=np.int64)
        self.count = np.zeros(size, dtype=np.int64)
        self.of_mask = np.zeros(1 << n, dtype=np.int64)  # the state with exactly the mask's centres below
        for c in range(n):
            digit = (index // 3 ** c) % 3
            self.below |= (digit == 2).astype(np.int64) << c
            self.cut |= (digit == 1).astype(np.int64) << c
            self.count += digit == 1
            self.of_mask[1 << c:2 << c] = self.of_mask[:1 << c] + 2 * 3 ** c

    def rising_min(self, values: np.ndarray) -> np.ndarray:
        """``M(s) = min over t ≤ s digit by digit of values(t)``, row-wise for 2-D tables."""
        result = values.copy()
        for c in range(self.n):
            view = result.reshape((-1, 3, 3 ** c) + values.shape[1:])
            np.minimum(view[:, 0], view[:, 1], out=view[:, 1])
            np.minimum(view[:, 1], view[:, 2], out=view[:, 2])
        return result

    def interval_min(self, values: np.ndarray) -> np.ndarray:
        """``M(s) = min over masks S with R ⊆ S ⊆ R ∪ F of values(S)`` (``values`` over the masks)."""
        result = np.full(3 ** self.n, np.inf)
        result[self.of_mask] = values
        for c in range(self.n):
            view = result.reshape((-1, 3, 3 ** c))
            np.minimum(view[:, 0], view[:, 2], out=view[:, 1])
        return result


def _wide_window_min(values: np.ndarray, first: np.ndarray, length: int) -> np.ndarray:
    """:func:`_sliding_min` for windows at least as wide as the table: each window, clipped to the
    table, is a prefix or a suffix of its columns (or all of them, or none)."""
    columns = values.shape[1]
    last = first + length - 1
    prefix = np.minimum.accumulate(values, axis=1)
    suffix = np.minimum.accumulate(values[:, ::-1], axis=1)[:, ::-1]
    result = np.where(first[None, :] <= 0, prefix[:, np.clip(last, 0, columns - 1)],
                      suffix[:, np.clip(first, 0, columns - 1)])
    result[:, (last < 0) | (first >= columns)] = np.inf
    return result


def _sliding_min(values: np.ndarray, first: np.ndarray, length: int) -> np.ndarray:
    """``[row, j]`` = the minimum of columns ``first[j] … first[j] + length − 1`` (columns outside are inf)."""
    columns = values.shape[1]
    if length >= columns:
        return _wide_window_min(values, first, length)
    pad = length
    padded = np.full((values.shape[0], columns + 2 * pad), np.inf)
    padded[:, pad:pad + columns] = values
    result = padded
    span = 1
    while 2 * span <= length:
        result = np.minimum(result[:, :-span], result[:, span:])
        span *= 2
    start = first + pad
    return np.minimum(result[:, start], result[:, start + length - span])


def _boundary_costs(chains: Chains, states: _States, k: int, relaxed: list[tuple[float, np.ndarray]]) -> np.ndarray:
    """``[s, j]``: the least boundary ``k`` can cost in state ``s`` with ``low_k + j`` workplaces below."""
    low, high = chains.bounds(k)
    width = high - low + 1
    cost, weight, sizes = chains.cost, chains.weight, chains.sizes
    below, cut, count = states.below, states.cut, states.count
    places = low + np.arange(width)
    extra = places[None, :] - weight[below][:, None]  # workplaces of the cut centres below the boundary
    result = np.full((len(below), width), np.inf)
    none = count == 0
    result[none] = np.where(extra[none] == 0, cost[below[none]][:, None], np.inf)
    for c in range(chains.n):
        rows = np.flatnonzero(cut == 1 << c)
        share = extra[rows] / sizes[c]
        value = cost[below[rows]][:, None] + share * (cost[below[rows] | 1 << c] - cost[below[rows]])[:, None]
        result[rows] = np.where((extra[rows] >= 1) & (extra[rows] <= sizes[c] - 1), value, np.inf)
    for a in range(chains.n):
        for b in range(a + 1, chains.n):
            rows = np.flatnonzero(cut == (1 << a) | (1 << b))
            result[rows] = _two_cut(chains, below[rows], a, b, extra[rows])
    several = np.flatnonzero(count >= 3)
    if len(several):
        result[several] = _several_cut(chains, states, several, extra[several], places, relaxed)
    result = chains.gaps[k] * result + chains.split_weight * count[:, None]
    holds = ((below & chains.pinned_in[k]) == chains.pinned_in[k]) & (((below | cut) & chains.pinned_out[k]) == 0)
    splittable = sum(1 << c for c in range(chains.n) if chains.free_mask >> c & 1 and sizes[c] > 1)
    holds &= (cut & ~splittable) == 0
    result[~holds] = np.inf
    return result


def _two_cut(chains: Chains, below: np.ndarray, a: int, b: int, extra: np.ndarray) -> np.ndarray:
    """Two cut centres: the least Lovász value on the segment of shares that puts ``extra`` workplaces below."""
    cost, sizes = chains.cost, chains.sizes
    wa, wb = float(sizes[a]), float(sizes[b])
    base, only_a, only_b, both = (cost[below][:, None], cost[below | 1 << a][:, None], cost[below | 1 << b][:, None],
                                  cost[below | 1 << a | 1 << b][:, None])

    def value(xa: np.ndarray) -> np.ndarray:
        pa, pb = xa / wa, (extra - xa) / wb
        high, low = np.maximum(pa, pb), np.minimum(pa, pb)
        first = np.where(pa >= pb, only_a, only_b)  # the centre further below joins the set first
        return low * both + (high - low) * first + (1 - high) * base

    least = np.maximum(1, extra - (wb - 1))
    most = np.minimum(wa - 1, extra - 1)
    feasible = least <= most
    kink = np.clip(extra * wa / (wa + wb), least, most)
    best = np.minimum(np.minimum(value(least), value(most)), value(kink))
    return np.where(feasible, best, np.inf)


def _relaxations(chains: Chains, states: _States) -> list[tuple[float, np.ndarray]]:
    """Per ``λ``: ``min over R ⊆ S ⊆ R ∪ F of g(S) + λ w(S)`` for every state (the same at every boundary)."""
    alone = chains.cost[1 << np.arange(chains.n)] - chains.cost[0]  # what one centre below changes
    scale = float(np.median(np.abs(alone) / chains.sizes)) + 1e-9 if chains.n else 1.0  # a cost per workplace
    return [(factor * scale, states.interval_min(chains.cost + factor * scale * chains.weight))
            for factor in _LAMBDAS]


def _several_cut(chains: Chains, states: _States, rows: np.ndarray, extra: np.ndarray, places: np.ndarray,
                 relaxed: list[tuple[float, np.ndarray]]) -> np.ndarray:
    """Three or more cut centres: the best of the Lagrangian bounds on the weight of the rounded sets."""
    best = np.full((len(rows), len(places)), -np.inf)
    for lam, least in relaxed:
        np.maximum(best, least[rows][:, None] - lam * places[None, :], out=best)
    cut_sizes = chains.weight[states.cut[rows]]
    count = states.count[rows]
    feasible = (extra >= count[:, None]) & (extra <= (cut_sizes - count)[:, None])
    return np.where(feasible, best, np.inf)


def lower_bound(chains: Chains, should_stop: Callable[[], bool] | None = None) -> float:
    """A proven lower bound on the score of every plan (``inf`` when no plan meets the capacities)."""
    if chains.boundaries == 0:
        return chains.constant if chains.total <= chains.capacity[0] else math.inf
    if any(low > high for low, high in map(chains.bounds, range(chains.boundaries))):
        return math.inf
    states = _States(chains)
    relaxed = _relaxations(chains, states)
    values = _boundary_costs(chains, states, 0, relaxed)
    low_before = chains.bounds(0)[0]
    for k in range(1, chains.boundaries):
        if should_stop and should_stop():
            raise Stopped
        low, high = chains.bounds(k)
        capacity = chains.capacity[k]
        # floor k holds W − W' ≤ capacity workplaces: W' runs over W − capacity … W
        first = low + np.arange(high - low + 1) - capacity - low_before
        reached = _sliding_min(values, first, capacity + 1)
        values = states.rising_min(reached) + _boundary_costs(chains, states, k, relaxed)
        low_before = low
    return float(values.min()) + chains.constant
