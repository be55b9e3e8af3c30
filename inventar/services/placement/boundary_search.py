"""The best plan boundary by boundary: one small MILP per floor boundary, tied together by a branch and bound.

The score separates over the boundaries between consecutive floors (the README's set programme, step 1):
with ``Q_c(k)`` the workplaces of centre ``c`` on or below boundary ``k`` and ``P = Q / w`` its share there,
boundary ``k`` costs ``gap_k · (w2 · Σ_pairs v_ab |P_a(k) − P_b(k)| − Σ_c a_c Q_c(k)) + w3 · #{c cut by k}``
(``a_c`` the centre's contact weight per workplace; the contact part is a constant plus those terms).  Only two
things tie the boundaries together: a centre's workplaces below rise from one boundary to the next (by its
workplaces on the floor between, within the floor's capacity or its pin), and each floor holds at most its
capacity (the workplaces below one boundary less those below the one beneath).

Without the ties each boundary is a MILP of its own with one integer per centre, which HiGHS solves in
0.01–0.1 s for ten centres, and the boundaries' optima together are a lower bound on every plan.  When they
rise and fit the floors, they are a plan, and it is optimal.  Otherwise a best-first branch and bound over
the ties splits the plans by one tie the boundaries' optima break (a centre's workplaces below boundary
``k`` at most ``m``, or below ``k + 1`` at least ``m + 1``; a floor's neighbouring totals likewise), and
each child solves again only the boundary it changed.  The first node whose optima keep every tie is the
best plan.

With splits weighing nothing (issue 18's 4/1/0 family: the best plans cut nearly every centre at every
boundary, and what is left of the score is how the shares round to whole workplaces) the boundaries' optima
together lie within 1 % of the optimum and mostly on it: the family's plans are proven in 0.2–0.6 s, where
HiGHS on the whole model needs 0.6–3.2 s (its LP bound is some 30 % below: every pair's rounding is
relaxed at every boundary at once), and tight 16 × 6 plans in 2–6 s, which HiGHS does not prove in 20 s.
With a split weight a boundary's optimum ignores which centres the others cut, so the bound lies further below
(10–30 % on 8 × 4 plans at 1/2/10) and the tree grows: the set programme comes first there, and the search runs
only when the programme cannot prove its plan, for up to 12 centres (:func:`fits`).  Issue 18's 10 × 5 loose
family at weights 4/1/0.5: 0.9–2.4 s to a proof on three seeds, where HiGHS took 3.4–6.5 s or did not prove it
in 10 s; the demo building at split weights 0.5–2: 1.8–2.3 s instead of 2.4–2.5 s.
"""

from __future__ import annotations

import heapq
import itertools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import highspy

from inventar.domain.placement import PROOF_TOLERANCE, Problem, Shares, Weights, average_size, score
from inventar.services.placement.highs_model import Pins, add_cut, add_distance, new_highs

MAX_CENTRES = 16  # a boundary of 16 centres solves in 0.2–0.5 s; of 20 (on 8 floors) not in minutes
MAX_SPLIT_CENTRES = 12  # with a split weight: 16 centres took 0.2–5 s a boundary (issue 18's dense 16 × 6 plans)
MAX_BOUND_CENTRES = 16  # up to here :func:`root_bound` (the boundaries' optima alone) when the search does not fit


def fits(problem: Problem, weights: Weights) -> bool:
    """Whether the boundary search may prove a plan in time: two floors or more, at most :data:`MAX_CENTRES`
    centres when splits weigh nothing, else :data:`MAX_SPLIT_CENTRES`."""
    return _boundaries_up_to(problem, MAX_SPLIT_CENTRES if weights.split else MAX_CENTRES)


def root_fits(problem: Problem) -> bool:
    """Whether :func:`root_bound` may bound the plans in time: two floors or more, at most
    :data:`MAX_BOUND_CENTRES` centres."""
    return _boundaries_up_to(problem, MAX_BOUND_CENTRES)


def _boundaries_up_to(problem: Problem, most: int) -> bool:
    centres = [c for c in problem.centres if c.workplaces > 0]
    return len(problem.floors) >= 2 and 0 < len(centres) <= most


