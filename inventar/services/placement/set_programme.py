"""Exact stacking over floor boundaries: a dynamic programme on sets of centres (numpy, no solver).

The score of :mod:`inventar.domain.placement` separates over the boundaries
between consecutive floors.  With ``P_c(k)`` the share of centre ``c`` on floors
up to boundary ``k``, boundary ``k`` costs

    gap_k · ( Σ_c a_c · (1 − P_c(k)) + Σ_pairs v_ab · |P_a(k) − P_b(k)| ) + w3 · #{c : 0 < P_c(k) < 1}

where ``a_c`` is the weighted contact term, ``v_ab`` the weighted matrix value and
``gap_k`` the level difference; a centre spanning floors ``j..l`` is fractional
at exactly ``l − j`` boundaries, its split count.

**Unsplit plans** (:func:`best_unsplit`): every ``P_c(k)`` is 0 or 1, so a plan
is a chain of sets ``S_0 ⊆ S_1 ⊆ …`` (the centres on or below each boundary)
and boundary ``k`` costs ``gap_k · g(S_k)`` with ``g(S) = Σ_{c∉S} a_c + cut(S)``.
The programme walks the floors in level order; a step adds the set of centres
that fill the next floor (within its capacity).  States are pruned with a
lower bound on the rest of the chain (the same chain without floor capacities,
a min over supersets) and an upper bound from a beam pass, so it stays exact.

**Every plan** (:func:`lower_bound`): for a plan with splits, rounding every
share at one threshold ``θ`` (``R_k = {c : P_c(k) ≥ θ}``) gives a chain of sets
whose cost, averaged over ``θ``, is exactly the plan's collaboration and
contact cost (the Lovász extension of ``g``).  So some chain costs no more.
That chain keeps the floor capacities except next to a boundary where ``q``
centres are fractional, and there its cumulative workplaces are off by less
than the ``q`` largest centres; the plan pays ``q · w3`` there.  The relaxed
programme over such chains is a lower bound on every plan, split or not: when
it reaches the unsplit optimum, that plan is proven optimal.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from inventar.domain.placement import PROOF_TOLERANCE, CentreSpec, Problem, Shares, Weights, average_size

MAX_CENTRES = 22  # 2^22 sets: 32 MB per array; the issue asks for up to 20
SEARCH_CENTRES = 16  # above this a bound evaluation takes seconds: no price search
BEAM = 400  # states per boundary in the pass that finds a first plan (an upper bound)
WIDE_BEAM = 10_000  # then a wider pass, pruned by the first plan: on 20 dense centres on 8 floors it found the exact
# pass's plan on two of three seeds in 1.4 s, and pruned by it the exact pass took 2.3-2.5 s instead of 5.5-16 s;
# 0-0.03 s more on 12-16 centres and 20 sparse ones
_EPS = 1e-7
_RANDOM_MOVES = 6
_FIRST_STEP = 0.5  # score points per workplace
_COUNTED = 3  # fractional centres counted member by member in the bound


class Stopped(Exception):  # noqa: N818 - a state, not a failure
    """The caller's ``should_stop`` returned True (the user pressed Annullér): everything ends."""


class _TimeUp(Exception):  # noqa: N818
    """The bound search's own time is over: only the search ends, with the bound it reached."""


def _until(deadline: float, should_stop: Callable[[], bool] | None) -> Callable[[], bool]:
    """A stop check for the passes: the caller's stop raises :class:`Stopped` (everything ends), ``deadline``
    (``time.perf_counter()``) raises :class:`_TimeUp` (only the pass that asked ends)."""

    def stop() -> bool:
        if should_stop and should_stop():
            raise Stopped
        if time.perf_counter() > deadline:
            raise _TimeUp
        return False

    return stop


def whole_pins(centres: list[CentreSpec], pins: dict[tuple[int, int], int]) -> dict[int, int] | None:
    """Centre id -> pinned floor when every pin fixes a whole centre, else None (a pin forces a split)."""
    result: dict[int, int] = {}
    size = {c.id: c.workplaces for c in centres}
    for (c, f), n in pins.items():
        if c not in size or n != size[c] or c in result:
            return None
        result[c] = f
    return result


