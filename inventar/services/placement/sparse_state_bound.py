"""The state bound of :mod:`inventar.services.placement.state_bound` over only the states that could beat a plan.

The dense bound holds every state times every count of workplaces below each boundary: 12 centres on 6 floors
are 1–1.8 million cells with a centre pinned and 30–40 million without, too many for the seconds the optimiser
gives it.  Given a plan's score, nearly all of them are hopeless, and a cheaper bound without the workplace
count says which: per state ``s`` at boundary ``k``, ``low_k(s)`` is at most the least cost of the boundary over
every count (its Lagrangian bound over the sets between ``R`` and ``R ∪ F`` at the count that suits each ``λ``
best), and a forward and a backward pass over the rising states (no capacities) give the least chain through
``s``.  Only states whose least chain stays below the plan are kept (on issue 18's pinned 12 × 6 plans and
random dense 12 × 6 ones 1–90 of 177,147 or 531,441 per boundary); on them the state bound runs exactly as the
dense one, with its running-on rule, its exact costs of cut centres (refined on the chains near the bound so
far, pass by pass, until the cheapest chain's costs are all exact), and its pairs of states found by comparing
masks.  A chain below the plan keeps all its states
(each state's cheap bound is at most the chain's cost), so the result is the dense bound wherever that is
below the plan, and at least the plan's score otherwise: it returns the smaller of the result and the plan.
"""

from __future__ import annotations

import heapq
import itertools
import math
import time
from collections.abc import Callable, Iterator

import numpy as np

from inventar.domain.placement import PROOF_TOLERANCE
from inventar.services.placement.set_programme import Chains, Stopped
from inventar.services.placement.state_bound import (
    ENUMERATED,
    States,
    boundary_costs,
    exact_several,
    relaxations,
    sliding_min,
)

MAX_STATES = 3 ** 12  # states per boundary in the cheap pass: 12 free centres take about 0.5 s
# kept states at one boundary times those at the next (dense 12 x 6 seed 4: 383,000, of them 64,000 rising pairs,
# each with a row of counts): beyond, the cheap pass's bound stands
_MAX_PAIRS = 1_000_000
# refined: the cells on chains within this share of the bound so far, not every cell on a chain below the plan; the
# cheapest chain ends with exact costs either way, so the bound is the same (the demo building at split weight 3,
# given its programme's plan 3.4 % above the optimum: 0.2 s instead of 10 s, 3,082 cells refined at 5 ms each)
_REFINE_NEAR = 0.002
_SLACK = 1e-9  # relative: a state this close to the plan is kept (the cheap sums run in another order)


def fits(chains: Chains) -> bool:
    """Whether the cheap pass's states (every free centre below, cut or above) are few enough."""
    return 3 ** bin(chains.free_mask).count("1") <= MAX_STATES


class _Kept:
    """The kept states of one boundary: their sets (as :class:`States` has them) and their Lagrangian rows."""

    def __init__(self, states: States, rows: np.ndarray, relaxed: list[tuple[float, np.ndarray]]) -> None:
        self.centres = states.centres
        self.below, self.cut, self.count = states.below[rows], states.cut[rows], states.count[rows]
        self.relaxed = [(lam, least[rows]) for lam, least in relaxed]


def _cheap_costs(chains: Chains, states: States, k: int, relaxed: list[tuple[float, np.ndarray]]) -> np.ndarray:
    """Per state: at most the least cost of boundary ``k`` over every count of workplaces below it."""
    low, high = chains.bounds(k)
    below, cut, count = states.below | chains.pinned_in[k], states.cut, states.count
    held = chains.weight[below]
    splittable = sum(1 << c for c in range(chains.n) if chains.sizes[c] > 1)
    least = np.maximum(low - held, count)
    most = np.minimum(high - held, chains.weight[cut] - count)
    rows = np.flatnonzero((least <= most) & ((cut & ~splittable) == 0))
    result = np.full(len(below), np.inf)
    whole, split = rows[count[rows] == 0], rows[count[rows] > 0]
    result[whole] = chains.gaps[k] * chains.cost[below[whole]]
    # over every state, in place (nine in ten have a cut centre: picking them out for each λ took a third longer)
    best, term = np.full(len(below), -np.inf), np.empty(len(below))
    fewest, most_held = (held + least).astype(float), (held + most).astype(float)
    for lam, interval in relaxed:  # the count that suits λ best: the most workplaces for λ > 0
        np.multiply(most_held if lam > 0 else fewest, -lam, out=term)
        term += interval
        np.maximum(best, term, out=best)
    result[split] = chains.gaps[k] * best[split] + chains.split_weight * count[split]
    return result