@dataclass
class Outcome:
    bound: float  # proven lower bound on every plan (the plan's score when it is proven optimal)
    shares: Shares | None  # the best plan the search found below the plan it was given (None when none)
    nodes: int  # branch and bound nodes expanded

    def proves(self, total: float) -> bool:
        """Whether a plan scoring ``total`` is optimal by this bound."""
        return self.bound >= total - PROOF_TOLERANCE


@dataclass
class _Limits:
    """What a node allows: per boundary the least and most workplaces below of each centre and of all centres."""

    low: list[dict[int, int]]
    high: list[dict[int, int]]
    fewest: list[int]
    most: list[int]

    def tightened(self, boundary: int, kind: str, centre: int | None, value: int) -> _Limits:
        """A copy with one more limit at ``boundary`` (the other boundaries' limits are shared, not copied)."""
        low, high, fewest, most = list(self.low), list(self.high), list(self.fewest), list(self.most)
        if kind == "low":
            low[boundary] = {**low[boundary], centre: max(low[boundary][centre], value)}
        elif kind == "high":
            high[boundary] = {**high[boundary], centre: min(high[boundary][centre], value)}
        elif kind == "fewest":
            fewest[boundary] = max(fewest[boundary], value)
        else:
            most[boundary] = min(most[boundary], value)
        return _Limits(low, high, fewest, most)


@dataclass(order=True)
class _Node:
    value: float
    order: int
    limits: _Limits = field(compare=False)
    optima: list[tuple[float, dict[int, int]]] = field(compare=False)  # per boundary its cost and workplaces below


class _Boundary:
    """One boundary's MILP: the workplaces below of each centre (integers), ``d ≥ |P_a − P_b|`` per pair, a
    binary per centre cut by it when splits weigh something; :meth:`solve` under a node's limits."""

    def __init__(self, problem: Problem, weights: Weights, k: int, centres: list) -> None:
        self.h = h = new_highs()
        self._should_stop: Callable[[], bool] = lambda: False

        def interrupt(event) -> None:
            if self._should_stop():
                event.interrupt()

        h.cbMipInterrupt += interrupt
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 1e-7)
        floors = problem.floors
        gap = floors[k + 1].level - floors[k].level
        average = average_size(problem)
        self.below = {c.id: h.addIntegral(lb=0, ub=c.workplaces, name=f"q_{c.id}") for c in centres}
        self.total_row = h.getNumRow()
        h.addConstr(sum(self.below.values()) >= 0)  # the node's fewest and most workplaces below, set at the solve
        objective = [-weights.contact * c.contact * gap / average * self.below[c.id] for c in centres
                     if c.contact and weights.contact]
        for c in centres if weights.split else ():
            _whole, cut = add_cut(h, self.below[c.id], c.workplaces, str(c.id))
            objective.append(weights.split * cut)
        sizes = {c.id: c.workplaces for c in centres}
        if weights.collaboration:
            for a, b, value in problem.pairs():
                if a in sizes and b in sizes and gap:
                    difference = self.below[a] * (1.0 / sizes[a]) - self.below[b] * (1.0 / sizes[b])
                    d = add_distance(h, difference, f"{a}_{b}")
                    objective.append(weights.collaboration * value * gap * d)
        if objective:
            h.setObjective(sum(objective), highspy.ObjSense.kMinimize)

    def solve(self, low: dict[int, int], high: dict[int, int], fewest: int, most: int, seconds: float,
              should_stop: Callable[[], bool]) -> tuple[float, dict[int, int] | None, bool]:
        """The boundary's least cost under the limits, its workplaces below, and whether that is proven (a run cut
        short gives HiGHS's bound and no workplaces; an infeasible one ``inf``)."""
        if any(low[c] > high[c] for c in low) or fewest > most:
            return math.inf, None, True
        h, self._should_stop = self.h, should_stop
        for c, var in self.below.items():
            h.changeColBounds(var.index, low[c], high[c])
        h.changeRowBounds(self.total_row, fewest, most)
        h.setOptionValue("time_limit", max(seconds, 0.01))
        h.run()
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return math.inf, None, True
        if status != highspy.HighsModelStatus.kOptimal:
            bound = h.getInfo().mip_dual_bound
            return (bound if math.isfinite(bound) else -math.inf), None, False
        values = h.getSolution().col_value
        return h.getInfo().objective_function_value, {c: round(values[v.index]) for c, v in self.below.items()}, True