def _set_min(values: np.ndarray, n: int, supersets: bool) -> np.ndarray:
    """Over the first axis (one row per set): the minimum over all subsets (or supersets) of each set's row."""
    if not np.isfinite(values).any():  # nothing reaches here (often, once pruned)
        return values
    result = values.copy()
    keep, take = (0, 1) if supersets else (1, 0)
    for i in range(n):
        view = result.reshape((-1, 2, 1 << i) + values.shape[1:])
        np.minimum(view[:, keep], view[:, take], out=view[:, keep])
    return result


def subset_min(values: np.ndarray, n: int) -> np.ndarray:
    """``M(S) = min over T ⊆ S of values(T)``, row-wise for 2-D tables."""
    return _set_min(values, n, supersets=False)


def superset_min(values: np.ndarray, n: int) -> np.ndarray:
    """``M(S) = min over T ⊇ S of values(T)``."""
    return _set_min(values, n, supersets=True)


@dataclass
class Chains:
    """The problem in set form: bit ``i`` of a mask is ``centres[i]``; arrays run over all masks."""

    problem: Problem
    centres: list[CentreSpec]
    weight: np.ndarray  # workplaces of the set
    cost: np.ndarray  # g(S)
    gaps: list[int]
    capacity: list[int]
    total: int
    constant: float  # the contact part every centre pays for the ground floor's level
    pinned_in: list[int]  # per boundary: centres pinned on or below it
    pinned_out: list[int]  # per boundary: centres pinned above it
    unpinned_sizes: list[int]  # workplaces of centres that may split, largest first
    split_weight: float
    sizes: np.ndarray  # workplaces per centre (bit order)
    free_mask: int  # the centres that may split (not pinned)

    @property
    def n(self) -> int:
        return len(self.centres)

    @property
    def boundaries(self) -> int:
        return len(self.capacity) - 1

    def bounds(self, k: int) -> tuple[int, int]:
        """The workplaces on or below boundary ``k`` in any plan: the floors above take the rest."""
        return self.total - sum(self.capacity[k + 1:]), sum(self.capacity[:k + 1])

    @cached_property
    def masks(self) -> np.ndarray:
        return np.arange(1 << self.n, dtype=np.int64)

    def pins_hold(self, k: int) -> np.ndarray:
        return ((self.masks & self.pinned_in[k]) == self.pinned_in[k]) & ((self.masks & self.pinned_out[k]) == 0)

    @cached_property
    def windows(self) -> list[np.ndarray]:
        """Per boundary ``k``: the sets that may lie on or below it (pins respected, within :meth:`bounds`)."""
        result = []
        for k in range(self.boundaries):
            low, high = self.bounds(k)
            result.append((self.weight >= low) & (self.weight <= high) & self.pins_hold(k))
        return result

    @cached_property
    def fractional_counts(self) -> list[np.ndarray]:
        """Per boundary: :func:`_fractional_count` of every set."""
        largest = _largest_sums(self, min(len(self.unpinned_sizes), _COUNTED))
        return [_fractional_count(self, k, largest) for k in range(self.boundaries)]

    def shares(self, chain: list[int]) -> Shares:
        """The plan of a chain ``S_0 ⊆ … ⊆ S_{m−2}``: each centre whole on the first floor whose set holds it."""
        floors = self.problem.floors
        result: Shares = {c.id: {} for c in self.problem.centres}
        full = (1 << self.n) - 1
        for i, centre in enumerate(self.centres):
            level = next((k for k, mask in enumerate(chain + [full]) if mask >> i & 1), len(floors) - 1)
            result[centre.id] = {floors[level].id: centre.workplaces}
        return result