def _kept_rows(chains: Chains, states: States, relaxed: dict[int, list],
               limit: float) -> tuple[list[np.ndarray], float]:
    """Per boundary: the states on a chain whose cheap cost stays below ``limit``; and the least cheap chain."""
    cheap = [_cheap_costs(chains, states, k, relaxed[chains.pinned_in[k]]) for k in range(chains.boundaries)]
    forward = [cheap[0]]
    for k in range(1, chains.boundaries):
        forward.append(states.rising_min(forward[-1]) + cheap[k])
    rest = np.zeros_like(cheap[-1])
    kept = [np.empty(0, dtype=np.int64)] * chains.boundaries
    margin = _SLACK * max(1.0, abs(limit))
    for k in range(chains.boundaries - 1, -1, -1):
        total = forward[k] + rest
        kept[k] = np.flatnonzero(np.isfinite(total) & (total <= limit + margin))
        if k:
            rest = states.falling_min(cheap[k] + rest)
    return kept, float(forward[-1].min())


def _pairs(before: _Kept, after: _Kept) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The (earlier, later) state pairs a chain may step through: every centre stays or rises; a state with one
    cut centre cut again later is marked (its share below may not fall)."""
    low_below, low_reach = before.below[:, None], (before.below | before.cut)[:, None]
    high_below, high_reach = after.below[None, :], (after.below | after.cut)[None, :]
    rising = ((low_below & ~high_below) == 0) & ((low_reach & ~high_reach) == 0)
    earlier, later = np.nonzero(rising)
    running = (before.count[earlier] == 1) & ((before.cut[earlier] & after.cut[later]) != 0)
    return earlier, later, running


def _window_min(values: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """``[row, j]`` = the minimum of ``values[row]`` over columns ``first[row, j] … last[row, j]`` (clipped to the
    table; inf when nothing is left), from a table of minima over runs of ``2^p`` columns."""
    rows, columns = values.shape
    start, end = np.maximum(first, 0), np.minimum(last, columns - 1)
    length = end - start + 1
    result = np.full(first.shape, np.inf)
    if not rows or not columns:
        return result
    runs = [values]  # runs[p][:, i] = the minimum of columns i … i + 2^p − 1
    while 2 ** len(runs) <= columns:
        span = 2 ** (len(runs) - 1)
        runs.append(np.minimum(runs[-1][:, :-span], runs[-1][:, span:]))
    power = np.floor(np.log2(np.maximum(length, 1))).astype(np.int64)
    for p, run in enumerate(runs):
        r, j = np.nonzero((length >= 1) & (power == p))
        if len(r):
            result[r, j] = np.minimum(run[r, start[r, j]], run[r, end[r, j] - 2 ** p + 1])
    return result


class _Step:
    """The pairs of states between boundary ``k − 1`` and ``k`` and, per pair, which counts ``W'`` at ``k − 1``
    and ``W`` at ``k`` may follow each other: ``W − capacity ≤ W' ≤ W − delay``, where ``delay`` is 0 but for a
    state whose one cut centre is cut again: its share may not fall, and the others cut later hold one each.
    The pairs with no delay share one window per state; the others (few) take theirs one by one."""

    def __init__(self, chains: Chains, before: _Kept, after: _Kept, k: int) -> None:
        earlier, later, running = _pairs(before, after)
        self.low_before, high_before = chains.bounds(k - 1)
        self.low, high = chains.bounds(k)
        self.capacity = chains.capacity[k]
        self.width_before, self.width = high_before - self.low_before + 1, high - self.low + 1
        held_before = chains.weight[before.below[earlier] | chains.pinned_in[k - 1]]
        held = chains.weight[after.below[later] | chains.pinned_in[k]]
        self.plain = earlier[~running], later[~running]
        self.running = earlier[running], later[running]
        self.delay = (held - held_before + after.count[later] - 1)[running][:, None]

    def forward(self, values: np.ndarray, targets: int) -> np.ndarray:
        """``[s, j]``: the least value of a state the later state ``s`` may follow, with ``low_k + j`` below."""
        result = np.full((targets, self.width), np.inf)
        places = self.low + np.arange(self.width) - self.low_before  # W as a column before
        earlier, later = self.plain
        if len(earlier):
            np.minimum.at(result, later, sliding_min(values, places - self.capacity, self.capacity + 1)[earlier])
        earlier, later = self.running
        if len(earlier):
            first = np.broadcast_to(places - self.capacity, (len(earlier), self.width))
            np.minimum.at(result, later, _window_min(values[earlier], first, places - self.delay))
        return result

    def follow(self, s: int, below: int, values: np.ndarray, target: float) -> tuple[int, int]:
        """A cell ``(t, j)`` of the later boundary that the earlier state ``s`` with ``below`` workplaces below may
        step to and whose ``values`` is ``target`` (the least of them, as :meth:`backward` found it)."""
        tolerance = 1e-9 * max(1.0, abs(target))
        for (earlier, later), delays in ((self.plain, None), (self.running, self.delay[:, 0])):
            for pair in np.flatnonzero(earlier == s):
                first = max(below + (int(delays[pair]) if delays is not None else 0) - self.low, 0)
                last = min(below + self.capacity - self.low, self.width - 1)
                hits = np.flatnonzero(np.abs(values[later[pair], first:last + 1] - target) <= tolerance)
                if len(hits):
                    return int(later[pair]), first + int(hits[0])
        raise AssertionError("no step reaches the least value backward found")

    def backward(self, values: np.ndarray, sources: int) -> np.ndarray:
        """``[t, j']``: the least value of a later state the earlier state ``t`` may step to."""
        result = np.full((sources, self.width_before), np.inf)
        places = self.low_before + np.arange(self.width_before) - self.low  # W' as a column after
        earlier, later = self.plain
        if len(earlier):
            np.minimum.at(result, earlier, sliding_min(values, places, self.capacity + 1)[later])
        earlier, later = self.running
        if len(earlier):
            last = np.broadcast_to(places + self.capacity, (len(earlier), self.width_before))
            np.minimum.at(result, earlier, _window_min(values[later], places + self.delay, last))
        return result


class Search:
    """The sparse state bound below a plan's score ``upper`` (:attr:`value`, as :func:`lower_bound` returns it) and,
    once it is below the plan with the cheapest chain's costs exact, the chains of states in the order of their
    bounds (:meth:`chains_by_bound`; the costs of the others may still be their Lagrangian bounds).

    Each chain of states stands for every plan with those states (each centre's lowest and highest floor): the
    bound is what those plans cost at least.  A solver given the states finds their best plan at once (the splits
    are fixed), so going through the chains from the cheapest proves the optimum when the best plan found reaches
    the next chain's bound (issue 18's pinned 12 × 6 plans: the first chain's plan, 0.3 s)."""

    def __init__(self, chains: Chains, upper: float = math.inf, should_stop: Callable[[], bool] | None = None,
                 deadline: float = math.inf) -> None:
        self.chains = chains
        self._tables: tuple[list[_Kept], list[np.ndarray], list[_Step | None], list[np.ndarray]] | None = None
        self.value = self._bound(upper, should_stop, deadline)

    def _bound(self, upper: float, should_stop: Callable[[], bool] | None, deadline: float) -> float:
        chains = self.chains
        if chains.boundaries == 0:
            return chains.constant if chains.total <= chains.capacity[0] else math.inf
        if any(low > high for low, high in map(chains.bounds, range(chains.boundaries))):
            return math.inf
        states = States(chains)
        relaxed = {pinned: relaxations(chains, states, pinned) for pinned in set(chains.pinned_in)}
        limit = upper - chains.constant
        rows, cheapest = _kept_rows(chains, states, relaxed, limit)
        if should_stop and should_stop():
            raise Stopped
        if time.perf_counter() > deadline or any(len(rows[k - 1]) * len(rows[k]) > _MAX_PAIRS
                                                 for k in range(1, chains.boundaries)):
            return min(cheapest, limit) + chains.constant  # out of time, or a plan far above keeps too many states
        kept = [_Kept(states, rows[k], relaxed[chains.pinned_in[k]]) for k in range(chains.boundaries)]
        costs = [boundary_costs(chains, kept[k], k, kept[k].relaxed) for k in range(chains.boundaries)]
        steps = [None] + [_Step(chains, kept[k - 1], kept[k], k) for k in range(1, chains.boundaries)]
        exact = [(kept[k].count < 3)[:, None] | np.zeros(costs[k].shape, dtype=bool)
                 for k in range(chains.boundaries)]
        budget = limit - PROOF_TOLERANCE

        def result(value: float) -> float:
            return min(value, limit) + chains.constant

        bound = cheapest  # every chain over the kept states costs at least its cheap cost
        while True:
            values = [costs[0]]
            for k in range(1, chains.boundaries):
                if should_stop and should_stop():
                    raise Stopped
                if time.perf_counter() > deadline:
                    return result(bound)  # the costs only rose since the last pass: its bound stands
                values.append(steps[k].forward(values[-1], len(costs[k])) + costs[k])
            bound = float(values[-1].min()) if values[-1].size else math.inf
            if bound >= budget or not math.isfinite(budget) or time.perf_counter() > deadline:
                return result(bound)
            rest = [np.zeros_like(costs[-1])]
            for k in range(chains.boundaries - 1, 0, -1):
                rest.append(steps[k].backward(costs[k] + rest[-1], len(kept[k - 1].below)))
            rest = rest[::-1]
            refined, near = 0, min(budget, bound + _REFINE_NEAR * max(1.0, abs(budget)))
            for k in range(chains.boundaries):
                low = chains.bounds(k)[0]
                for s, j in zip(*np.nonzero((values[k] + rest[k] < near) & ~exact[k])):
                    exact[k][s, j] = True
                    below, cut = int(kept[k].below[s] | chains.pinned_in[k]), int(kept[k].cut[s])
                    if np.prod(chains.sizes[[c for c in range(chains.n) if cut >> c & 1]][:-1] - 1.0) > ENUMERATED:
                        continue
                    value = exact_several(chains, below, cut, low + j - int(chains.weight[below]))
                    costs[k][s, j] = chains.gaps[k] * value + chains.split_weight * kept[k].count[s]
                    refined += 1
                    if should_stop and should_stop():
                        raise Stopped
                    if time.perf_counter() > deadline:
                        return result(bound)
            if not refined:  # ``rest`` is that of the final costs: the chains below the plan can be followed
                self._tables = kept, costs, steps, rest
                return result(bound)

    @property
    def followable(self) -> bool:
        """Whether :meth:`chains_by_bound` goes through every chain that could beat the plan: the bound is below it
        and was not cut short."""
        return self._tables is not None

    def chains_by_bound(self) -> Iterator[tuple[float, dict[int, tuple[int, ...]]]]:
        """Every chain of kept states, the cheapest first: its bound (no later chain's is lower) and its states
        per centre id and boundary (0 above, 1 cut, 2 below).  Nothing unless :attr:`followable`; every plan
        outside the chains scores at least ``upper``.

        Lawler's partition: the chains that start with ``prefix`` and leave its next state out of ``excluded``
        have a best chain (the least cost over the prefix, into the next state, plus the least cost after it);
        once it is taken, the rest are those that leave it out at that boundary too, or follow it there and
        leave it at a later one."""
        if self._tables is None:
            return
        kept, costs, steps, rest = self._tables
        boundaries = self.chains.boundaries
        arrivals: dict[tuple[int, ...], np.ndarray] = {}  # a prefix: the least cost of it, per count below

        def arrival(prefix: tuple[int, ...]) -> np.ndarray:
            """``[s, j]`` at boundary ``len(prefix)``: the least cost of a chain through ``prefix`` into ``(s, j)``."""
            k = len(prefix)
            if not k:
                return costs[0]
            if prefix not in arrivals:
                before = np.full(costs[k - 1].shape, np.inf)
                before[prefix[-1]] = arrival(prefix[:-1])[prefix[-1]]
                arrivals[prefix] = steps[k].forward(before, len(costs[k])) + costs[k]
            return arrivals[prefix]

        heap: list = []
        order = itertools.count()  # ties: the chain found first

        def push(prefix: tuple[int, ...], excluded: frozenset[int]) -> None:
            total = arrival(prefix) + rest[len(prefix)]
            total[list(excluded)] = np.inf
            if total.size and np.isfinite(total.min()):
                s, j = np.unravel_index(np.argmin(total), total.shape)
                heapq.heappush(heap, (float(total[s, j]), next(order), prefix, excluded, int(s), int(j)))

        push((), frozenset())
        while heap:
            value, _tie, prefix, excluded, s, j = heapq.heappop(heap)
            chain = list(prefix) + [s]
            for k in range(len(prefix) + 1, boundaries):  # the cheapest way on from (s, j)
                s, j = steps[k].follow(s, self.chains.bounds(k - 1)[0] + j, costs[k] + rest[k], rest[k - 1][s, j])
                chain.append(s)
            yield value + self.chains.constant, self._per_centre(kept, chain)
            push(prefix, excluded | {chain[len(prefix)]})
            for k in range(len(prefix) + 1, boundaries):
                push(tuple(chain[:k]), frozenset({chain[k]}))

    def _per_centre(self, kept: list[_Kept], chain: list[int]) -> dict[int, tuple[int, ...]]:
        chains = self.chains
        states = {}
        for i, centre in enumerate(chains.centres):
            states[centre.id] = tuple(2 if (kept[k].below[s] | chains.pinned_in[k]) >> i & 1
                                      else int(kept[k].cut[s] >> i & 1) for k, s in enumerate(chain))
        return states


def lower_bound(chains: Chains, upper: float = math.inf, should_stop: Callable[[], bool] | None = None,
                deadline: float = math.inf) -> float:
    """As :func:`inventar.services.placement.state_bound.lower_bound`, over the states that could beat ``upper``:
    a proven lower bound on every plan, at most ``upper`` (``inf`` without a plan when ``upper`` is ``inf``; the
    cheap pass's bound when ``deadline`` passes before the first pass over the kept states)."""
    return Search(chains, upper, should_stop, deadline).value