class _Search:
    def __init__(self, problem: Problem, weights: Weights, pins: Pins) -> None:
        self.problem = problem
        floors = problem.floors
        self.centres = centres = [c for c in problem.centres if c.workplaces > 0]
        self.boundaries = range(len(floors) - 1)
        # per centre and floor the least and most workplaces there: its pin, or none up to the floor's capacity
        self.on_floor = {(c.id, k): (pins[c.id, f.id], pins[c.id, f.id]) if (c.id, f.id) in pins
                         else (0, min(c.workplaces, f.capacity)) for c in centres for k, f in enumerate(floors)}
        average = average_size(problem)
        self.constant = sum(weights.contact * c.contact * floors[-1].level * c.workplaces / average for c in centres)
        self.models = [_Boundary(problem, weights, k, centres) for k in self.boundaries]

    def root_limits(self) -> _Limits:
        floors, on_floor = self.problem.floors, self.on_floor
        total = sum(c.workplaces for c in self.centres)
        low, high, fewest, most = [], [], [], []
        for k in self.boundaries:
            low.append({c.id: max(sum(on_floor[c.id, j][0] for j in range(k + 1)),
                                  c.workplaces - sum(on_floor[c.id, j][1] for j in range(k + 1, len(floors))))
                        for c in self.centres})
            high.append({c.id: min(sum(on_floor[c.id, j][1] for j in range(k + 1)),
                                   c.workplaces - sum(on_floor[c.id, j][0] for j in range(k + 1, len(floors))))
                         for c in self.centres})
            fewest.append(max(total - sum(f.capacity for f in floors[k + 1:]), 0))
            most.append(min(sum(f.capacity for f in floors[:k + 1]), total))
        return _Limits(low, high, fewest, most)

    def solve(self, k: int, limits: _Limits, deadline: float,
              should_stop: Callable[[], bool]) -> tuple[float, dict[int, int] | None, bool]:
        return self.models[k].solve(limits.low[k], limits.high[k], limits.fewest[k], limits.most[k],
                                    deadline - time.perf_counter(), should_stop)

    def broken_tie(self, optima: list[tuple[float, dict[int, int]]]) -> list[tuple[int, str, int | None, int]] | None:
        """Two children that each exclude the boundaries' optima and together keep every plan: for the first
        centre whose workplaces on a floor between two boundaries fall outside its limits, or the first floor
        over its capacity; None when every tie holds (the optima are a plan)."""
        below = [q for _cost, q in optima]
        for k in range(len(below) - 1):
            floor = self.problem.floors[k + 1]
            for c in self.centres:
                a, b = below[k][c.id], below[k + 1][c.id]
                least, most = self.on_floor[c.id, k + 1]
                if b - a < least:  # Q_k ≤ m, or else Q_{k+1} ≥ Q_k + least ≥ m + 1 + least; m in [b − least, a − 1]
                    m = (a - 1 + b - least) // 2
                    return [(k, "high", c.id, m), (k + 1, "low", c.id, m + 1 + least)]
                if b - a > most:  # Q_k ≥ m + 1, or else Q_{k+1} ≤ m + most; m in [a, b − most − 1]
                    m = (a + b - most - 1) // 2
                    return [(k, "low", c.id, m + 1), (k + 1, "high", c.id, m + most)]
            lower, upper = sum(below[k].values()), sum(below[k + 1].values())
            if upper - lower > floor.capacity:  # all below k ≥ s + 1, or else all below k + 1 ≤ s + capacity
                s = (lower + upper - floor.capacity - 1) // 2
                return [(k, "fewest", None, s + 1), (k + 1, "most", None, s + floor.capacity)]
        return None

    def plan(self, optima: list[tuple[float, dict[int, int]]]) -> Shares:
        floors = self.problem.floors
        shares: Shares = {c.id: {} for c in self.problem.centres}
        for c in self.centres:
            before = 0
            for k, floor in enumerate(floors):
                below = optima[k][1][c.id] if k < len(optima) else c.workplaces
                if below > before:
                    shares[c.id][floor.id] = below - before
                before = below
        return shares