def build(problem: Problem, weights: Weights, pinned: dict[int, int]) -> Chains:
    """The set tables of ``problem`` (centres with workplaces only); ``pinned`` maps centre id -> floor id."""
    centres = [c for c in problem.centres if c.workplaces > 0]
    n = len(centres)
    if n > MAX_CENTRES:
        raise ValueError(f"{n} centres: the set programme handles at most {MAX_CENTRES}")
    size = 1 << n
    floors = problem.floors
    average = average_size(problem)
    a = np.array([weights.contact * c.contact * c.workplaces / average for c in centres], dtype=float)
    w = np.array([c.workplaces for c in centres], dtype=np.int64)
    index = {c.id: i for i, c in enumerate(centres)}
    v = np.zeros((n, n))
    for x, y, value in problem.pairs():
        if x in index and y in index:
            v[index[x], index[y]] = v[index[y], index[x]] = weights.collaboration * value
    weight = np.zeros(size, dtype=np.int64)
    inside = np.zeros(size)  # Σ a over the set
    cut = np.zeros(size)
    degree = v.sum(axis=1)
    for i in range(n):
        low = 1 << i
        row = np.zeros(low)  # Σ_{j ∈ S} v_ij for the sets S of the lower bits
        for j in range(i):
            row[1 << j:2 << j] = row[:1 << j] + v[i, j]
        weight[low:2 * low] = weight[:low] + w[i]
        inside[low:2 * low] = inside[:low] + a[i]
        cut[low:2 * low] = cut[:low] + degree[i] - 2 * row
    position = {f.id: k for k, f in enumerate(floors)}
    pinned_in, pinned_out = [], []
    for k in range(len(floors) - 1):
        pinned_in.append(sum(1 << index[c] for c, f in pinned.items() if c in index and position[f] <= k))
        pinned_out.append(sum(1 << index[c] for c, f in pinned.items() if c in index and position[f] > k))
    free = sorted((c.workplaces for c in centres if c.id not in pinned), reverse=True)
    return Chains(problem=problem, centres=centres, weight=weight, cost=a.sum() - inside + cut,
                  gaps=[floors[k + 1].level - floors[k].level for k in range(len(floors) - 1)],
                  capacity=[f.capacity for f in floors], total=int(w.sum()),
                  constant=float(a.sum()) * floors[0].level if floors else 0.0,
                  pinned_in=pinned_in, pinned_out=pinned_out, unpinned_sizes=free,
                  split_weight=weights.split, sizes=w,
                  free_mask=sum(1 << i for i, c in enumerate(centres) if c.id not in pinned))


def _unsplit_pass(chains: Chains, to_go, upper: float, beam: int | None,
                  should_stop: Callable[[], bool] | None) -> tuple[float, list[int]] | None:
    """The best chain costing less than ``upper`` (exact), or with ``beam`` a good one quickly."""
    m1, n = chains.boundaries, chains.n
    weight, cost = chains.weight, chains.cost
    states = chains.masks[chains.windows[0] & (weight <= chains.capacity[0])]
    values = chains.gaps[0] * cost[states]
    history: list[tuple[np.ndarray, np.ndarray]] = []
    for k in range(1, m1):
        if should_stop and should_stop():
            raise Stopped
        keep = values + to_go[k - 1][states] < upper - _EPS
        states, values = states[keep], values[keep]
        if beam is not None and len(states) > beam:
            best_first = np.argsort(values + to_go[k - 1][states], kind="stable")[:beam]
            states, values = states[best_first], values[best_first]
        previous = np.full(1 << n, np.inf)
        previous[states] = values
        best, parent = _floor_step(chains, k, previous, should_stop)
        states = np.flatnonzero(chains.windows[k] & np.isfinite(best))
        values = best[states] + chains.gaps[k] * cost[states]
        history.append((states, parent[states]))
    final = (chains.total - weight[states] <= chains.capacity[-1]) & (values < upper - _EPS)
    if not final.any():
        return None
    pick = int(np.argmin(np.where(final, values, np.inf)))
    chain = [int(states[pick])]
    for reached, parents in reversed(history):
        chain.append(int(parents[np.searchsorted(reached, chain[-1])]))
    return float(values[pick]) + chains.constant, chain[::-1]


