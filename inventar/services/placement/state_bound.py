"""A lower bound on every plan from each centre's state at each floor boundary: below, cut or above.

The rounding bound of :func:`inventar.services.placement.set_programme.lower_bound` drops the floor
capacities next to every boundary that cuts a centre, and with a low split weight (issue 18's
1/2/10 and 0.5/3/7.5 families) that is where its optimum lies: 15–45 % below plans a solver later
proves optimal.  This bound keeps the capacities exactly and gives up something else.

For any plan, boundary ``k`` has a state ``s_k``: per centre wholly on or below it (``R``), cut by it
(``F``), or wholly above (a pinned centre's is known: it is left out of the states and added to ``R``
where it lies below).  With ``W_k`` the workplaces on or below the boundary, the boundary costs
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
meets; a centre that is the one cut centre at a boundary and is cut again at the next keeps at least
its workplaces below.  A dynamic programme over ``(s, W)`` with exactly these rules gives the least
sum: a lower bound on every plan.  Its loss: cut centres may trade workplaces between boundaries
(otherwise), and the Lagrangian price of three or more cut centres is that of continuous shares
(on issue 18's 8 × 4 seed 2 at most 24.0 for four cut centres that cost 26.6 with whole workplaces).
So, given a plan's score, the cells with three or more cut centres that lie on a chain that could
still end below it (a forward and a backward pass) get their exact cost over integer workplaces, and
the programme runs again, until none is left or the bound reaches the plan.

Arrays hold ``3^centres × width`` numbers (``width`` = spare capacity + 1, pinned centres left out), so it
runs only below :data:`MAX_CELLS`, before the rounding bound: 8 centres on 4 tight floors take 0.1 s.  12 on
6 floors with one pinned (issue 18's 0.5/3/7.5 family, 1–1.8 million cells) take 2–3 s alone and prove a
plan HiGHS does not in 10 s, but run beside HiGHS (after the rounding bound, from 1.5 s) they left HiGHS's
plans worse (seed 1: 158.73 three times out of three, against 158.08 without), so they do not run: only
2–20 % of those cells are reachable and some 30 per boundary could beat the plan, which a sparse programme
would use.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable

import numpy as np

from inventar.domain.placement import PROOF_TOLERANCE
from inventar.services.placement.set_programme import Chains, Stopped, subset_min

MAX_CELLS = 300_000  # about 0.1 s for 8 centres on 4 floors; the demo's 590,000 take 1.1 s
_LAMBDAS = 33  # Lagrange multipliers for three or more cut centres


def _free(chains: Chains) -> list[int]:
    """The centres a state follows: a pinned centre's place at every boundary is known."""
    return [c for c in range(chains.n) if chains.free_mask >> c & 1]


def cells(chains: Chains) -> int:
    """The numbers one boundary's table holds: every state times the widest range of workplaces below."""
    widths = [high - low + 1 for low, high in (chains.bounds(k) for k in range(chains.boundaries))]
    return 3 ** len(_free(chains)) * max(widths + [1])