def root_bound(problem: Problem, weights: Weights, pins: Pins, deadline: float,
               should_stop: Callable[[], bool] | None = None) -> float:
    """The boundaries' optima together, with no search: a lower bound on every plan (``-inf`` when a boundary
    got no bound by ``deadline``).  On issue 18's dense tight 16 × 6 plans at weights 1/2/10 it lies 12–22 %
    below the best plans known, where the set programme's rounding bound and HiGHS's lie 35–65 % below."""
    state = _Search(problem, weights, pins)
    optima = _root(state, state.root_limits(), deadline, should_stop or (lambda: False))
    return state.constant + sum(cost for cost, _below in optima)


def _root(state: _Search, limits: _Limits, deadline: float,
          stop: Callable[[], bool]) -> list[tuple[float, dict[int, int] | None]]:
    """Every boundary's optimum under the root's limits, each first given an equal share of the time left, then
    the ones cut short again with all that is left (16 centres with a split weight: 0.2–5 s a boundary, the
    middle ones longest).  A boundary still cut short keeps HiGHS's bound and no workplaces (``inf`` with no
    workplaces: no plan keeps the limits)."""
    optima: list[tuple[float, dict[int, int] | None]] = []
    boundaries = list(state.boundaries)
    for i, k in enumerate(boundaries):
        share = time.perf_counter() + (deadline - time.perf_counter()) / (len(boundaries) - i)
        cost, below, _proven = state.solve(k, limits, min(share, deadline), stop)
        optima.append((cost, below))
    for k in boundaries:
        cost, below = optima[k]
        if below is None and cost != math.inf and not stop() and time.perf_counter() < deadline:
            again, below, _proven = state.solve(k, limits, deadline, stop)
            optima[k] = (max(cost, again), below)
    return optima


def search(problem: Problem, weights: Weights, pins: Pins, deadline: float,
           should_stop: Callable[[], bool] | None = None, best: float = math.inf) -> Outcome:
    """The best plan scoring less than ``best`` (the plan the caller has), or the proof that none does, by the
    branch and bound above; cut short by ``deadline`` or ``should_stop``, the bound proven so far."""
    stop = should_stop or (lambda: False)
    state = _Search(problem, weights, pins)
    counter = itertools.count()
    limits = state.root_limits()
    optima = _root(state, limits, deadline, stop)
    exact = all(below is not None for _cost, below in optima)
    root = state.constant + sum(cost for cost, _below in optima)
    if not exact or math.isinf(root):  # cut short (a bound only), or no plan within the limits at all
        return Outcome(min(root, best), None, 0)
    open_nodes = [_Node(root, next(counter), limits, optima)]
    plan, nodes = None, 0
    while open_nodes and open_nodes[0].value < best - PROOF_TOLERANCE:
        node = heapq.heappop(open_nodes)
        if stop() or time.perf_counter() > deadline:
            return Outcome(node.value, plan, nodes)
        nodes += 1
        children = state.broken_tie(node.optima)
        if children is None:  # every tie holds: the cheapest open node is a plan, so the best one
            shares = state.plan(node.optima)
            total = score(problem, shares, weights).total  # HiGHS's sum may lie up to its tolerance below
            if total < best - PROOF_TOLERANCE:
                plan, best = shares, total
            continue
        for k, kind, centre, value in children:
            child = node.limits.tightened(k, kind, centre, value)
            cost, below, proven = state.solve(k, child, deadline, stop)
            if not proven:
                return Outcome(node.value, plan, nodes)
            if below is None:  # no plan keeps this limit
                continue
            optima = [*node.optima[:k], (cost, below), *node.optima[k + 1:]]
            value_of_child = node.value - node.optima[k][0] + cost
            if value_of_child < best - PROOF_TOLERANCE:
                heapq.heappush(open_nodes, _Node(value_of_child, next(counter), child, optima))
    return Outcome(best, plan, nodes)  # no open node below the best plan (or the plan given): it is optimal
