"""Exact stacking with one cut centre per floor boundary: the set programme extended by splits.

A large centre often cannot sit whole on any floor (the demo's BAC: 140 people,
floors of 90–110), and a nearly full building packs best floor by floor, each
floor's last centre running over onto the next.  This programme is exact over
every plan in which each boundary between two floors cuts at most one centre
(unsplit plans included; a centre may run over several floors, and neighbouring
boundaries may cut different centres).  :func:`inventar.services.placement.set_programme.lower_bound`
bounds the plans with two centres cut by one boundary; when that bound is no
better, the plan found here is optimal.

States at boundary ``k``: a set ``R`` of centres wholly on or below it, or such a
set plus the one centre ``c`` the boundary cuts, with ``W`` workplaces on or below
it in all (so ``W − w(R)`` of ``c``'s).  Floor ``k`` holds ``W_k − W_{k−1}``
workplaces.  The boundary costs ``gap · g(R)`` when nothing is cut and
``gap · ((1 − p) · g(R) + p · g(R ∪ c)) + w3`` with ``p`` the share of ``c`` below
(the contact part and the transport distance are linear in ``p`` when every other
centre is whole at that boundary).  The minimum over predecessors with enough
workplaces below is a subset-minimum transform over sets, one column per ``W``;
a centre running on over floor ``k`` needs a range minimum over ``W_{k−1}``
(a sparse table).  Without a budget the states of a boundary may fill
``centres × 2^centres × width`` numbers (``width`` = spare capacity + 1), so the
programme runs first only below :data:`MAX_CELLS`.  With a budget (the best unsplit
plan) a state with a cut centre is made only when it might still end below it, and
a boundary keeps just those rows: the tables it still works on hold ``2^centres ×
width`` numbers, up to :data:`MAX_TABLE` (16 centres), where the optimiser runs it
once the rounding bound came close (:func:`fits_with_budget`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from inventar.domain.placement import Shares
from inventar.services.placement.set_programme import Chains, Stopped, rest_bound, subset_min

MAX_CELLS = 4_000_000
MAX_TABLE = (1 << 16) * 128  # cells of a table with a budget (:func:`fits_with_budget`): about 50 MB
_ROUNDING = 1e-9  # what the cheaper end of a cut centre's cost may lie above its cost at a share (floating point)

State = tuple[int, int | None, int]  # (R, cut centre or None, workplaces on or below the boundary)


def _window_minima(values: np.ndarray, reach: int) -> Callable[[int], np.ndarray]:
    """``minima(length)[row, j]`` = the minimum of columns ``j … j + length − 1`` (columns past the end are inf),
    for ``1 ≤ length ≤ reach + 1``: a sparse table over the columns, each length computed once."""
    rows, width = values.shape
    padded = np.concatenate([values, np.full((rows, reach + 1), np.inf)], axis=1)
    table = [padded]
    span = 1
    while 2 * span <= reach + 1:
        previous = table[-1]
        table.append(np.minimum(previous[:, :-span], previous[:, span:]))
        span *= 2
    cache: dict[int, np.ndarray] = {}

    def minima(length: int) -> np.ndarray:
        if length not in cache:
            level = length.bit_length() - 1
            shift = length - (1 << level)
            level_values = table[level]
            cache[length] = np.minimum(level_values[:, :width], level_values[:, shift:shift + width])
        return cache[length]

    return minima


def cells(chains: Chains) -> int:
    return chains.n * _table(chains)


def fits_with_budget(chains: Chains) -> bool:
    """Whether a tight budget may make the programme small enough (only the states that could end below it are
    kept, but every boundary still takes a few tables of a row per set: up to 16 centres)."""
    return _table(chains) <= MAX_TABLE


def _table(chains: Chains) -> int:
    """Cells of one table of a row per set and a column per count of workplaces below a boundary."""
    widths = [high - low + 1 for low, high in (chains.bounds(k) for k in range(chains.boundaries))]
    return (1 << chains.n) * max(widths + [1])


class OutOfTime(Exception):  # noqa: N818 - a state, not a failure
    """:func:`best_one_cut`'s deadline passed (the caller's own stop raises ``Stopped``)."""


@dataclass
class _Rows:
    """Some rows of a ``[R, W − low_k]`` table (the rest inf): the sets, ascending, and their rows."""
    rows: np.ndarray
    values: np.ndarray

    @staticmethod
    def of(rows: np.ndarray, values: np.ndarray) -> _Rows | None:
        """The rows with a state (a finite value), or None without any."""
        live = np.isfinite(values).any(axis=1)
        return _Rows(rows[live], values[live]) if live.any() else None

    def below(self, rest: np.ndarray, budget: float) -> _Rows | None:
        """Only the states that may still end below ``budget`` with ``rest`` to come (None: none may)."""
        return _Rows.of(self.rows, np.where(self.values + rest[self.rows][:, None] >= budget, np.inf, self.values))


class _Programme:
    def __init__(self, chains: Chains) -> None:
        self.c = chains
        self.n = chains.n
        self.masks = chains.masks
        self.free = [i for i in range(chains.n) if chains.free_mask >> i & 1 and chains.sizes[i] > 1]
        self.lows: list[int] = []
        self.widths: list[int] = []  # per boundary: its columns of workplaces below
        self.whole: list[np.ndarray] = []  # [k][R]
        # [k][c]: the sets R with a state that has c cut at k and might still end below the budget, and per set
        # ``[W − low_k]``; None where there is none
        self.cut: list[list[_Rows | None]] = []

    def cut_cost(self, k: int, i: int, low: int, width: int, rows: np.ndarray) -> np.ndarray:
        """``[row, d]``: boundary ``k``'s cost with centre ``i`` cut, the centres of set ``rows[row]`` whole below it
        and ``low + d`` workplaces below; inf if impossible."""
        c, masks = self.c, self.masks[rows]
        size = int(c.sizes[i])
        below = low + np.arange(width)[None, :] - c.weight[rows][:, None]  # workplaces of i below the boundary
        possible = ((((masks >> i) & 1) == 0)[:, None] & (below >= 1) & (below <= size - 1)
                    & c.pins_hold(k)[rows][:, None])
        step = (c.cost[masks | (1 << i)] - c.cost[rows])[:, None]
        value = c.gaps[k] * (c.cost[rows][:, None] + below / size * step) + c.split_weight
        return np.where(possible, value, np.inf)

    def _hopeful(self, k: int, i: int, least: np.ndarray, rest: np.ndarray | None, budget: float) -> np.ndarray:
        """The sets ``R`` (without ``i``) for which a state with centre ``i`` cut at ``k`` might still end below
        ``budget``, from ``least``, the cheapest way to reach each: with every other centre whole there, the
        boundary costs at least the cheaper of ``R`` and ``R ∪ i`` plus the split, the boundaries after it at
        least ``rest`` (16 sparse centres on 6 floors: 0-530 of 65,536 sets; the dense layers, 72 million cells a
        boundary, took 14 s and were almost all pruned a boundary later)."""
        c, masks = self.c, self.masks
        if rest is not None:
            cheaper = np.minimum(c.cost, c.cost[masks | (1 << i)])
            least = least + c.gaps[k] * cheaper + c.split_weight + rest
            return np.flatnonzero((least < budget + _ROUNDING) & (((masks >> i) & 1) == 0))
        return np.flatnonzero(np.isfinite(least) & (((masks >> i) & 1) == 0))

    def _finishing(self, k: int, low: int, width: int) -> np.ndarray:
        """``[R, d]``: the best state at ``k − 1`` whose cut centre finishes on floor ``k`` inside ``R``,
        with ``low + d`` workplaces on or below boundary ``k`` (floor ``k``'s capacity kept)."""
        c, n = self.c, self.n
        before, low_before = self.cut[-1], self.lows[-1]
        width_before = self.widths[-1]
        need = low + np.arange(width) - c.capacity[k] - low_before  # W_{k−1} ≥ W_k − capacity
        reachable = need < width_before
        start = np.clip(need, 0, width_before - 1)
        # each centre's states moved to the sets with it (R' ∪ i): then one subset minimum serves them all, as a
        # set R takes only the states of centres in R
        ending = np.full((1 << n, width_before), np.inf)
        for i in self.free:
            if before[i] is None:
                continue
            targets = before[i].rows | (1 << i)  # each once: the rows are distinct sets without i
            suffix = np.minimum.accumulate(before[i].values[:, ::-1], axis=1)[:, ::-1]  # W_{k−1} at least the column
            ending[targets] = np.minimum(ending[targets], suffix)
        return np.where(reachable[None, :], subset_min(ending, n)[:, start], np.inf)

    def _running_on(self, k: int, i: int, width: int) -> np.ndarray | None:
        """``[R, d]``: centre ``i`` cut at ``k − 1`` and still at ``k`` (its share below does not fall); None when
        no state has it cut at ``k − 1``.

        Floor ``k`` holds the centres added to ``R`` and ``i``'s part on it, so with ``d`` the same column
        at both boundaries (they are ``capacity_k`` apart), ``W_{k−1}`` runs over columns
        ``d … d + capacity_k − w(added)``.
        """
        c, masks = self.c, self.masks
        before = self.cut[-1][i]
        if before is None:
            return None
        result = np.full((1 << self.n, width), np.inf)
        rows = before.rows
        capacity = c.capacity[k]
        minima = _window_minima(before.values, capacity)
        floor_sets = masks[(c.weight <= capacity) & ((masks & c.pinned_in[k - 1]) == 0) & (((masks >> i) & 1) == 0)]
        for added in floor_sets:
            apart = (rows & added) == 0
            if not apart.any():
                continue
            values = minima(capacity - int(c.weight[added]) + 1)[apart]
            targets = rows[apart] | added
            np.minimum(result[targets], values, out=values)
            result[targets] = values
        return result

    def run(self, should_stop: Callable[[], bool] | None, budget: float, deadline: float = math.inf) -> bool:
        """The forward pass; states that cannot end below ``budget`` (without the constant) are dropped."""
        c, masks, n = self.c, self.masks, self.n
        rest = rest_bound(c) if math.isfinite(budget) else None

        def stop() -> None:
            if should_stop and should_stop():
                raise Stopped
            if time.perf_counter() > deadline:
                raise OutOfTime

        for k in range(c.boundaries):
            stop()
            if rest is not None and k > 0:
                hopeless = self.whole[-1] + rest[k - 1] >= budget
                self.whole[-1][hopeless] = np.inf
                self.cut[-1] = [layer and layer.below(rest[k - 1], budget) for layer in self.cut[-1]]
            low, high = c.bounds(k)
            width = high - low + 1
            if width <= 0:
                return False
            window = c.windows[k]
            if k == 0:  # below the first boundary is floor 0 alone: its load is W itself
                fits = (low + np.arange(width)) <= c.capacity[0]
                entering = np.where(fits[None, :], 0.0, np.inf) + np.zeros((1 << n, 1))
                whole_value = np.where(window & (c.weight <= c.capacity[0]), 0.0, np.inf)
                finishing = np.full((1 << n, width), np.inf)
            else:
                threshold = low + np.arange(width) - c.capacity[k]  # what the floors below must hold
                entering = subset_min(np.where(c.weight[:, None] >= threshold[None, :],
                                                     self.whole[-1][:, None], np.inf), n)
                finishing = self._finishing(k, low, width)
                column = c.weight - low
                inside = (column >= 0) & (column < width)
                at = np.clip(column, 0, width - 1)
                whole_value = np.where(inside & window, np.minimum(entering[masks, at], finishing[masks, at]), np.inf)
            self.whole.append(whole_value + c.gaps[k] * c.cost)
            layer: list[_Rows | None] = [None] * n
            arriving = np.minimum(entering, finishing)  # the same for every centre cut here
            cheapest = arriving.min(axis=1)
            for i in self.free:
                stop()  # a boundary of 16 centres takes about a second
                running = self._running_on(k, i, width) if k > 0 else None
                least = cheapest if running is None else np.minimum(cheapest, running.min(axis=1))
                rows = self._hopeful(k, i, least, rest[k] if rest is not None else None, budget)
                if len(rows):
                    best = arriving[rows] if running is None else np.minimum(arriving[rows], running[rows])
                    layer[i] = _Rows.of(rows, best + self.cut_cost(k, i, low, width, rows))
            self.cut.append(layer)
            self.lows.append(low)
            self.widths.append(width)
        return True

    def _predecessor(self, k: int, state: State) -> State:
        """A state at ``k − 1`` through which the best chain reaches ``state`` at ``k``."""
        c, masks = self.c, self.masks
        r, cut, below = state
        capacity = c.capacity[k]
        subsets = (masks & ~r) == 0
        options: list[tuple[float, State]] = []
        whole_ok = subsets & (c.weight >= below - capacity)
        if cut is not None:
            whole_ok &= ((masks >> cut) & 1) == 0
        values = np.where(whole_ok, self.whole[k - 1], np.inf)
        row = int(np.argmin(values))
        options.append((values[row], (row, None, int(c.weight[row]))))
        low_before = self.lows[k - 1]
        for i in self.free:
            layer = self.cut[k - 1][i]  # its rows are sets without i, ascending: the order argmin went before
            if layer is None or not (i == cut or (r >> i) & 1):  # running on, or finishing on floor k
                continue
            sets = layer.rows
            w_before = low_before + np.arange(layer.values.shape[1])[None, :]
            ok = ((sets & ~r) == 0)[:, None] & (w_before >= below - capacity)
            if i == cut:  # running on: floor k holds i's part and the centres added to R
                ok &= w_before <= below - (c.weight[r] - c.weight[sets])[:, None]  # w(R ∖ R') for R' ⊆ R
            values = np.where(ok, layer.values, np.inf)
            row, column = np.unravel_index(int(np.argmin(values)), values.shape)
            options.append((values[row, column], (int(sets[row]), i, low_before + int(column))))
        return min(options, key=lambda option: option[0])[1]

    def trace(self) -> tuple[float, list[State]]:
        """The best final state and its chain back to floor 0: per boundary (R, cut centre or None, W)."""
        c = self.c
        last = c.boundaries - 1
        row = int(np.argmin(self.whole[last]))
        value, state = float(self.whole[last][row]), (row, None, int(c.weight[row]))
        for i, layer in enumerate(self.cut[last]):
            if layer is not None:
                row, d = np.unravel_index(int(np.argmin(layer.values)), layer.values.shape)
                if layer.values[row, d] < value:
                    value, state = float(layer.values[row, d]), (int(layer.rows[row]), i, self.lows[last] + int(d))
        states = [state]
        for k in range(last, 0, -1):
            states.append(self._predecessor(k, states[-1]))
        return value, states[::-1]

    def shares(self, states: list[State]) -> Shares:
        c = self.c
        floors = c.problem.floors
        result: Shares = {centre.id: {} for centre in c.problem.centres}
        for i, centre in enumerate(c.centres):
            cuts = [(k, below - int(c.weight[r])) for k, (r, j, below) in enumerate(states) if j == i]
            if cuts:
                floors_of: dict[int, int] = {}
                placed = 0
                for k, below in cuts:  # i's workplaces on or below boundary k
                    if below > placed:
                        floors_of[floors[k].id] = below - placed
                    placed = below
                floors_of[floors[cuts[-1][0] + 1].id] = centre.workplaces - placed
                result[centre.id] = floors_of
                continue
            level = next((k for k, (r, _j, _w) in enumerate(states) if r >> i & 1), len(floors) - 1)
            result[centre.id] = {floors[level].id: centre.workplaces}
        return result


def best_one_cut(chains: Chains, upper: float = math.inf, should_stop: Callable[[], bool] | None = None,
                 deadline: float = math.inf) -> tuple[float, Shares] | None:
    """The best plan in which every floor boundary cuts at most one centre, if it scores below ``upper``;
    raises :class:`OutOfTime` past ``deadline`` (``time.perf_counter()``)."""
    if chains.boundaries == 0:
        if chains.total > chains.capacity[0] or chains.constant >= upper:
            return None
        return chains.constant, chains.shares([])
    programme = _Programme(chains)
    if not programme.run(should_stop, upper - chains.constant, deadline):
        return None
    value, states = programme.trace()
    if not math.isfinite(value) or value + chains.constant >= upper:
        return None
    return value + chains.constant, programme.shares(states)