class States:
    """Every state in base 3 (digit ``d`` for centre ``centres[d]``: 0 above, 1 cut, 2 below): its sets ``R``
    and ``F`` as bit masks of all centres (pinned ones left out: :attr:`Chains.pinned_in` adds them)."""

    def __init__(self, chains: Chains) -> None:
        self.centres = centres = _free(chains)
        self.n = n = len(centres)
        size = 3 ** n
        index = np.arange(size, dtype=np.int64)
        self.below = np.zeros(size, dtype=np.int64)
        self.cut = np.zeros(size, dtype=np.int64)
        self.count = np.zeros(size, dtype=np.int64)
        self.below_digits = np.zeros(size, dtype=np.int64)  # R as a mask over the digits
        self.of_mask = np.zeros(1 << n, dtype=np.int64)  # the state with exactly the digit mask's centres below
        self.full = np.zeros(1 << n, dtype=np.int64)  # a digit mask as a mask of all centres
        for d, c in enumerate(centres):
            digit = (index // 3 ** d) % 3
            self.below |= (digit == 2).astype(np.int64) << c
            self.cut |= (digit == 1).astype(np.int64) << c
            self.below_digits |= (digit == 2).astype(np.int64) << d
            self.count += digit == 1
            self.of_mask[1 << d:2 << d] = self.of_mask[:1 << d] + 2 * 3 ** d
            self.full[1 << d:2 << d] = self.full[:1 << d] | 1 << c

    def rising_min(self, values: np.ndarray) -> np.ndarray:
        """``M(s) = min over t ≤ s digit by digit of values(t)``, row-wise for 2-D tables."""
        return self._digit_min(values, (0, 1, 2))

    def uncut_values(self, values: np.ndarray) -> np.ndarray:
        """``M(s) = values(s with its cut centres above)``, row-wise."""
        result = values.copy()
        for c in range(self.n):
            view = result.reshape((-1, 3, 3 ** c) + values.shape[1:])
            view[:, 1] = view[:, 0]
        return result

    def falling_min(self, values: np.ndarray) -> np.ndarray:
        """``M(s) = min over t ≥ s digit by digit of values(t)``, row-wise."""
        return self._digit_min(values, (2, 1, 0))

    def _digit_min(self, values: np.ndarray, order: tuple[int, int, int]) -> np.ndarray:
        """Running minimum along each centre's digit in ``order`` (as ``set_programme`` does over bits)."""
        result = values.copy()
        first, middle, last = order
        for c in range(self.n):
            view = result.reshape((-1, 3, 3 ** c) + values.shape[1:])
            np.minimum(view[:, first], view[:, middle], out=view[:, middle])
            np.minimum(view[:, middle], view[:, last], out=view[:, last])
        return result

    def interval_min(self, values: np.ndarray, pinned: int) -> np.ndarray:
        """``M(s) = min over masks S with R ⊆ S ⊆ R ∪ F of values(S ∪ pinned)`` (``values`` over all masks)."""
        result = np.full(3 ** self.n, np.inf)
        result[self.of_mask] = values[self.full | pinned]
        for c in range(self.n):
            view = result.reshape((-1, 3, 3 ** c))
            np.minimum(view[:, 0], view[:, 2], out=view[:, 1])
        return result


def _wide_window_min(values: np.ndarray, first: np.ndarray, length: int) -> np.ndarray:
    """:func:`sliding_min` for windows at least as wide as the table: each window, clipped to the
    table, is a prefix or a suffix of its columns (or all of them, or none)."""
    columns = values.shape[1]
    result = np.full((values.shape[0], len(first)), np.inf)
    prefix = suffix = None
    for j, start in enumerate(first.tolist()):
        end = start + length - 1
        if end < 0 or start >= columns:
            continue
        if start <= 0:
            if prefix is None:
                prefix = np.minimum.accumulate(values, axis=1)
            result[:, j] = prefix[:, min(end, columns - 1)]
        else:
            if suffix is None:
                suffix = np.minimum.accumulate(values[:, ::-1], axis=1)[:, ::-1]
            result[:, j] = suffix[:, start]
    return result


def sliding_min(values: np.ndarray, first: np.ndarray, length: int) -> np.ndarray:
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


def boundary_costs(chains: Chains, states: States, k: int, relaxed: list[tuple[float, np.ndarray]]) -> np.ndarray:
    """``[s, j]``: the least boundary ``k`` can cost in state ``s`` with ``low_k + j`` workplaces below."""
    low, high = chains.bounds(k)
    width = high - low + 1
    cost, weight, sizes = chains.cost, chains.weight, chains.sizes
    below, cut, count = states.below | chains.pinned_in[k], states.cut, states.count
    places = low + np.arange(width)
    # the states whose cut centres can hold some W − w(R) in the boundary's bounds
    splittable = sum(1 << c for c in range(chains.n) if sizes[c] > 1)
    least = np.maximum(low - weight[below], count)
    most = np.minimum(high - weight[below], weight[cut] - count)
    live = (least <= most) & ((cut & ~splittable) == 0)
    result = np.full((len(below), width), np.inf)
    extra = places[None, :] - weight[below][:, None]  # workplaces of the cut centres below the boundary

    def rows_where(condition: np.ndarray) -> np.ndarray:
        return np.flatnonzero(live & condition)

    none = rows_where(count == 0)
    result[none] = np.where(extra[none] == 0, cost[below[none]][:, None], np.inf)
    for c in states.centres:
        rows = rows_where(cut == 1 << c)
        share = extra[rows] / sizes[c]
        value = cost[below[rows]][:, None] + share * (cost[below[rows] | 1 << c] - cost[below[rows]])[:, None]
        result[rows] = np.where((extra[rows] >= 1) & (extra[rows] <= sizes[c] - 1), value, np.inf)
    for a, b in itertools.combinations(states.centres, 2):
        rows = rows_where(cut == (1 << a) | (1 << b))
        result[rows] = _two_cut(chains, below[rows], a, b, extra[rows])
    several = rows_where(count >= 3)
    if len(several):
        result[several] = _several_cut(chains, states, several, extra[several], places, relaxed)
    return chains.gaps[k] * result + chains.split_weight * count[:, None]


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


def relaxations(chains: Chains, states: States, pinned: int) -> list[tuple[float, np.ndarray]]:
    """Per ``λ``: ``min over R ⊆ S ⊆ R ∪ F of g(S ∪ pinned) + λ w(S ∪ pinned)`` for every state.

    The best ``λ`` for a state is minus the slope of a chord between two of its sets, so the ``λ`` are spread
    over the quantiles of minus the slopes of single steps ``(g(S ∪ c) − g(S)) / w_c``."""
    masks = chains.masks
    steps = [((chains.cost[masks | 1 << c] - chains.cost) / chains.sizes[c])[((masks >> c) & 1) == 0]
             for c in range(chains.n)]
    slopes = np.concatenate(steps) if steps else np.zeros(1)
    lambdas = np.unique(-np.quantile(slopes, np.linspace(0, 1, _LAMBDAS)))
    return [(lam, states.interval_min(chains.cost + lam * chains.weight, pinned)) for lam in lambdas]


def _several_cut(chains: Chains, states: States, rows: np.ndarray, extra: np.ndarray, places: np.ndarray,
                 relaxed: list[tuple[float, np.ndarray]]) -> np.ndarray:
    """Three or more cut centres: the best of the Lagrangian bounds on the weight of the rounded sets."""
    best = np.full((len(rows), len(places)), -np.inf)
    for lam, least in relaxed:
        np.maximum(best, least[rows][:, None] - lam * places[None, :], out=best)
    cut_sizes = chains.weight[states.cut[rows]]
    count = states.count[rows]
    feasible = (extra >= count[:, None]) & (extra <= (cut_sizes - count)[:, None])
    return np.where(feasible, best, np.inf)


def _running_on(chains: Chains, states: States, values: np.ndarray, d: int, low_before: int,
                smallest: np.ndarray, pinned_before: int) -> np.ndarray:
    """``[R, E, j]`` (``R`` a mask of digits): the best state at the boundary before with digit ``d``'s centre
    ``c`` its one cut centre, ``R' ⊆ R`` below, at most ``E`` of ``c``'s workplaces below (``c`` is cut again
    here: its share cannot fall) and at least ``smallest[j]`` workplaces below in all (this floor's capacity,
    for target column ``j``)."""
    size = int(chains.sizes[states.centres[d]])
    masks = np.arange(1 << states.n)
    column = chains.weight[states.full | pinned_before][:, None] + np.arange(size)[None, :] - low_before  # W'
    apart = ((masks >> d) & 1) == 0
    inside = (column >= 0) & (column < values.shape[1]) & apart[:, None]
    rows = np.where(apart, states.of_mask + 3 ** d, 0)
    table = np.where(inside, values[rows[:, None], np.clip(column, 0, values.shape[1] - 1)], np.inf)
    table[:, 0] = np.inf  # E' ≥ 1
    table = np.where(column[:, :, None] + low_before >= smallest[None, None, :], table[:, :, None], np.inf)
    return subset_min(np.minimum.accumulate(table, axis=1), states.n)


def _advance(chains: Chains, states: States, values: np.ndarray, k: int, low_before: int) -> np.ndarray:
    """``[s, j]``: the best chain of states up to boundary ``k − 1`` that state ``s`` with ``low_k + j``
    workplaces below may follow.

    The states may rise digit by digit and floor ``k`` holds ``W − W' ≤ capacity`` workplaces.  A centre
    that is the one cut centre before and is cut again keeps at least its workplaces below; every other
    predecessor is taken as it comes (the bound's loss: two cut centres may trade workplaces)."""
    low, high = chains.bounds(k)
    width = high - low + 1
    capacity = chains.capacity[k]
    first = low + np.arange(width) - capacity - low_before  # W' runs over W − capacity … W

    def follow(table: np.ndarray) -> np.ndarray:
        return states.rising_min(sliding_min(table, first, capacity + 1))

    # a state follows any state with its cut centres above (itself when none is cut), or one with two or more cut
    result = np.minimum(states.uncut_values(follow(values)),
                        follow(np.where(states.count[:, None] >= 2, values, np.inf)))
    places = low + np.arange(width)
    for d, c in enumerate(states.centres):
        rows = np.flatnonzero((states.cut >> c) & 1)
        if not len(rows) or chains.sizes[c] < 2:
            continue
        below = states.below[rows] | chains.pinned_in[k]
        # c's share below is at most what the state's cut centres hold but one workplace for each other
        most = places[None, :] - chains.weight[below][:, None] - (states.count[rows] - 1)[:, None]
        table = _running_on(chains, states, values, d, low_before, places - capacity, chains.pinned_in[k - 1])
        value = table[states.below_digits[rows][:, None], np.clip(most, 0, table.shape[1] - 1),
                      np.arange(width)[None, :]]
        result[rows] = np.minimum(result[rows], np.where(most >= 1, value, np.inf))
    return result


def exact_several(chains: Chains, below: int, cut: int, extra: int) -> float:
    """The least Lovász value (without ``gap``) of three or more cut centres with integer workplaces that put
    ``extra`` of them below, each centre cut (1 … w − 1 below); inf when none does."""
    members = [c for c in range(chains.n) if cut >> c & 1]
    sizes = chains.sizes[members]
    grids = np.meshgrid(*[np.arange(1, size) for size in sizes[:-1]], indexing="ij")
    placed = np.stack([g.ravel() for g in grids], axis=1)
    last = extra - placed.sum(axis=1)
    keep = (last >= 1) & (last <= sizes[-1] - 1)
    if not keep.any():
        return math.inf
    shares = np.concatenate([placed[keep], last[keep][:, None]], axis=1) / sizes[None, :]
    order = np.argsort(-shares, axis=1, kind="stable")
    ordered = np.take_along_axis(shares, order, axis=1)
    bits = np.cumsum(np.array([1 << c for c in members])[order], axis=1) | below  # R ∪ the j most below
    steps = ordered - np.concatenate([ordered[:, 1:], np.zeros((len(ordered), 1))], axis=1)
    values = (1 - ordered[:, 0]) * chains.cost[below] + (steps * chains.cost[bits]).sum(axis=1)
    return float(values.min())


def _forward(chains: Chains, states: States, costs: list[np.ndarray],
             should_stop: Callable[[], bool] | None, deadline: float) -> list[np.ndarray] | None:
    """Per boundary ``[s, j]``: the least cost of a chain of states from the first boundary to ``(s, j)``
    (None when ``deadline`` passes first)."""
    values = [costs[0]]
    for k in range(1, chains.boundaries):
        if should_stop and should_stop():
            raise Stopped
        if time.perf_counter() > deadline:
            return None
        values.append(_advance(chains, states, values[-1], k, chains.bounds(k - 1)[0]) + costs[k])
    return values


def _backward(chains: Chains, states: States, costs: list[np.ndarray]) -> list[np.ndarray]:
    """Per boundary ``[s, j]``: a lower bound on the boundaries after it for chains through ``(s, j)`` (the
    rising states and floor capacities; a centre's running on is not checked)."""
    rest = [np.zeros_like(costs[-1])]
    for k in range(chains.boundaries - 1, 0, -1):
        low_before, high_before = chains.bounds(k - 1)
        capacity = chains.capacity[k]
        first = low_before + np.arange(high_before - low_before + 1) - chains.bounds(k)[0]  # W ≤ W'' ≤ W + capacity
        rest.append(sliding_min(states.falling_min(costs[k] + rest[-1]), first, capacity + 1))
    return rest[::-1]


ENUMERATED = 200_000  # integer share vectors at most, per refined cell


def lower_bound(chains: Chains, upper: float = math.inf, should_stop: Callable[[], bool] | None = None,
                deadline: float = math.inf) -> float:
    """A proven lower bound on the score of every plan (``inf`` when no plan meets the capacities, ``-inf``
    when ``deadline`` passes before the first).

    Below ``upper`` (a plan's score) the cells with three or more cut centres on a chain that could still
    end below it get their exact cost over integer workplaces, and the programme runs again, until no such
    cell is left, the bound reaches ``upper`` or ``deadline`` (``time.perf_counter``) passes."""
    if chains.boundaries == 0:
        return chains.constant if chains.total <= chains.capacity[0] else math.inf
    if any(low > high for low, high in map(chains.bounds, range(chains.boundaries))):
        return math.inf
    if time.perf_counter() > deadline:
        return -math.inf
    states = States(chains)
    relaxed = {pinned: relaxations(chains, states, pinned) for pinned in set(chains.pinned_in)}
    costs = [boundary_costs(chains, states, k, relaxed[chains.pinned_in[k]]) for k in range(chains.boundaries)]
    exact = [np.zeros(c.shape, dtype=bool) for c in costs]
    exact_rows = states.count < 3
    budget = upper - chains.constant - PROOF_TOLERANCE
    bound = -math.inf
    while True:
        values = _forward(chains, states, costs, should_stop, deadline)
        if values is None:  # the costs only rose since the last pass: its bound stands
            return bound + chains.constant
        bound = float(values[-1].min())
        if bound >= budget or not math.isfinite(budget) or time.perf_counter() > deadline:
            return bound + chains.constant
        rest = _backward(chains, states, costs)
        refined = 0
        for k in range(chains.boundaries):
            low = chains.bounds(k)[0]
            open_cells = (values[k] + rest[k] < budget) & ~exact[k] & ~exact_rows[:, None]
            for s, j in zip(*np.nonzero(open_cells)):
                exact[k][s, j] = True
                below, cut = int(states.below[s] | chains.pinned_in[k]), int(states.cut[s])
                if np.prod(chains.sizes[[c for c in range(chains.n) if cut >> c & 1]][:-1] - 1.0) > ENUMERATED:
                    continue
                value = exact_several(chains, below, cut, low + j - int(chains.weight[below]))
                costs[k][s, j] = chains.gaps[k] * value + chains.split_weight * states.count[s]
                refined += 1
                if should_stop and should_stop():
                    raise Stopped
                if time.perf_counter() > deadline:
                    return bound + chains.constant
        if not refined:
            return bound + chains.constant