def best_unsplit(chains: Chains, upper: float = math.inf, should_stop: Callable[[], bool] | None = None,
                 deadline: float = math.inf) -> tuple[float, Shares] | None:
    """The best plan with every centre whole on one floor, if one costs less than ``upper``; past ``deadline``
    (``time.perf_counter()``), the best of the quick passes before it instead (beams of :data:`BEAM` and
    :data:`WIDE_BEAM` states a boundary)."""
    if chains.boundaries == 0:  # one floor
        if chains.total > chains.capacity[0]:
            return None
        return (chains.constant, chains.shares([])) if chains.constant < upper - _EPS else None
    to_go = rest_bound(chains, splits=False)
    quick = None
    for beam in (BEAM, WIDE_BEAM):  # the narrow beam's plan prunes the wide one, whose plan prunes the exact pass
        found = _unsplit_pass(chains, to_go, upper - chains.constant, beam, should_stop)
        if found is not None:
            quick, upper = found, found[0] + _EPS * 10  # the next pass must find it again (or better)
    try:
        exact = _unsplit_pass(chains, to_go, upper - chains.constant, None, _until(deadline, should_stop))
    except _TimeUp:
        exact = None
    found = exact or quick
    return (found[0], chains.shares(found[1])) if found else None


def _largest_sums(chains: Chains, most: int) -> list[np.ndarray]:
    """``[j][S]``: the workplaces of the ``j + 1`` largest centres in ``S`` that may split (all of them if fewer)."""
    masks = chains.masks
    order = sorted((i for i in range(chains.n) if chains.free_mask >> i & 1), key=lambda i: -chains.sizes[i])
    result = []
    for j in range(1, most + 1):
        taken = np.zeros(1 << chains.n, dtype=np.int64)
        total = np.zeros(1 << chains.n, dtype=np.int64)
        for i in order:
            take = (((masks >> i) & 1) == 1) & (taken < j)
            total += take * int(chains.sizes[i])
            taken += take
        result.append(total)
    return result


def _fractional_count(chains: Chains, k: int, largest: list[np.ndarray]) -> np.ndarray:
    """The fewest fractional centres ``q ≥ 1`` that let a rounded set sit at boundary ``k`` (inf: none can).

    With fractional centres ``Q``, the rounded set ``R`` holds more workplaces than
    the plan below the boundary by less than ``w(Q ∩ R)``, and fewer by less than
    ``w(Q ∖ R)``: a set above the boundary's bounds needs split centres among its
    members to explain the excess, one below them among the others; pinned centres
    never split.
    """
    low, high = chains.bounds(k)
    masks = chains.masks
    excess = chains.weight - high  # > 0: members must cover it
    deficit = low - chains.weight  # > 0: the others must cover it
    full = (1 << chains.n) - 1
    # beyond the members counted one by one: the largest centres of all (a weaker, still valid count)
    reach = np.cumsum(chains.unpinned_sizes) - 1
    shift = np.maximum(np.maximum(excess, deficit), 0)
    if not len(reach):
        return np.full(1 << chains.n, np.inf)
    q = np.maximum(np.searchsorted(reach, shift) + 1.0, len(largest) + 1.0)
    q[shift > reach[-1]] = np.inf
    for j in range(len(largest), 0, -1):
        inside, outside = largest[j - 1], largest[j - 1][full ^ masks]
        covered = np.where(excess > 0, inside - 1 >= excess, np.where(deficit > 0, outside - 1 >= deficit, True))
        covered &= (inside + outside) >= 1  # at least one centre can split at all
        q = np.where(covered, float(j), q)
    return np.where(chains.pins_hold(k), q, np.inf)


def _paid(q: np.ndarray, weight: float) -> np.ndarray:
    return np.where(np.isfinite(q), np.where(np.isfinite(q), q, 0.0) * weight, np.inf)


def _floor_step(chains: Chains, k: int, values: np.ndarray,
                should_stop: Callable[[], bool] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Whole sets on both sides of floor ``k``: per set, the value of its best predecessor within the floor's
    capacity (whose floors above can take the rest) and that predecessor (−1: none).  ``should_stop`` is asked
    between chunks (one step of 20 dense centres takes seconds)."""
    masks, weight = chains.masks, chains.weight
    best = np.full(1 << chains.n, np.inf)
    parent = np.full(1 << chains.n, -1, dtype=np.int64)
    states = np.flatnonzero(np.isfinite(values))
    if not len(states):
        return best, parent
    states = states[np.argsort(weight[states], kind="stable")]
    state_values, state_weight = values[states], weight[states]
    low = chains.bounds(k)[0]
    floors = masks[(weight <= chains.capacity[k]) & ((masks & chains.pinned_in[k - 1]) == 0)]
    least = low - weight[floors]  # per floor set: the lightest state it may join (the floors above take the rest)
    step = max(1, _AT_ONCE // len(states))
    for first in range(0, len(floors), step):  # the floor sets a chunk at a time, each chunk in one array
        if should_stop and should_stop():
            raise Stopped
        chunk = slice(first, first + step)
        target, value, source = _cheapest(floors[chunk], least[chunk], states, state_values, state_weight)
        better = value < best[target]  # an earlier chunk's equal value stays
        best[target[better]] = value[better]
        parent[target[better]] = source[better]
    return best, parent


_AT_ONCE = 1 << 14  # pairs of a floor set and a state that :func:`_floor_step` takes in one array.  The rounding
# bound's steps mostly start from 1-10 states (16 x 6 sparse plans: 619 floor sets), where the loop over the floor
# sets one by one spent its time in Python (10 ms a step); from 27,000 states chunks still beat the loop.  On the
# benchmark's 16 x 6 sparse plans (interleaved, same hour) 1.5 against 2.3-2.5 s median; 2^16 and 2^18 were slower


def _cheapest(floors: np.ndarray, least: np.ndarray, states: np.ndarray, state_values: np.ndarray,
              state_weight: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every set a floor set joined to a state (disjoint, at least ``least`` heavy) makes, once, with its cheapest
    value and that state; of equal values the first floor set's, then the lightest state's (a stable sort)."""
    if len(floors) == 1:  # from 16,384 states on, a chunk each (the rounding bound's steps on 16 x 6 sparse plans:
        # 12,000-27,000 states): each set it makes comes from one state, so there is nothing to sort (0.3 -> 0.08 ms)
        joins = ((states & floors[0]) == 0) & (state_weight >= least[0])
        return states[joins] | floors[0], state_values[joins], states[joins]
    pairs = ((floors[:, None] & states[None, :]) == 0) & (state_weight[None, :] >= least[:, None])
    floor_index, state_index = np.nonzero(pairs)  # floor set by floor set, the states in weight order
    target, value = floors[floor_index] | states[state_index], state_values[state_index]
    order = np.lexsort((value, target))
    target, value, source = target[order], value[order], states[state_index][order]
    first = np.ones(len(target), dtype=bool)
    first[1:] = target[1:] != target[:-1]
    return target[first], value[first], source[first]


def _penalties(chains: Chains, prices: list[float] | None = None) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Per boundary: what a rounded set pays with exactly one fractional centre, and with several.

    ``w3`` per fractional centre, plus the prices: ``prices[k]`` (one) and
    ``prices[boundaries + k]`` (several) per workplace the rounded set holds beyond
    the plan's (measured from the boundary's upper bound for a positive price, its
    lower bound for a negative one).  For any plan the offset averages to zero over
    the thresholds and the kind of boundary is the plan's own, so any prices keep
    the bound valid.
    """
    m1, n, w3 = chains.boundaries, chains.n, chains.split_weight
    one, many = [], []
    for k in range(m1):
        q = chains.fractional_counts[k]
        low, high = chains.bounds(k)
        shift = []
        for price in ((prices[k], prices[m1 + k]) if prices else (0.0, 0.0)):
            shift.append(price * (chains.weight - (high if price >= 0 else low)))
        one.append(np.where(q == 1, w3 + shift[0], np.inf))
        many.append(_paid(np.maximum(q, 2), w3) + shift[1] if len(chains.unpinned_sizes) > 1
                    else np.full(1 << n, np.inf))
    return one, many


def rest_bound(chains: Chains, penalties: tuple[list[np.ndarray], list[np.ndarray]] | None = None,
               splits: bool = True) -> list[np.ndarray]:
    """Per boundary ``k`` and set ``S`` there: a lower bound on the boundaries after ``k`` for any plan whose
    rounded set at ``k`` is ``S`` (nested sets, no floor capacities; fractional centres later at the
    ``penalties``, or none with ``splits=False``: then it bounds the unsplit plans)."""
    m1, n = chains.boundaries, chains.n
    if splits:
        one, many = penalties if penalties is not None else _penalties(chains)
    result = [np.zeros(1 << n)] * m1
    for k in range(m1 - 2, -1, -1):
        kinds = np.where(chains.windows[k + 1], 0.0, np.inf)
        if splits:
            kinds = np.minimum(kinds, np.minimum(one[k + 1], many[k + 1]))
        result[k] = superset_min(chains.gaps[k + 1] * chains.cost + result[k + 1] + kinds, n)
    return result


def unsplit_forward(chains: Chains, budget: float = math.inf, rest: list[np.ndarray] | None = None,
                    should_stop: Callable[[], bool] | None = None) -> list[np.ndarray]:
    """Per boundary: the cost of the best chain of whole sets (floor capacities kept) reaching each set.

    With ``budget`` and ``rest`` (a lower bound on the boundaries after each set) the sets that cannot end
    below the budget are left out: valid for bounds computed with the same ``rest``.
    """
    first = chains.windows[0] & (chains.weight <= chains.capacity[0])
    values = np.where(first, chains.gaps[0] * chains.cost, np.inf)
    result = [values]
    for k in range(1, chains.boundaries):
        if should_stop and should_stop():
            raise Stopped
        if rest is not None:
            values = np.where(values + rest[k - 1] < budget - _EPS, values, np.inf)
        step = _floor_step(chains, k, values, should_stop)[0]
        values = np.where(chains.windows[k], step + chains.gaps[k] * chains.cost, np.inf)
        result.append(values)
    return result


def lower_bound(chains: Chains, upper: float = math.inf, should_stop: Callable[[], bool] | None = None,
                prices: list[float] | None = None,
                forward: list[np.ndarray] | None = None) -> tuple[float, float]:
    """Proven lower bounds, capped at ``upper``: on every plan, and on every plan where a boundary cuts two centres.

    The second covers what :func:`inventar.services.placement.split_programme.best_one_cut`
    does not.  States per boundary: the rounded set is the plan's set (no fractional
    centre; floor capacities hold), or one centre is fractional, or several are
    (paid by :func:`_fractional_count`; the floors on both sides are not checked);
    a flag records whether the chain so far had a boundary with several.  ``prices``
    (two per boundary, see :func:`_penalties`) charge the rounded set's workplaces
    beyond the plan's: their average over the thresholds is zero, so every price
    gives a valid bound and :func:`search_bound` looks for good ones.  ``forward`` is :func:`unsplit_forward`,
    reused between calls.
    """
    if chains.boundaries == 0:
        return min(upper, chains.constant), upper
    m1, n = chains.boundaries, chains.n
    weight, cost, _w3 = chains.weight, chains.cost, chains.split_weight
    budget = upper - chains.constant
    inf = np.full(1 << n, np.inf)
    forward = forward if forward is not None else unsplit_forward(chains)
    windows = chains.windows
    one, many = _penalties(chains, prices)
    to_go = rest_bound(chains, (one, many))
    here = chains.gaps[0] * cost
    # whole states: the chains of whole sets alone (``forward``), those that passed a boundary with one
    # fractional centre, and those that passed one with several
    rejoined, outside_whole = inf, inf
    single = [here + one[0], inf]
    several = here + many[0]
    for k in range(1, m1):
        if should_stop and should_stop():
            raise Stopped

        def pruned(v: np.ndarray, k: int = k) -> np.ndarray:
            return np.where(v + to_go[k - 1] < budget - _EPS, v, np.inf)

        base = pruned(forward[k - 1])
        rejoined, outside_whole, several = pruned(rejoined), pruned(outside_whole), pruned(several)
        single = [pruned(v) for v in single]
        below = [subset_min(np.minimum(base, rejoined), n), subset_min(outside_whole, n)]
        single_below = [subset_min(v, n) for v in single]
        several_below = subset_min(several, n)
        cut_below = np.minimum(np.minimum(single_below[0], single_below[1]), several_below)
        here = chains.gaps[k] * cost
        # next to a fractional boundary the floor is not checked
        rejoined = np.where(windows[k], np.minimum(_floor_step(chains, k, rejoined, should_stop)[0], single_below[0])
                            + here, np.inf)
        outside_whole = np.where(windows[k], np.minimum(_floor_step(chains, k, outside_whole, should_stop)[0],
                                                        np.minimum(single_below[1], several_below)) + here, np.inf)
        single = [np.minimum(below[0], single_below[0]) + here + one[k],
                  np.minimum(np.minimum(below[1], single_below[1]), several_below) + here + one[k]]
        several = np.minimum(np.minimum(below[0], below[1]), cut_below) + here + many[k]
    fits_top = chains.total - weight <= chains.capacity[-1]
    ends = [np.where(fits_top, v, np.inf).min() for v in (np.minimum(forward[-1], rejoined), outside_whole)]
    ends += [v.min() for v in single] + [several.min()]
    every = min(ends) + chains.constant
    outside = min(ends[1], ends[3], ends[4]) + chains.constant
    return min(upper, every), min(upper, outside)


def search_bound(chains: Chains, best: float, one_cut: bool, seconds: float,
                 should_stop: Callable[[], bool] | None = None,
                 give_up: Callable[[float], bool] | None = None) -> float:
    """The best proven bound found within ``seconds``: on every plan, or (``one_cut``) on the plans where
    a boundary cuts two centres, raised by coordinate ascent over the prices; stops once it reaches ``best``.

    ``give_up`` is asked between steps with the gap left (a share of ``best``); True ends the search early
    with the bound reached so far.
    """
    if chains.boundaries == 0:  # one floor: no plan splits, and the only plan is the one found
        return lower_bound(chains, best)[1 if one_cut else 0]
    deadline = time.perf_counter() + seconds
    pick = 1 if one_cut else 0
    prices = [0.0] * (2 * chains.boundaries)  # one fractional centre, several: per boundary
    stop = _until(deadline, should_stop)

    if chains.n > SEARCH_CENTRES:  # every evaluation takes seconds: one, without prices, pruned
        budget = best - chains.constant
        try:
            forward = unsplit_forward(chains, budget, rest_bound(chains), stop)
            return lower_bound(chains, best, stop, prices, forward)[pick]
        except _TimeUp:
            return -math.inf
    forward = unsplit_forward(chains, should_stop=should_stop)
    try:
        current = lower_bound(chains, best, stop, prices, forward)[pick]
    except _TimeUp:
        return -math.inf
    rng = random.Random(0)  # the same search every run
    step = _FIRST_STEP

    def better(trial: list[float]) -> bool:
        nonlocal prices, current
        try:
            value = lower_bound(chains, best, stop, trial, forward)[pick]
        except _TimeUp:  # the deadline, within an evaluation (the caller's stop goes on up)
            return False
        if value > current + _EPS:
            prices, current = trial, value
            return True
        return False

    def hopeless() -> bool:
        return give_up is not None and best > 0 and give_up((best - current) / best)

    while current < best - PROOF_TOLERANCE and step >= 1 / 64 and time.perf_counter() < deadline and not hopeless():
        # one price at a time, then (at a kink) a few random directions before a finer step
        size = len(prices)
        moves = [[step * (j == k) * sign for j in range(size)] for k in range(size) for sign in (1, -1)]
        moves += [[step * rng.choice((-1, 0, 1)) for _ in range(size)] for _ in range(_RANDOM_MOVES)]
        for move in moves:
            if better([p + d for p, d in zip(prices, move)]):
                break
            if time.perf_counter() >= deadline:
                break
        else:
            step /= 2
    return current
